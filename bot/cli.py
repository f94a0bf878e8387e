"""python -m bot run | chat | ask | parse | check-kb | schema | eval | train | report — thin wrappers over the core."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.knowledge.errors import KnowledgeErrors

if TYPE_CHECKING:  # imported where used, so that each command loads only what it needs
    from bot.core import Engine
    from bot.nlu.understanding import Understanding
    from bot.questions import Record
    from bot.settings import Settings

TOKEN_VARIABLE, BASE_URL_VARIABLE = "TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="officebot", description="Front, middle and back office roles, in Polish and English."
    )
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge directory (default: ./knowledge)")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser(
        "run", help="run the Telegram bot (long polling, or a webhook with WEBHOOK_URL); needs TELEGRAM_BOT_TOKEN"
    )
    report = commands.add_parser("report", help="what people asked: top and unanswered questions, intents, languages")
    report.add_argument("--lang", default="en", choices=("en", "pl"), help="language of the headings")
    report.add_argument("--json", action="store_true", help="machine-readable report")
    chat = commands.add_parser("chat", help="talk to the bot in this terminal (default)")
    chat.add_argument("--lang", default=None, help="language before the first message: en or pl")
    ask = commands.add_parser(
        "ask",
        help="print the reply the bot would send to TEXT (- reads it from stdin: a pasted job ad), and its buttons",
    )
    ask.add_argument("text", nargs="+")
    ask.add_argument("--lang", default=None, help="the user's Telegram language, used when TEXT does not tell")
    parse = commands.add_parser("parse", help="print the understanding of TEXT as JSON (stdin: JSON lines)")
    parse.add_argument("text", nargs="*")
    check = commands.add_parser("check-kb", help="validate a knowledge directory")
    check.add_argument("directory", nargs="?", type=Path, default=None)
    schema = commands.add_parser(
        "schema", help="write the knowledge files' JSON schemas (for editors) to knowledge/schema/"
    )
    schema.add_argument("directory", nargs="?", type=Path, default=None, help="where to write them")
    schema.add_argument("--check", action="store_true", help="only say whether the written schemas are current")
    evaluate = commands.add_parser("eval", help="score understanding on a labelled JSONL set")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true", help="machine-readable report")
    evaluate.add_argument("--sweep", action="store_true", help="try a range of fallback thresholds")
    train = commands.add_parser("train", help="fit the intent model on tests/data/train.jsonl (needs the test extra)")
    train.add_argument("--check", action="store_true", help="only say whether knowledge/intent_model.zip is current")
    train.add_argument("--folds", type=int, default=5, help="folds for the out-of-fold report (0: skip it)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "chat"
    try:
        if command == "run":
            return _run(args)
        if command == "report":
            return _report(args)
        if command == "check-kb":
            return _check_kb(args.directory or args.knowledge)
        if command == "schema":
            return _schema(args)
        if command == "train":
            return _train(args)
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


def _settings() -> Settings:
    """The settings from the environment and .env; a bad value is a one-line error, not a traceback."""
    from pydantic import ValidationError

    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        print(f"error: invalid setting: {problems}", file=sys.stderr)
        raise SystemExit(2) from None


def _run(args: argparse.Namespace) -> int:
    settings = _settings()
    if not settings.token:
        print(
            f"error: {TOKEN_VARIABLE} is not set; to try the bot without Telegram run: python -m bot chat",
            file=sys.stderr,
        )
        return 2
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if settings.webhook_url and not _valid_secret(secret):
        print(
            "error: WEBHOOK_URL needs WEBHOOK_SECRET (1-256 characters of A-Z, a-z, 0-9, _ and -), "
            "so that only Telegram can post updates; e.g. WEBHOOK_SECRET=$(openssl rand -hex 32)",
            file=sys.stderr,
        )
        return 2
    from bot.telegram.serve import run

    run(settings, knowledge_dir=args.knowledge)
    return 0


def _valid_secret(secret: str) -> bool:
    from bot.telegram.webhook import SECRET_PATTERN  # imported only for a webhook bot: aiohttp.web is ~2 MB

    return bool(SECRET_PATTERN.fullmatch(secret))


def _report(args: argparse.Namespace) -> int:
    import asyncio

    from bot.knowledge.loader import load_knowledge
    from bot.questions import build_report
    from bot.storage.open import open_store

    settings = _settings()

    async def records() -> list[Record]:
        if not settings.redis_url and not settings.state_db.exists():
            return []  # nothing recorded yet; do not create an empty database just to say so
        store = open_store(settings)
        try:
            return await store.recent(settings.records_max)
        finally:
            await store.close()

    report = build_report(asyncio.run(records()))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.text(load_knowledge(args.knowledge), args.lang))
    return 0


def _check_kb(directory: Path | None) -> int:
    from bot.knowledge.errors import KnowledgeError
    from bot.knowledge.loader import load_knowledge

    warnings: list[KnowledgeError] = []
    try:
        kb = load_knowledge(directory, warnings=warnings)
    except KnowledgeErrors as errors:
        for error in errors.errors:
            print(error)
        print(f"{len(errors.errors)} problem(s)", file=sys.stderr)
        return 1
    finally:
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
    unit_groups = len({role.isco for role in kb.roles.values()})
    print(
        f"ok: {len(kb.roles)} roles in {unit_groups} ISCO unit groups, {len(kb.occupations)} non-office occupations, "
        f"{len(kb.skills)} skills, {len(kb.office_types)} office types, {len(kb.intent_names)} intents"
    )
    return 0


def _schema(args: argparse.Namespace) -> int:
    from bot.knowledge.json_schema import stale, write
    from bot.knowledge.loader import DEFAULT_DIR

    directory = args.directory or (args.knowledge or DEFAULT_DIR) / "schema"
    if args.check:
        out_of_date = stale(directory)
        for file in out_of_date:
            print(f"{directory / file}: out of date: run python -m bot schema", file=sys.stderr)
        return 1 if out_of_date else 0
    for path in write(directory):
        print(path)
    return 0


def _train(args: argparse.Namespace) -> int:
    from bot.knowledge.loader import DEFAULT_DIR, load_knowledge
    from bot.nlu.train import is_current, train

    directory = args.knowledge or DEFAULT_DIR
    if args.check:
        current = is_current(directory)
        print(
            "the intent model is current" if current else "the intent model is out of date: run python -m bot train",
            file=sys.stdout if current else sys.stderr,
        )
        return 0 if current else 1
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print('error: training needs scikit-learn: pip install -e ".[test]"', file=sys.stderr)
        return 2
    report = train(load_knowledge(directory), directory, folds=args.folds)
    print(f"fitted on {report['items']} messages, {report['features']} input columns -> {report['file']}")
    oof = report.get("out_of_fold")
    if oof:
        print(
            "out of fold, readings understood (suggestion ranking aside): "
            f"{oof['accuracy']:.3f} right ({oof['right']} right, {oof['wrong']} wrong); "
            f"AUROC of the calibrated confidence {oof['auroc']:.3f} "
            f"(of the intent's probability alone {oof['auroc_intent_probability']:.3f})"
        )
        print(f"{'fallback below':>15}{'wrong caught':>14}{'right lost':>12}")
        for row in oof["table"]:
            print(
                f"{row['threshold']:>15.2f}"
                f"{row['wrong_caught']:>9} ({row['wrong_caught'] / max(1, oof['wrong']):.0%})"
                f"{row['right_lost']:>7} ({row['right_lost'] / max(1, oof['right']):.1%})"
            )
    return 0


def _ask(engine: Engine, text: str, lang: str | None) -> int:
    from bot.console import render
    from bot.state import ChatState

    if text == "-":  # `python -m bot ask - < ad.txt`: a whole job ad, line breaks and all
        text = sys.stdin.read()
    print(render(engine.reply(text, ChatState(), lang)))
    return 0


def _parse(engine: Engine, words: list[str]) -> int:
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


def _eval(engine: Engine, args: argparse.Namespace) -> int:
    from bot.evaluation import evaluate, read_items, sweep, understand_in_chat

    def understand(text: str, context: list[str]) -> Understanding:
        return understand_in_chat(engine, text, *context)

    items = read_items(args.file)
    if args.sweep:
        print(sweep(items, engine, understand, as_json=args.json))
        return 0
    report = evaluate(items, understand)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else report.text())
    return 0
