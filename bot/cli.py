"""python -m bot run | chat | ask | parse | check-kb | eval — thin wrappers over the core."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from bot.knowledge.errors import KnowledgeErrors

TOKEN_VARIABLE, BASE_URL_VARIABLE = "TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL"
MAX_CHATS_VARIABLE = "OFFICEBOT_MAX_CHATS"  # how many chats' conversation state `run` keeps (least recent forgotten)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="officebot", description="Front, middle and back office roles, in Polish and English.")
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge directory (default: ./knowledge)")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the Telegram bot (long polling); needs TELEGRAM_BOT_TOKEN")
    chat = commands.add_parser("chat", help="talk to the bot in this terminal (default)")
    chat.add_argument("--lang", default=None, help="language before the first message: en or pl")
    ask = commands.add_parser("ask", help="print the reply the bot would send to TEXT, and its buttons")
    ask.add_argument("text", nargs="+")
    ask.add_argument("--lang", default=None, help="the user's Telegram language, used when TEXT does not tell")
    parse = commands.add_parser("parse", help="print the understanding of TEXT as JSON (stdin: JSON lines)")
    parse.add_argument("text", nargs="*")
    check = commands.add_parser("check-kb", help="validate a knowledge directory")
    check.add_argument("directory", nargs="?", type=Path, default=None)
    evaluate = commands.add_parser("eval", help="score understanding on a labelled JSONL set")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true", help="machine-readable report")
    evaluate.add_argument("--sweep", action="store_true", help="try a range of fallback thresholds")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "chat"
    try:
        if command == "run":
            return _run(args)
        if command == "check-kb":
            return _check_kb(args.directory or args.knowledge)
        from bot.core import Engine
        engine = Engine.load(args.knowledge)
        if command == "chat":
            from bot.console import chat
            return chat(engine, sys.stdin, sys.stdout, lang=args.lang)
        if command == "ask":
            return _ask(engine, " ".join(args.text), args.lang)
        if command == "parse":
            return _parse(engine, args.text)
        if command == "eval":
            return _eval(engine, args)
    except KnowledgeErrors as errors:
        print(errors, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 2


def _run(args: argparse.Namespace) -> int:
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        print(f"error: {TOKEN_VARIABLE} is not set; to try the bot without Telegram run: python -m bot chat",
              file=sys.stderr)
        return 2
    max_chats = os.environ.get(MAX_CHATS_VARIABLE, "").strip()
    if max_chats and not (max_chats.isdigit() and int(max_chats) >= 1):
        print(f"error: {MAX_CHATS_VARIABLE} must be a whole number of chats, at least 1, not {max_chats!r}",
              file=sys.stderr)
        return 2
    from bot.storage.memory import DEFAULT_MAX_CHATS
    from bot.telegram.app import run_polling
    run_polling(token, os.environ.get(BASE_URL_VARIABLE) or None, knowledge_dir=args.knowledge,
                max_chats=int(max_chats) if max_chats else DEFAULT_MAX_CHATS)
    return 0


def _check_kb(directory: Path | None) -> int:
    from bot.knowledge.loader import load_knowledge
    from bot.knowledge.model import INTENTS
    try:
        kb = load_knowledge(directory)
    except KnowledgeErrors as errors:
        for error in errors.errors:
            print(error)
        print(f"{len(errors.errors)} problem(s)", file=sys.stderr)
        return 1
    intents = [name for name in kb.intents if name in INTENTS]
    print(f"ok: {len(kb.roles)} roles, {len(kb.office_types)} office types, {len(intents)} intents")
    return 0


def _ask(engine, text: str, lang: str | None) -> int:
    from bot.console import render
    from bot.state import ChatState
    print(render(engine.reply(text, ChatState(), lang)))
    return 0


def _parse(engine, words: list[str]) -> int:
    from bot.state import ChatState
    if words:
        print(json.dumps(engine.understand(" ".join(words), ChatState()).public(), ensure_ascii=False))
        return 0
    for line in sys.stdin:
        if not line.strip():
            continue
        text, context = _parse_line(line)
        state = ChatState()
        for earlier in context:
            engine.understand(earlier, state)
        print(json.dumps(engine.understand(text, state).public(), ensure_ascii=False), flush=True)
    return 0


def _parse_line(line: str) -> tuple[str, list[str]]:
    """A JSON object {"text", "context"} or a plain line of text."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        return line.rstrip("\n"), []
    if isinstance(item, dict):
        return str(item.get("text", "")), [str(c) for c in item.get("context") or []]
    return line.rstrip("\n"), []


def _eval(engine, args: argparse.Namespace) -> int:
    from bot.evaluation import evaluate, read_items, sweep
    from bot.state import ChatState

    def understand(text: str, context: list[str]):
        state = ChatState()
        for earlier in context:
            engine.understand(earlier, state)
        return engine.understand(text, state)

    items = read_items(args.file)
    if args.sweep:
        print(sweep(items, engine, understand, as_json=args.json))
        return 0
    report = evaluate(items, understand)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else report.text())
    return 0
