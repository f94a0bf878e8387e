"""The core is pure: importing it (and answering) never imports telegram."""
import subprocess
import sys
from pathlib import Path


def test_the_core_does_not_import_telegram():
    code = ("import sys; from bot.core import Engine; from bot.state import ChatState; "
            "Engine.load().reply('is a cashier front office?', ChatState()); "
            "print(any(m == 'telegram' or m.startswith('telegram.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent,
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
