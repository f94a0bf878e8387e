"""The bot in service, driven offline: the per-user limit, admin-only /stats, /unanswered and /reload.

Tests that change the knowledge base work on a temporary copy of knowledge/, never on the repository's files.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.core import Engine
from bot.knowledge.loader import DEFAULT_DIR
from bot.storage.memory import MemoryQuestionLog
from bot.telegram.admin import CALLBACK_PREFIX, publish_admin_menus
from bot.telegram.app import build_application
from bot.telegram.handlers import ENGINE_KEY
from bot.telegram.limits import UserRateLimit
from bot.telegram.operations import install_operations
from fake_bot_api import FakeBotApi, callback_update
from test_telegram_handlers import CHAT_ID, Harness, buttons, started

ADMIN, USER = CHAT_ID, 5151  # Harness.tap() taps as CHAT_ID: the admin
LIMIT, WINDOW = 5, 10.0


class Clock:
    """A clock the test moves by hand, so the limit is tested without waiting."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, copy)
    return copy


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest_asyncio.fixture
async def service(fake_api: FakeBotApi, knowledge: Path, clock: Clock) -> AsyncIterator[Harness]:
    """The Application as `run` wires it: question log, a limit of 5 messages in 10 s, one admin."""
    app = build_application(fake_api.token, Engine.load(knowledge), base_url=fake_api.base_url)
    log = MemoryQuestionLog()
    install_operations(
        app,
        log,
        admin_ids=[ADMIN],
        knowledge_dir=knowledge,
        salt=b"test",
        user_limit=UserRateLimit(LIMIT, WINDOW, clock),
    )
    async with started(Harness(app, fake_api)) as harness:
        yield harness
    assert not harness.errors


def texts(sent: list[dict]) -> str:
    return "\n".join(m["text"] for m in sent)


def engine_of(service: Harness) -> Engine:
    return service.app.bot_data[ENGINE_KEY]


# -- the per-user limit ------------------------------------------------------------------------------


@pytest.mark.slow  # answers paced at one a second per chat
async def test_a_burst_gets_one_slow_down_and_the_rest_is_dropped(service: Harness, clock: Clock) -> None:
    replies = [await service.text("skills of a cashier", chat_id=USER) for _ in range(LIMIT + 3)]
    assert all(replies[:LIMIT])
    assert texts(replies[LIMIT]) == engine_of(service).ui("slow_down", "en")
    assert replies[LIMIT + 1 :] == [[], []]  # dropped without an answer


@pytest.mark.slow  # answers paced at one a second per chat
async def test_the_limit_is_per_user_and_lifts_after_the_window(service: Harness, clock: Clock) -> None:
    for _ in range(LIMIT + 1):
        await service.text("skills of a cashier", chat_id=USER)
    assert await service.text("skills of a cashier", chat_id=ADMIN)  # another user is not slowed down
    clock.now += WINDOW
    assert "Skills checklist" in texts(await service.text("skills of a cashier", chat_id=USER))


def test_the_limiter_forgets_users_who_went_quiet(clock: Clock) -> None:
    limiter = UserRateLimit(LIMIT, WINDOW, clock)
    for user in range(2000):
        limiter.check(user)
    clock.now += WINDOW + 1
    for _ in range(1000):
        limiter.check(1)
    assert len(limiter) <= 1


# -- admin-only commands -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["/stats", "/unanswered", "/reload"])
async def test_admin_commands_give_everyone_else_the_normal_help(service: Harness, command: str) -> None:
    sent = await service.text(command, chat_id=USER)
    assert texts(sent) == texts(await service.text("/help", chat_id=USER))


async def test_stats_shows_admins_what_people_ask(service: Harness) -> None:
    await service.text("skills of a cashier", chat_id=USER)
    await service.text("skills of a cashier", chat_id=USER)
    await service.text("how do I fix my printer", chat_id=USER)
    [report] = await service.text("/stats", chat_id=ADMIN)
    kb = engine_of(service).kb
    assert report["text"].startswith(kb.text("report_title", "en", total=3, users=1))
    assert "   2 × skills of a cashier" in report["text"]
    assert report["text"].index("printer") > report["text"].index(kb.text("report_unanswered", "en"))
    assert str(USER) not in report["text"]


async def test_unanswered_lists_recent_fallbacks_with_buttons_that_fit(service: Harness) -> None:
    await service.text("is a zorblaxer back office?", chat_id=USER)
    await service.text("skills of a cashier", chat_id=USER)  # answered: not listed
    [listing] = await service.text("/unanswered", chat_id=ADMIN)
    assert "zorblaxer" in listing["text"] and "cashier" not in listing["text"]
    [pick] = buttons(listing)
    [choice] = await service.tap(pick["callback_data"], listing["message_id"])
    targets = [b["callback_data"] for b in buttons(choice)]
    kb = engine_of(service).kb
    assert len(targets) == len(kb.roles) + len(kb.intent_names)
    assert all(data.startswith(CALLBACK_PREFIX) and len(data.encode()) <= 64 for data in targets)


