"""The conversation core: text in, understanding and an answer out. Imports nothing from telegram.

Every adapter (Telegram, the console chat, the CLI) takes the same path: one call per turn (`handle` for a
message, `press` for a button, `start`/`help`/`roles`/`lang` for commands). The Engine is the one place that
writes a chat's state: the understanding stages and the answers only read it, and say what to remember.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.answers.compose import Composer
from bot.answers.flows import Flows
from bot.answers.inline import InlineCard, InlineSearch
from bot.answers.job_ad import VERB as AD_VERB
from bot.answers.model import Answer, Block
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.paths import DEFAULT_DIR
from bot.memory import StateKeeper, context_of
from bot.nlu import cache
from bot.nlu.pipeline import Pipeline
from bot.nlu.skill_match import SkillMatcher
from bot.nlu.understanding import Understanding
from bot.state import ChatState

COMMANDS = ("start", "help", "roles", "lang")


@dataclass(frozen=True)
class Turn:
    """One message's outcome: what the bot understood and what it answers."""

    understanding: Understanding
    answer: Answer


class Engine:
    """One loaded knowledge base plus the pipeline built over it; shared by all chats."""

    def __init__(self, kb: KnowledgeBase, knowledge_dir: Path | None = None) -> None:
        self.kb = kb
        self.pipeline = Pipeline.load(kb, knowledge_dir)
        self.keeper = StateKeeper(kb)  # the one writer of chat state
        matchers = self.pipeline.matchers
        skills = SkillMatcher(kb, matchers.lexicon, self.pipeline.entities.common, matchers.skills)
        self.composer = Composer(kb, skills)
        self.composer.check_answers()
        self.flows = Flows(kb, self.composer, skills)
        self.inline_search = InlineSearch(kb, self.pipeline, self.flows.browser)

    @classmethod
    def load(cls, knowledge_dir: Path | None = None) -> Engine:
        directory = Path(knowledge_dir) if knowledge_dir else DEFAULT_DIR

        def build() -> KnowledgeBase:  # only when a knowledge file changed: YAML and pydantic stay unimported
            from bot.knowledge.loader import load_knowledge

            return load_knowledge(directory)

        kb = cache.cached(directory, build, "knowledge", cache.KNOWLEDGE_SOURCE)
        return cls(kb, directory)

    # -- a message ------------------------------------------------------------------------------------------
    def handle(self, text: str, state: ChatState, user_lang: str | None = None) -> Turn:
        """Understand one message in this chat, answer it, and remember what it was about (for follow-ups)."""
        understanding = self.understand(text, state, user_lang)
        return Turn(understanding, self.composer.answer(understanding, text))

    def understand(self, text: str, state: ChatState, user_lang: str | None = None) -> Understanding:
        """Only the understanding (the `parse` and `eval` commands); the chat's state is updated as by handle()."""
        understanding = self.pipeline.understand(text, context_of(state), user_lang)
        self.keeper.after_message(understanding, text, state)
        return understanding

    def reply(self, text: str, state: ChatState, user_lang: str | None = None) -> Answer:
        return self.handle(text, state, user_lang).answer

    # -- buttons and commands -------------------------------------------------------------------------------
    def press(self, command: str, state: ChatState, user_lang: str | None = None) -> Answer:
        """Answer a tapped button (Action.command); unknown or stale commands get a friendly menu."""
        if command.startswith("example:"):
            text = self.composer.example_text(command.partition(":")[2])
            if text:
                return self.reply(text, state, user_lang)
        lang = self._lang(state, user_lang)
        verb, _, view = command.partition(":")
        if verb == AD_VERB:  # a view of the ad pasted last: read again from the chat's state
            reading = self.pipeline.read_ad(state.ad) if state.ad else None
            return self.composer.ad_view(view, reading, lang)
        answer = self.flows.press(command, lang) or self.composer.press(command, lang)
        self.keeper.after_answer(answer.memory, state)
        return answer

    def start(self, state: ChatState, user_lang: str | None = None, payload: str = "") -> Answer:
        """Greeting with example questions to tap; a deep link's payload ("role-bookkeeper") opens what it names."""
        lang = self._lang(state, user_lang)
        if not payload:
            return self.composer.greeting(lang)
        opened = self.flows.deep_link(payload, lang)
        if opened:
            self.keeper.after_answer(opened.memory, state)
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
        chosen = self.flows.set_lang(code.strip().lower())
        if chosen:
            self.keeper.after_answer(chosen.memory, state)
            return chosen
        return self.flows.lang_menu(self._lang(state, user_lang))

    def inline(self, query: str, user_lang: str | None = None) -> list[InlineCard]:
        """Role cards for an inline query, in the query's language (else the user's)."""
        return self.inline_search.search(query, self._lang(ChatState(), user_lang))

    def commands(self, lang: str) -> list[tuple[str, str]]:
        """(command, description) pairs for a command menu, from the same UI strings as /help."""
        return [(name, self.kb.text(f"command_{name}", lang)) for name in COMMANDS]

    def note(self, key: str, state: ChatState, user_lang: str | None = None) -> Answer:
        """A short interface message (ui.yaml `key`) with examples to tap: a file the bot cannot read."""
        lang = self._lang(state, user_lang)
        return Answer((Block("text", self.kb.text(key, lang)),), self.composer.buttons.examples(lang, 3), lang)

    def non_text(self, state: ChatState, user_lang: str | None = None) -> Answer:
        """The reply to a sticker, photo or voice message: only text is understood, with examples to tap."""
        return self.composer.non_text(self._lang(state, user_lang))

    def ui(self, key: str, lang: str | None) -> str:
        """An interface string (e.g. the error message adapters show when something breaks)."""
        return self.kb.text(key, lang if lang in ("en", "pl") else "en")

    @staticmethod
    def _lang(state: ChatState, user_lang: str | None) -> str:
        """Commands and buttons: the language chosen with /lang, else the chat's, else the user's Telegram one."""
        if chosen := state.chosen_lang or state.lang:
            return chosen
        short = (user_lang or "")[:2].lower()
        return short if short in ("en", "pl") else "en"
