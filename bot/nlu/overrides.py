"""Stage 6 — the few reading rules that must win over the model, each named (Understanding.decided_by) and tested.

The model weighs cues; these rules state what no weighing should change:
* correction — "nie, chodziło mi o księgową", "same question for a trader": the previous request, for the role
  now named;
* two_roles — two roles named with a comparison ("recepcjonista vs kasjer"): the roles side by side;
* similar_roles — "similar roles?", "a inne takie?" about the role named or talked about: roles like it;
* career_change — "I'm a cashier and I want out": the user's job named with wanting to leave it, a request for
  other roles;
* follow_up — a short message naming only a new role or office type ("a księgowa?", "and middle office?")
  after a request that `follows_up` (intents.yaml): the same request about it;
* bare_role — a role named with no request at all, opening a chat ("and a bookkeeper?", "kasjer?"): where it
  belongs, the bot's answer to a role alone;
* out_of_lane — pay, labour law, named people, careers outside office work (topics.yaml), when no office-role
  request stands beside them: declined honestly, never answered as another question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase
from bot.nlu.evidence import Evidence
from bot.nlu.matchers import folded_lists
from bot.nlu.suggest import negated

IN_LANE_MARGIN = 0.5  # an in-lane request beside a topic must be this likely (model) to be answered instead
SUGGEST_MARGIN = 0.8  # ... and a suggestion this likely ("ile dni urlopu na pierwszej pracy" is no job search)
PLAIN_REQUEST = 0.95  # ... with a strong cue, or this likely without one ("recommend me a role: ... want commission")


@dataclass(frozen=True)
class Override:
    name: str  # the rule, recorded as Understanding.decided_by
    intent: str
    topic: str | None = None  # out_of_lane: the topic declined
    seed: str | None = None  # similar_roles: the role the suggestions are like


Rule = Callable[[Evidence], Override | None]


class Overrides:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.role_intents = kb.intents_about("role", "either")
        self.in_lane = tuple(i for i in kb.intent_names if kb.intents[i].subject != "none" or i == "suggest")
        self.rules: tuple[Rule, ...] = (
            self.correction,
            self.two_roles,
            self.similar_roles,
            self.out_of_lane,
            self.career_change,
            self.follow_up,
            self.bare_role,
        )
        self.intents = tuple(kb.intent_names)
        self.lists: dict[str, set[str]] = folded_lists(kb)

    def first(self, e: Evidence) -> Override | None:
        for rule in self.rules:
            found = rule(e)
            if found:
                return found
        return None

    def correction(self, e: Evidence) -> Override | None:
        """The previous request again, for the role now named: "nie, chodziło mi o kasjera"."""
        if e.cues.strong.get("correction") and e.entities.roles and e.context.intent in self.role_intents:
            return Override("correction", e.context.intent)
        return None

    def two_roles(self, e: Evidence) -> Override | None:
        """Two roles and a comparison word: the roles side by side ("czym się różni kasjer od recepcjonistki")."""
        if len(e.entities.roles) >= 2 and e.cues.strong.get("compare"):
            return Override("two_roles", "compare")
        return None

    def similar_roles(self, e: Evidence) -> Override | None:
        """Roles like the one named, or the one the chat is about: "similar roles?", "podobne stanowiska?"."""
        seed = e.entities.roles[0] if e.entities.roles else e.context.role
        if e.cues.strong.get("similar") and seed and len(e.entities.roles) < 2:
            return Override("similar_roles", "suggest", seed=seed)
        return None

    def career_change(self, e: Evidence) -> Override | None:
        """ "jestem kasjerką i mam dość", "I'm in a call centre, burnt out": other roles, not the one named."""
        if e.cues.strong.get("change_job") and (e.entities.roles or e.features.flags.fits):
            return Override("career_change", "suggest")
        return None

    def follow_up(self, e: Evidence) -> Override | None:
        """ "a księgowa?" after "co robi specjalista ds. płac?": the previous request, about the role now named."""
        previous, entities, flags = e.context.intent, e.entities, e.features.flags
        if not previous or not self.kb.intents[previous].follows_up or not flags.short:
            return None
        if any(e.cues.strong.get(i) for i in self.intents) or len(entities.roles) > 1:
            return None
        if entities.unknown or entities.jobs:
            return None
        about = self.kb.intents[previous].subject
        named_role = bool(entities.roles) and not entities.offices and about in ("role", "either")
        # an office type after a question about a role asks where that role belongs ("a czy to front?"), so only
        # after a question about an office type is it the same request again ("a middle office?")
        named_office = (
            bool(entities.offices) and not entities.roles and about in ("office", "either") and not e.context.role
        )
        if named_role or named_office or (previous == "suggest" and entities.offices and not entities.roles):
            return Override("follow_up", previous)
        return None

    def bare_role(self, e: Evidence) -> Override | None:
        """ "and a bookkeeper?" with nothing before it: no request, so the role's card (its office type and why)."""
        if e.context.intent or e.context.last or len(e.entities.roles) != 1 or not e.features.flags.short:
            return None
        entities = e.entities
        if e.cues.strong or e.cues.weak or entities.topics or entities.offices or entities.unknown or entities.jobs:
            return None
        return Override("bare_role", "classify")

    def out_of_lane(self, e: Evidence) -> Override | None:
        """A question next to the topic (pay, law, people, careers elsewhere) that no office-role request stands
        beside: "ile zarabia księgowa", "can I fire her during probation", "who is Jamie Dimon"."""
        topic = next((t for t in e.entities.topics if self._applies(t, e) and not self.is_limit(t, e)), None)
        if topic is None:
            return None
        asked = max(self.in_lane, key=lambda i: e.scores.get(i, 0.0))
        if (
            not self.kb.topics[topic].wins
            and (e.cues.strong.get(asked) or e.scores.get(asked, 0.0) >= PLAIN_REQUEST)
            and e.scores.get(asked, 0.0) >= IN_LANE_MARGIN
            and self._has_subject(asked, e)
        ):
            return None  # "what does a cashier do and is the pay ok": the duties, with a word on pay
        return Override("out_of_lane", "out_of_scope", topic)

    def _applies(self, topic: str, e: Evidence) -> bool:
        needs = self.kb.topics[topic].needs
        if needs == "unknown_job":
            return bool(e.entities.unknown or e.entities.jobs) and not e.entities.roles
        if needs == "no_role":
            return not e.entities.roles
        return True

    def is_limit(self, topic: str, e: Evidence) -> bool:
        """ "no night shifts, no weekends — what job?": a topic the user rules out, in a message that asks for a job,
        is a limit on the job, not a question on the topic."""
        if e.scores.get("suggest", 0.0) < SUGGEST_MARGIN:
            return False
        hits = [h for h in e.cues.topic_hits if h.phrase.payload[1] == topic]
        folded, clauses = list(e.message.folded), list(e.message.clauses)
        return bool(hits) and all(negated(h, folded, self.lists, clauses) for h in hits)

    def _has_subject(self, intent: str, e: Evidence) -> bool:
        """An in-lane request is answerable only about something: a role or office type, named or from the chat
        (two for a comparison), or the user themselves for a suggestion."""
        entities, context = e.entities, e.context
        if intent == "compare":
            return len(entities.offices) >= 1 or len(entities.roles) >= 2
        if intent == "suggest":  # a self-description beside a question on pay counts only when plainly asked
            return e.features.flags.fits > 0 and e.scores.get("suggest", 0.0) >= SUGGEST_MARGIN
        return bool(entities.roles or entities.offices or entities.jobs or context.role or context.category)