@pytest.mark.slow
async def test_attaching_a_fallback_as_a_role_alias_teaches_the_running_bot(service: Harness, knowledge: Path) -> None:
    await service.text("zorblaxer", chat_id=ADMIN)
    record = (await service.app.bot_data["questions"].recent(1))[0]
    old_engine = engine_of(service)
    before = (knowledge / "roles" / "bookkeeper.yaml").read_text()

    [done] = await service.tap(f"{CALLBACK_PREFIX}r:{record.id}:bookkeeper", message_id=1)
    assert "zorblaxer" in done["text"], done["text"]
    after = (knowledge / "roles" / "bookkeeper.yaml").read_text()
    assert after.splitlines()[:11] == before.splitlines()[:11]  # comments above the list kept as they were
    english = before.split("\n  en: [", 1)[1].split("]", 1)[0]  # the aliases as they were
    assert f"{english}, zorblaxer]" in after  # the new one added at the end
    assert engine_of(service) is not old_engine
    assert "Bookkeeper" in texts(await service.text("is a zorblaxer back office?", chat_id=USER))


async def test_a_change_that_breaks_the_knowledge_base_is_rejected_and_the_file_restored(
    service: Harness, knowledge: Path
) -> None:
    await service.text("kasjer", chat_id=ADMIN)  # already the cashier's alias: a second owner is invalid
    record = (await service.app.bot_data["questions"].recent(1))[0]
    path = knowledge / "roles" / "bookkeeper.yaml"
    before, engine = path.read_bytes(), engine_of(service)
    [refused] = await service.tap(f"{CALLBACK_PREFIX}r:{record.id}:bookkeeper", message_id=1)
    assert refused["text"].startswith(
        engine.kb.text("attach_failed", "pl", errors="").rstrip()
    )  # the chat is Polish now
    assert "kasjer" in refused["text"] and "alias" in refused["text"]
    assert path.read_bytes() == before
    assert engine_of(service) is engine


@pytest.mark.slow
async def test_attaching_to_an_intent_adds_an_example(service: Harness, knowledge: Path) -> None:
    await service.text("gimme the lowdown on zorblaxing", chat_id=ADMIN)
    record = (await service.app.bot_data["questions"].recent(1))[0]
    await service.tap(f"{CALLBACK_PREFIX}i:{record.id}:duties", message_id=1)
    assert "gimme the lowdown on zorblaxing" in engine_of(service).kb.intents["duties"].examples["en"]
    assert "gimme the lowdown on zorblaxing]" in (knowledge / "intents.yaml").read_text()


async def test_someone_else_cannot_press_an_admin_button(service: Harness, knowledge: Path) -> None:
    await service.text("zorblaxer", chat_id=USER)
    record = (await service.app.bot_data["questions"].recent(1))[0]
    before = (knowledge / "roles" / "bookkeeper.yaml").read_bytes()
    sent = await service.feed(_tap_as(USER, f"{CALLBACK_PREFIX}r:{record.id}:bookkeeper"))
    assert sent == []
    assert (knowledge / "roles" / "bookkeeper.yaml").read_bytes() == before


async def test_reload_puts_an_edited_knowledge_base_in_service(service: Harness, knowledge: Path) -> None:
    path = knowledge / "roles" / "cashier.yaml"
    path.write_text(path.read_text().replace("aliases:\n  en: [", "aliases:\n  en: [till wizard, ", 1))
    [done] = await service.text("/reload", chat_id=ADMIN)
    assert done["text"] == engine_of(service).kb.text(
        "reload_done", "en", roles=len(list((knowledge / "roles").glob("*.yaml")))
    )
    assert "Cashier" in texts(await service.text("is a till wizard front office?", chat_id=USER))


async def test_reload_keeps_the_old_knowledge_base_when_the_new_one_is_broken(
    service: Harness, knowledge: Path
) -> None:
    engine = engine_of(service)
    (knowledge / "roles" / "cashier.yaml").write_text("slug: cashier\noffice: [not, an, office\n")
    [refused] = await service.text("/reload", chat_id=ADMIN)
    assert refused["text"].startswith(engine.kb.text("reload_failed", "en", errors="").rstrip())
    assert "cashier.yaml" in refused["text"]
    assert engine_of(service) is engine
    assert "Cashier" in texts(await service.text("is a cashier front office?", chat_id=USER))


def _tap_as(user_id: int, data: str) -> dict:
    return callback_update(1, "q1", user_id, data, message_id=1)


async def test_admins_get_a_command_menu_with_the_admin_commands(service: Harness) -> None:
    await publish_admin_menus(service.app)
    menus = [params for method, params in service.server.calls if method == "setMyCommands"]
    assert {(m["scope"]["chat_id"], m.get("language_code")) for m in menus} == {
        (ADMIN, None),
        (ADMIN, "en"),
        (ADMIN, "pl"),
    }
    for menu in menus:
        names = [c["command"] for c in menu["commands"]]
        assert names[-3:] == ["stats", "unanswered", "reload"] and "help" in names
