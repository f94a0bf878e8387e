"""The conversation core: text in, understanding and an answer out. Imports nothing from telegram."""
from __future__ import annotations

from pathlib import Path

from bot.answers.compose import Composer
from bot.answers.flows import Flows
from bot.answers.inline import InlineCard, InlineSearch
from bot.answers.model import Answer, Block
from bot.knowledge.loader import DEFAULT_DIR, load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.nlu.reader import Reader
from bot.nlu.understanding import Understanding
from bot.state import ChatState


COMMANDS = ("start", "help", "roles", "lang")


class Engine:
    """One loaded knowledge base plus the matcher built over it; shared by all chats."""

    def __init__(self, kb: KnowledgeBase, knowledge_dir: Path | None = None) -> None:
        self.kb = kb
        self.reader = Reader(kb, knowledge_dir)
        self.composer = Composer(kb)
        self.flows = Flows(kb, self.composer, self.reader)
        self.inline_search = InlineSearch(kb, self.reader, self.flows.browser)

    @classmethod
    def load(cls, knowledge_dir: Path | None = None) -> "Engine":
        directory = Path(knowledge_dir) if knowledge_dir else DEFAULT_DIR
        return cls(load_knowledge(directory), directory)

    def understand(self, text: str, state: ChatState, user_lang: str | None = None) -> Understanding:
        """Read one message in this chat and remember what it was about (for follow-ups)."""
        understanding = self.reader.understand(text, state, user_lang)
        self.reader.remember(understanding, text, state)
        return understanding

    def reply(self, text: str, state: ChatState, user_lang: str | None = None) -> Answer:
        """Answer one user message; updates `state` (language, last role/office type, history)."""
        return self.answer(self.understand(text, state, user_lang), text)

    def answer(self, understanding: Understanding, text: str) -> Answer:
        """The answer to a message already understood (adapters that also record the understanding)."""
        return self.composer.answer(understanding, text)

    def press(self, command: str, state: ChatState, user_lang: str | None = None) -> Answer:
        """Answer a tapped button (Action.command); unknown or stale commands get a friendly menu."""
        if command.startswith("example:"):
            text = self.composer.example_text(command.partition(":")[2])
            if text:
                return self.reply(text, state, user_lang)
        lang = self._lang(state, user_lang)
        return self.flows.press(command, state, lang) or self.composer.press(command, state, lang)

    def start(self, state: ChatState, user_lang: str | None = None, payload: str = "") -> Answer:
        """Greeting with example questions to tap; a deep link's payload ("role-bookkeeper") opens what it names."""
        lang = self._lang(state, user_lang)
        if not payload:
            return self.composer.greeting(lang)
        opened = self.flows.deep_link(payload, state, lang)
        if opened:
            return opened
        greeting = self.composer.greeting(lang)
        note = Block("text", self.kb.text("deep_link_unknown", lang))
        return Answer((note, *greeting.blocks), greeting.actions, lang)

    def help(self, state: ChatState, user_lang: str | None = None) -> Answer:
        return self.composer.help(self._lang(state, user_lang))

    def roles(self, state: ChatState, user_lang: str | None = None) -> Answer:
        """The office types and their roles, as a browsable menu."""
        return self.flows.browser.menu(self._lang(state, user_lang))

    def lang(self, state: ChatState, user_lang: str | None = None, code: str = "") -> Answer:
        """/lang: buttons to choose the chat's language; "/lang pl" switches at once."""
        return self.flows.set_lang(code.strip().lower(), state) or self.flows.lang_menu(self._lang(state, user_lang))

    def inline(self, query: str, user_lang: str | None = None) -> list[InlineCard]:
        """Role cards for an inline query, in the query's language (else the user's)."""
        return self.inline_search.search(query, self._lang(ChatState(), user_lang))

    def commands(self, lang: str) -> list[tuple[str, str]]:
        """(command, description) pairs for a command menu, from the same UI strings as /help."""
        return [(name, self.kb.text(f"command_{name}", lang)) for name in COMMANDS]

    def non_text(self, state: ChatState, user_lang: str | None = None) -> Answer:
        """The reply to a sticker, photo or voice message: only text is understood, with examples to tap."""
        return self.composer.non_text(self._lang(state, user_lang))

    def ui(self, key: str, lang: str | None) -> str:
        """An interface string (e.g. the error message adapters show when something breaks)."""
        return self.kb.text(key, lang if lang in ("en", "pl") else "en")

    @staticmethod
    def _lang(state: ChatState, user_lang: str | None) -> str:
        if state.lang:
            return state.lang
        short = (user_lang or "")[:2].lower()
        return short if short in ("en", "pl") else "en"
