"""Answers about a pasted job ad: the summary (role, office type and why, the match, the offer), the ad's duties,
its skills against the role's, an interview kit built from its requirements, and the ad check.

The question asked beside the ad picks the first answer; buttons ("ad:<view>") lead to the rest. The ad itself
stays in the chat's state, so a button reads it again instead of squeezing it into 64 bytes of button data.
"""

from __future__ import annotations

from bot.answers.actions import Buttons
from bot.answers.catalogue import non_office_text
from bot.answers.checklist import CHECK
from bot.answers.comparison import in_sentence
from bot.answers.model import Action, Answer, Block, Memory
from bot.jobads.check import check, unlawful_lines
from bot.jobads.match import ASKING, AdMatch, match
from bot.jobads.reading import AdReading
from bot.knowledge.model import KnowledgeBase, Question, Role
from bot.nlu.skill_match import SkillMatcher
from bot.nlu.understanding import Understanding

VERB = "ad"
VIEWS = ("summary", "duties", "skills", "kit", "check")
FIRST_VIEW = {"classify": "summary", "duties": "duties", "skills": "skills", "interview": "kit"}
LISTED = 8  # requirements, missing skills and duties shown at most
KIT_REQUIREMENTS = 6  # requirements an interview kit covers


class JobAdAnswers:
    def __init__(self, kb: KnowledgeBase, buttons: Buttons, skills: SkillMatcher) -> None:
        self.kb, self.buttons, self.skills = kb, buttons, skills

    def answer(self, u: Understanding) -> Answer:
        """The first answer to a pasted ad: the one its question asks for, else the summary."""
        assert u.ad is not None
        view = FIRST_VIEW.get(u.intent, "summary")
        answer = self.view(view, u.ad, u.lang)
        role = u.ad.role.role
        if role:
            memory = Memory(role=role, category=self.kb.roles[role].office)
            answer = Answer(answer.blocks, answer.actions, answer.lang, columns=answer.columns, memory=memory)
        return answer

    def view(self, view: str, reading: AdReading, lang: str) -> Answer:
        """One view of the ad; a job the catalogue lacks, or no office job, gets what is known of it."""
        role = self.kb.roles.get(reading.role.role or "")
        if view == "check":
            return self._check(reading, lang)
        if role is None:
            return self._no_role(reading, lang)
        builders = {"duties": self._duties, "skills": self._skills, "kit": self._kit}
        return builders.get(view, self._summary)(reading, role, lang)

    # -- the views -----------------------------------------------------------------------------------------------
    def _summary(self, reading: AdReading, role: Role, lang: str) -> Answer:
        found = reading.role
        office = self._office(found.offices[0], lang)
        key = "ad_role" if found.by == "title" else "ad_role_by_duties"
        blocks = [
            self._title(reading, lang),
            Block("text", self.kb.text(key, lang, role=role.name.get(lang), office=office)),
        ]
        if len(found.offices) > 1:
            second = self._office(found.offices[1], lang)
            blocks.append(Block("text", self.kb.text("ad_mixed", lang, first=office, second=second)))
        blocks.append(Block("text", role.why.get(lang)))
        blocks += self._match_blocks(self._match(reading, role, lang), role, lang, short=True)
        blocks += self._offer(reading, lang)
        return Answer(tuple(blocks), self._actions(reading, role, lang, "summary"), lang, columns=2)

    def _duties(self, reading: AdReading, role: Role, lang: str) -> Answer:
        own = reading.ad.lines("duties", "overview")
        name = in_sentence(role.name.get(lang))
        blocks = [self._title(reading, lang)]
        if own:
            blocks += [Block("text", self.kb.text("ad_duties", lang)), Block("list", items=own[: LISTED * 2])]
        blocks += [
            Block("text", self.kb.text("ad_role_duties", lang, role=name)),
            Block("list", items=tuple(d.get(lang) for d in role.duties)),
        ]
        return Answer(tuple(blocks), self._actions(reading, role, lang, "duties"), lang, columns=2)

    def _skills(self, reading: AdReading, role: Role, lang: str) -> Answer:
        found = self._match(reading, role, lang)
        blocks = [self._title(reading, lang), *self._match_blocks(found, role, lang, short=False)]
        tick = Action(self.kb.text("button_ad_tick", lang), f"{CHECK}:{role.slug}:0:{found.mask:x}")
        actions = (tick, *self._actions(reading, role, lang, "skills"))
        return Answer(tuple(blocks), actions, lang, columns=2)

    def _kit(self, reading: AdReading, role: Role, lang: str) -> Answer:
        """Each of the ad's requirements with the question from the knowledge base that tests it best (the role's
        own and its related roles' questions), and what a good answer shows."""
        found = self._match(reading, role, lang)
        pool = [
            (q, self.skills.keys(f"{q.text.get(lang)} {q.good_answer.get(lang)}", lang)) for q in self._questions(role)
        ]
        label = self.kb.text("good_answer", lang)
        items: list[str] = []
        used: set[Question] = set()
        for requirement, _indices in found.pairs:
            question = self._best_question(self.skills.keys(requirement, lang), pool, used)
            if question is None:
                continue
            used.add(question)
            items.append(
                f"{requirement}\n   ❓ {question.text.get(lang)}\n   → {label}: {question.good_answer.get(lang)}"
            )
            if len(items) == KIT_REQUIREMENTS:
                break
        for question in role.interview:  # the role's own questions fill the kit up
            if len(items) >= KIT_REQUIREMENTS:
                break
            if question not in used:
                used.add(question)
                items.append(f"{question.text.get(lang)}\n   → {label}: {question.good_answer.get(lang)}")
        blocks = [
            Block("title", self.kb.text("ad_kit_title", lang, role=role.name.get(lang))),
            Block("text", self.kb.text("ad_kit_intro", lang)),
            Block("list", items=tuple(items)),
        ]
        return Answer(tuple(blocks), self._actions(reading, role, lang, "kit"), lang, columns=2)

    def _check(self, reading: AdReading, lang: str) -> Answer:
        rules = self.kb.job_ads
        assert rules is not None
        findings = check(reading.ad, rules)
        blocks = [
            Block("title", self.kb.text("ad_check_title", lang)),
            Block("text", self.kb.text("ad_check_intro", lang)),
        ]
        lines = [
            self.kb.text(
                "ad_check_pay_ok" if findings.pay_stated else "ad_check_no_pay", lang, pay=reading.ad.pay or ""
            )
        ]
        if findings.title_neutral is not None:
            key = "ad_check_title_ok" if findings.title_neutral else "ad_check_title_gendered"
            lines.append(self.kb.text(key, lang, title=reading.ad.title))
        lines += [problem.text.get(lang) for problem in findings.problems]
        if not findings.problems:
            lines.append(self.kb.text("ad_check_clean", lang))
        blocks.append(Block("list", items=tuple(lines)))
        role = self.kb.roles.get(reading.role.role or "")
        return Answer(tuple(blocks), self._actions(reading, role, lang, "check"), lang, columns=2)

    def _no_role(self, reading: AdReading, lang: str) -> Answer:
        """Not office work, or a job the catalogue lacks: say so honestly, with the nearest office roles."""
        found = reading.role
        if found.occupation:
            text = non_office_text(self.kb, found.occupation, lang)
            near = self.kb.occupations[found.occupation].near
        else:
            text = self.kb.text("ad_no_role", lang, count=len(self.kb.roles))
            near = found.nearest
        blocks = [self._title(reading, lang), Block("text", text), *self._offer(reading, lang)]
        actions = [self.buttons.role_card(slug, lang) for slug in near if slug in self.kb.roles][:3]
        actions.append(Action(self.kb.text("button_ad_check", lang), f"{VERB}:check"))
        return Answer(tuple(blocks), tuple(actions), lang, columns=1)

    # -- pieces ----------------------------------------------------------------------------------------------------
    def _title(self, reading: AdReading, lang: str) -> Block:
        title = reading.ad.title
        return Block(
            "title", self.kb.text("ad_title", lang, title=title) if title else self.kb.text("ad_untitled", lang)
        )

    def _match_blocks(self, found: AdMatch, role: Role, lang: str, short: bool) -> list[Block]:
        limit = 4 if short else LISTED
        blocks = []
        if found.asked:
            asked = tuple(role.skills[i].text.get(lang) for i in found.asked)
            blocks += [
                Block("text", self.kb.text("ad_asked", lang, count=len(asked), total=len(role.skills))),
                Block("list", items=asked[:limit], marker="✓"),
            ]
        missing = tuple(role.skills[i].text.get(lang) for i in found.missing)
        if missing:
            blocks += [
                Block("text", self.kb.text("ad_missing", lang)),
                Block("list", items=missing[:limit], marker="☐"),
            ]
        if found.beyond:
            blocks += [
                Block("text", self.kb.text("ad_beyond", lang)),
                Block("list", items=found.beyond[:limit], marker="+"),
            ]
        return blocks

    def _offer(self, reading: AdReading, lang: str) -> list[Block]:
        ad = reading.ad
        lines = [self.kb.text("ad_pay", lang, pay=ad.pay) if ad.pay else self.kb.text("ad_no_pay", lang)]
        if ad.contracts:
            lines.append(self.kb.text("ad_contract", lang, contract=", ".join(ad.contracts)))
        if ad.place:
            lines.append(self.kb.text("ad_place", lang, place=ad.place))
        return [Block("text", self.kb.text("ad_offer", lang)), Block("list", items=tuple(lines))]

    def _actions(self, reading: AdReading, role: Role | None, lang: str, current: str) -> tuple[Action, ...]:
        buttons = [
            Action(self.kb.text(f"button_ad_{view}", lang), f"{VERB}:{view}") for view in VIEWS if view != current
        ]
        if role is not None:
            buttons.append(self.buttons.role_card(role.slug, lang))
        return tuple(buttons)

    def _match(self, reading: AdReading, role: Role, lang: str) -> AdMatch:
        rules = self.kb.job_ads
        unlawful = unlawful_lines(reading.ad.lines(*ASKING), rules) if rules else ()
        return match(reading.ad, role, self.skills, lang, unlawful)

    def _office(self, office: str, lang: str) -> str:
        return self.kb.office_types[office].name.get(lang)

    def _questions(self, role: Role) -> list[Question]:
        related = [self.kb.roles[s] for s in role.related if s in self.kb.roles]
        return [q for r in (role, *related) for q in r.interview]

    @staticmethod
    def _best_question(
        wanted: frozenset[str], pool: list[tuple[Question, frozenset[str]]], used: set[Question]
    ) -> Question | None:
        """The question sharing the most of the requirement's words (their lemma keys), if any does."""
        best, best_shared = None, 0
        for question, keys in pool:
            shared = len(wanted & keys)
            if question not in used and shared > best_shared:
                best, best_shared = question, shared
        return best
