"""`python -m bot COMMAND`: see bot/cli.py."""

import os
import sys

from bot.cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:  # `python -m bot ask ... | head`: the reader stopped early, which is no error
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 0
raise SystemExit(code)
