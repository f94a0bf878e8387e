"""Pasted job ads: read into their parts (reader.py), the catalogue role behind them (role.py), the ad against
that role (match.py), and the ad check against Polish labour law (check.py)."""
