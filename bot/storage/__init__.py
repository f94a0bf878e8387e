"""Where per-chat conversation state and the question log live: SQLite (default), Redis (shared), or memory."""
