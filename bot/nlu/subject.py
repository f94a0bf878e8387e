"""Stage 7 — which role or office type the chosen intent is about: named now, taken from the chat, or unknown.

intents.yaml says what each intent is asked about (`subject`: role, office, either, none). A role named now wins;
a follow-up that names nothing ("and the skills?", "is that one front office?") borrows the chat's last role or
office type; a job that is not office work is named as one ("is a pilot back office?": non-office); a title
nothing knows stays unknown, never a known role in disguise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.knowledge.model import KnowledgeBase
from bot.nlu.evidence import Evidence
from bot.nlu.matchers import folded_lists
from bot.nlu.unknown import UnknownJobs

NON_OFFICE = "non-office"  # the category of a job the office split does not describe
NEGATION_REACH = 4  # tokens before the office type a negator may stand ("czy kasjer nie jest przypadkiem back...")


@dataclass
class Subject:
    role: str | None = None
    category: str | None = None
    roles: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    unknown_role: str | None = None
    occupation: str | None = None  # a non-office job asked about (occupations.yaml)
    from_context: bool = False
    negated: bool = False
    also: list[str] = field(default_factory=list)


class SubjectResolver:
    def __init__(self, kb: KnowledgeBase, unknown: UnknownJobs) -> None:
        self.kb, self.unknown = kb, unknown
        self.lists: defaultdict[str, set[str]] = defaultdict(set, folded_lists(kb))
        self.tasks = kb.intents_about("either")  # requests about a role or an office type (duties, skills...)
        self.beside_job = frozenset(self.lists["workplace_prepositions"] | self.lists["likeness_words"])

    def resolve(self, intent: str, e: Evidence) -> Subject:
        about = self.kb.intents[intent].subject
        named = [r for r in e.entities.roles if r not in e.entities.excluded] or list(e.entities.roles)
        subject = Subject(roles=list(e.entities.roles), offices=list(e.entities.offices))
        if intent == "compare":
            self._compare(subject, e)
        elif about == "role":
            self._role(subject, named, e)
            subject.also = [i for i in self.tasks if e.cues.strong.get(i)]  # "is it front office? and its skills?"
        elif about == "either":
            self._either(subject, named, e)
            subject.also = self._also(intent, e)
        elif about == "office" or intent == "suggest":
            subject.category, subject.from_context = self._office(intent, e)
        if subject.role:
            subject.category = self.kb.roles[subject.role].office
        elif subject.occupation:
            subject.category = NON_OFFICE
        subject.negated = self._negated(e)
        return subject

    def _role(self, subject: Subject, named: list[str], e: Evidence) -> None:
        """classify: the role named; else the unknown job; else, in a follow-up, the chat's last role."""
        flags, context = e.features.flags, e.context
        if named and self._the_place(named[0], e):
            subject.occupation = e.entities.jobs[0]
        elif named:
            subject.role = named[0]
        elif self._qualified(e):
            subject.role = self._qualified(e)
        elif e.entities.jobs:
            subject.occupation = e.entities.jobs[0]
        elif self._unknown(e):
            subject.unknown_role = e.entities.unknown[0]
        elif context.role and (
            flags.anaphora or flags.continues or flags.short or e.entities.offices or e.cues.score("classify")
        ):
            subject.role, subject.from_context = context.role, True

    def _either(self, subject: Subject, named: list[str], e: Evidence) -> None:
        """duties/skills/interview: a role, or an office type ("skills for front office"), named or from the chat."""
        flags, context, entities = e.features.flags, e.context, e.entities
        if named and self._the_place(named[0], e):
            subject.occupation = entities.jobs[0]
        elif named:
            subject.role = named[0]
        elif self._qualified(e):
            subject.role = self._qualified(e)
        elif flags.anaphora and context.role and e.cues.score("classify"):
            subject.role, subject.from_context = context.role, True  # "is that one front office? and its..."
        elif entities.jobs:
            subject.occupation = entities.jobs[0]
        elif entities.offices:
            subject.category = entities.offices[0]
        elif self._unknown(e):
            subject.unknown_role = entities.unknown[0]
        elif context.role:
            subject.role, subject.from_context = context.role, True
        elif context.category:
            subject.category, subject.from_context = context.category, True

    def _the_place(self, role: str, e: Evidence) -> bool:
        """ "ochroniarz na recepcji", "a nurse at the front desk": a role's name right after "na"/"at", beside a job
        named as the job, is where that job is done; after "like", what the job is likened to ("Air Traffic
        Controller — like a financial controller?"). The job is what is asked about."""
        if not e.entities.jobs:
            return False
        hit = next((h for h in e.entities.role_hits if h.phrase.payload[1] == role), None)
        before = e.message.folded[max(0, hit.start - 2) : hit.start] if hit else ()
        return any(word in self.beside_job for word in before)

    def _qualified(self, e: Evidence) -> str | None:
        """ "and a medical one?" after the receptionist: the role the unknown word and the chat's role name."""
        if not e.entities.unknown or not e.context.role:
            return None
        return self.unknown.qualified(e.entities.unknown[0], e.context.role)

    def _unknown(self, e: Evidence) -> bool:
        """A job word nothing knows, unless it is part of the name of the role the chat is about ("a co taki admin
        robi?" after a question about the network administrator)."""
        if not e.entities.unknown:
            return False
        word, role = e.entities.unknown[0], e.context.role
        return not (role and role in self.unknown.named_partly(word, e.message.lang))

    @staticmethod
    def _office(intent: str, e: Evidence) -> tuple[str | None, bool]:
        """explain, list_roles (and a suggestion's preferred office type): named, or the chat's last one."""
        if e.entities.offices:
            return e.entities.offices[0], False
        if intent == "suggest":
            return None, False
        return e.context.category, e.context.category is not None

    @staticmethod
    def _compare(subject: Subject, e: Evidence) -> None:
        """Two roles side by side, or office types: one named now is compared with the chat's last one."""
        subject.roles = list(e.entities.roles[:2]) if len(e.entities.roles) >= 2 else []
        offices = list(e.entities.offices)
        if len(offices) == 1 and e.context.category and e.context.category not in offices:
            offices.insert(0, e.context.category)  # "and how is it different from back office?"
            subject.from_context = True
        subject.offices = offices

    def _also(self, intent: str, e: Evidence) -> list[str]:
        """Other requests asked as strongly in the same message ("skills and interview questions for...")."""
        best = e.cues.strong.get(intent, 0.0)
        return [i for i in self.tasks if i != intent and best and e.cues.strong.get(i, 0.0) == best]

    def _negated(self, e: Evidence) -> bool:
        """ "isn't a cashier back office?": a negator shortly before the one office type asked about, in its clause.
        A "front or back?" question has no polarity, so it is never negated."""
        entities, message = e.entities, e.message
        if len(entities.offices) != 1:
            return False
        start = entities.office_starts[0]
        for position in range(start - 1, max(-1, start - NEGATION_REACH - 1), -1):
            if message.clauses[position] != message.clauses[start]:
                break
            if message.folded[position] in self.lists["negators"]:
                return True
        return False
