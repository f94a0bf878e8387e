"""Property-based tests (hypothesis) of the core: whatever a person types, after whatever came before,
the understanding is well-formed and the reply fits Telegram (non-empty, <= 4096 characters a message,
valid HTML, callback data <= 64 bytes).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import Engine
from bot.knowledge.model import OFFICE_TYPES
from bot.nlu.understanding import Understanding
from bot.state import ChatState
from bot.telegram.render import MAX_CALLBACK_BYTES, MAX_MESSAGE_CHARS, render_keyboard, render_messages
from telegram_html import html_problems

DATA = Path(__file__).parent / "data"
CHECKS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _real_messages() -> list[str]:
    """Phrasings people wrote (tests/data), so generated chats also hit roles, follow-ups and typos."""
    texts = []
    for path in sorted(DATA.glob("*.jsonl"))[:4]:
        texts.extend(json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines())
    return texts


REAL = _real_messages()
WORDS = ["księgowa", "bookkeeper", "back", "front", "office", "a", "i", "czy", "to", "and", "skills?", "<b>", "&",
         "{role}", "%s", "${x}", "\u200b", "🙂", "אבג", "\u202e", "kasjer", "nie", "not", "/start", "pilot", "x" * 40]
messages = st.one_of(
    st.text(max_size=300),                                   # anything: control characters, surrogates excluded
    st.sampled_from(REAL),                                   # real questions
    st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),  # real words in odd orders
    st.builds(lambda a, b: a + b, st.sampled_from(REAL), st.text(max_size=40)),  # a real question, then noise
)
histories = st.lists(messages, max_size=4)
user_langs = st.sampled_from([None, "en", "pl", "pl-PL", "de", ""])


def assert_valid(u: Understanding, engine: Engine) -> None:
    roles, offices = engine.kb.roles, set(OFFICE_TYPES)
    assert u.intent in engine.kb.intent_names or (u.intent == "job_ad" and u.ad is not None)
    assert u.lang in ("en", "pl")
    assert 0.0 <= u.confidence <= 1.0
    assert u.role is None or u.role in roles
    assert u.category is None or u.category in offices or (u.category == "non-office" and u.occupation)
    assert u.occupation is None or (u.occupation in engine.kb.occupations and u.role is None)
    assert set(u.roles) <= set(roles) and set(u.suggestions) <= set(roles) and set(u.offices) <= offices


def assert_fits_telegram(answer) -> None:
    messages = render_messages(answer)
    assert messages and all(m.strip() for m in messages)
    for message in messages:
        assert len(message) <= MAX_MESSAGE_CHARS
        assert html_problems(message) == [], message
    keyboard = render_keyboard(answer.actions)  # raises if any callback data is over 64 bytes
    for row in keyboard.inline_keyboard if keyboard else ():
        for button in row:
            assert button.text.strip() and len(button.callback_data.encode()) <= MAX_CALLBACK_BYTES


@CHECKS
@given(text=messages, history=histories, lang=user_langs)
@pytest.mark.slow
def test_any_text_after_any_history_is_understood_validly(engine: Engine, text: str, history: list[str],
                                                          lang: str | None) -> None:
    state = ChatState()
    for earlier in history:
        engine.reply(earlier, state, lang)
    assert_valid(engine.understand(text, ChatState(**state.to_dict()), lang), engine)


@CHECKS
@given(text=messages, history=histories, lang=user_langs)
def test_any_text_gets_a_reply_that_fits_telegram(engine: Engine, text: str, history: list[str],
                                                  lang: str | None) -> None:
    state = ChatState()
    for earlier in history:
        engine.reply(earlier, state, lang)
    assert_fits_telegram(engine.reply(text, state, lang))


@CHECKS
@given(command=st.one_of(st.text(max_size=80), st.sampled_from(["card:cashier", "list:back-office", "example:pl9",
                                                                "duties:", "similar:nope", "compare", ":::"])))
def test_any_button_data_gets_a_reply_that_fits_telegram(engine: Engine, command: str) -> None:
    assert_fits_telegram(engine.press(command, ChatState(), "en"))


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_fixed_answers_fit_telegram(engine: Engine, lang: str) -> None:
    for answer in (engine.start(ChatState(), lang), engine.help(ChatState(), lang),
                   engine.roles(ChatState(), lang), engine.non_text(ChatState(), lang)):
        assert_fits_telegram(answer)
