"""The interactive skills checklist: tap a skill to tick it (☐ → ✅), then "Done" for a result.

The ticks live in the button data itself ("ck:bookkeeper:5" = skills 0 and 2 ticked, a hex bit mask), so
they need no storage and survive a restart; every button carries the mask it would lead to.
"""

from __future__ import annotations

import re

from bot.answers.model import Action, Answer, Block
from bot.answers.subjects import Subject, find_subject
from bot.knowledge.model import SKILL_KINDS, KnowledgeBase
from bot.nlu.skill_match import SkillMatcher

TICK, UNTICKED = "✅", "☐"
CHECK, DONE = "ck", "ckd"  # verbs: show the checklist with this mask / show the result for it
_MASK = re.compile(r"[0-9a-f]{1,16}")
LEARN_FIRST = ("hard", "computer", "soft")  # what to learn next: professional and computer skills first


def parse_mask(text: str, size: int) -> int | None:
    """A mask from button data, or None when it is malformed or names skills the list no longer has."""
    if not _MASK.fullmatch(text):
        return None
    mask = int(text, 16)
    return mask if mask < 1 << size else None


def display_order(subject: Subject) -> list[int]:
    """Skill indices grouped soft, hard, computer, as the list shows them."""
    return [i for kind in SKILL_KINDS for i, s in enumerate(subject.skills) if s.kind == kind]


class Checklist:
    def __init__(self, kb: KnowledgeBase, matcher: SkillMatcher) -> None:
        self.kb, self.matcher = kb, matcher
        self.fit_roles = int(kb.settings.get("checklist_fit_roles", 3))

    def show(self, slug: str, mask_text: str, lang: str, edit: bool, asked: str = "0") -> Answer | None:
        """The checklist with the ticks of `mask_text`; `edit` replaces the tapped message. `asked` (a mask too)
        marks the skills a pasted job ad asks for, and rides along in every button."""
        subject = find_subject(self.kb, slug)
        mask = parse_mask(mask_text, len(subject.skills)) if subject else None
        wanted = parse_mask(asked, len(subject.skills)) if subject else None
        if subject is None or mask is None or wanted is None:
            return None
        title = self.kb.text("skills_title", lang, role=subject.display(lang))
        blocks = [Block("title", title), Block("text", self.kb.text("checklist_hint", lang))]
        if wanted:
            blocks.append(Block("text", self.kb.text("checklist_asked", lang)))
        for kind in SKILL_KINDS:
            lines = [
                self._item(subject, i, mask, lang, wanted)
                for i in display_order(subject)
                if subject.skills[i].kind == kind
            ]
            if lines:
                blocks += [Block("text", self.kb.text(f"skill_kind_{kind}", lang)), Block("text", "\n".join(lines))]
        tail = f":{wanted:x}" if wanted else ""
        actions = [
            Action(self._item(subject, i, mask, lang, wanted), f"{CHECK}:{slug}:{mask ^ (1 << i):x}{tail}")
            for i in display_order(subject)
        ]
        actions.append(Action(self.kb.text("button_done", lang), f"{DONE}:{slug}:{mask:x}{tail}"))
        return Answer(tuple(blocks), tuple(actions), lang, edit=edit, columns=1)

    def result(self, slug: str, mask_text: str, lang: str, asked: str = "0") -> Answer | None:
        """How many skills are ticked (and of those a pasted ad asks for), what to learn next — the ad's first —
        and the roles that best fit the ticked skills."""
        subject = find_subject(self.kb, slug)
        mask = parse_mask(mask_text, len(subject.skills)) if subject else None
        wanted = parse_mask(asked, len(subject.skills)) if subject else None
        if subject is None or mask is None or wanted is None:
            return None
        ticked = [s.text.get(lang) for i, s in enumerate(subject.skills) if mask >> i & 1]
        missing = [
            s
            for _asked, _kind, i, s in sorted(
                (not wanted >> i & 1, LEARN_FIRST.index(s.kind), i, s)
                for i, s in enumerate(subject.skills)
                if not mask >> i & 1
            )
        ]
        blocks = [
            Block("title", self.kb.text("checklist_result_title", lang, role=subject.display(lang))),
            Block("text", self.kb.text("checklist_score", lang, ticked=len(ticked), total=len(subject.skills))),
        ]
        if wanted:
            have = bin(mask & wanted).count("1")
            blocks.append(
                Block("text", self.kb.text("checklist_asked_score", lang, ticked=have, total=bin(wanted).count("1")))
            )
        if missing:
            blocks += [
                Block("text", self.kb.text("checklist_learn_next", lang)),
                Block("list", items=tuple(s.text.get(lang) for s in missing)),
            ]
        else:
            blocks.append(Block("text", self.kb.text("checklist_complete", lang)))
        fits = self.best_fits(ticked, lang, prefer=slug)
        if fits:
            blocks += [
                Block("text", self.kb.text("checklist_fit", lang)),
                Block("list", items=tuple(self._role_line(s, lang) for s in fits)),
            ]
        else:
            blocks.append(Block("text", self.kb.text("checklist_fit_none", lang)))
        actions = [
            Action(self.kb.text("button_card", lang, role=self.kb.roles[s].name.get(lang)), f"brr:{s}") for s in fits
        ]
        tail = f":{wanted:x}" if wanted else ""
        actions.append(Action(self.kb.text("button_checklist_back", lang), f"{CHECK}:{slug}:{mask:x}{tail}"))
        return Answer(tuple(blocks), tuple(actions), lang, columns=1)

    def best_fits(self, ticked: list[str], lang: str, prefer: str = "") -> list[str]:
        """The roles that best fit the ticked skills; on a tie the checklist's own role comes first."""
        return self.matcher.best_roles(ticked, lang, self.fit_roles, prefer) if ticked else []

    def _role_line(self, slug: str, lang: str) -> str:
        role = self.kb.roles[slug]
        return f"{role.name.get(lang)} · {self.kb.office_types[role.office].name.get(lang)}"

    @staticmethod
    def _item(subject: Subject, index: int, mask: int, lang: str, asked: int = 0) -> str:
        pin = "📌 " if asked >> index & 1 else ""
        return f"{TICK if mask >> index & 1 else UNTICKED} {pin}{subject.skills[index].text.get(lang)}"
