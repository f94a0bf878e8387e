"""The one place that writes a chat's state: after a message is understood, and after an answer says what to keep.

The understanding stages and the answers only read the state (the pipeline sees it as a `Context`); what a
follow-up should know is decided here, so the Telegram bot, the console and the `eval`/`train` commands keep
chats the same way.
"""

from __future__ import annotations

from bot.answers.model import Memory
from bot.knowledge.model import KnowledgeBase
from bot.nlu.features import Context
from bot.nlu.normalize import fold, tokens
from bot.nlu.understanding import Understanding
from bot.state import ChatState

FORGETS = ("smalltalk", "help", "out_of_scope")  # "ok, thanks" does not end the topic: "a magazynier?"


class StateKeeper:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def after_message(self, u: Understanding, text: str, state: ChatState) -> None:
        """Carry what this message was about into the chat's state, for the next follow-up."""
        state.remember(text)
        state.lang = u.lang
        if u.ad is not None:  # its buttons (interview kit, ad check) read it again
            state.ad = text
        if u.fallback:
            if u.role:  # unsure what was asked, but not whom it was about
                state.role, state.category = u.role, u.category
            if u.about_user:  # nor what the user said about themselves, for a later "which job suits me?"
                state.describe(text)
            return
        if u.intent not in FORGETS:
            state.intent = u.intent
        if u.role:
            state.role, state.category = u.role, u.category
        elif u.offer_role:  # "ile zarabia księgowa?" declined; "a co robi?" is still about her
            state.role, state.category = u.offer_role, self.kb.roles[u.offer_role].office
        elif u.unknown_role or u.occupation:  # a job it does not know, or not office work: no subject to keep
            state.role = None
        elif u.category and u.intent != "suggest":
            state.category, state.role = u.category, None
        if u.intent == "suggest" or u.about_user:
            state.describe(text)
        elif self.kb.intents[u.intent].subject != "none":
            state.profile.clear()

    @staticmethod
    def after_answer(memory: Memory | None, state: ChatState) -> None:
        """What a button, a deep link or /lang said to keep (a role opened, a language chosen)."""
        if memory is None:
            return
        if memory.lang:
            state.lang = state.chosen_lang = memory.lang
        if memory.role:
            state.role, state.category = memory.role, memory.category
        elif memory.category:
            state.category, state.role = memory.category, None
        if memory.intent:
            state.intent = memory.intent


def context_of(state: ChatState) -> Context:
    """What the understanding stages may read of a chat's state."""
    last = " ".join(fold(w) for w in tokens(state.history[-1])) if state.history else ""
    return Context(
        intent=state.intent,
        role=state.role,
        category=state.category,
        profile=tuple(state.profile),
        last=last,
        lang=state.lang,
    )
