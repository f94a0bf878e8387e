"""Understanding + knowledge -> an Answer. One small method per kind of answer; all wording from ui.yaml."""

from __future__ import annotations

from dataclasses import replace

from bot.answers.actions import Buttons, Command
from bot.answers.catalogue import Catalogue, non_office_text
from bot.answers.comparison import Comparison, in_sentence
from bot.answers.job_ad import VIEWS as AD_VIEWS
from bot.answers.job_ad import JobAdAnswers
from bot.answers.model import Action, Answer, Block, Memory
from bot.answers.neighbours import Neighbours
from bot.jobads.reading import AdReading
from bot.knowledge.errors import KnowledgeError, KnowledgeErrors
from bot.knowledge.model import SKILL_KINDS, KnowledgeBase, Question, Role, Skill
from bot.nlu.normalize import fold, tokens
from bot.nlu.skill_match import SkillMatcher
from bot.nlu.understanding import Understanding

INTERVIEW_PAGE = 6


class Composer:
    def __init__(self, kb: KnowledgeBase, skills: SkillMatcher | None = None) -> None:
        """`skills` compares a pasted ad with its role (job ads are answered only with it)."""
        self.kb = kb
        self.buttons = Buttons(kb)
        self.ads = JobAdAnswers(kb, self.buttons, skills) if skills is not None else None
        self.catalogue = Catalogue(kb)
        self.comparison = Comparison(kb)
        self.neighbours = Neighbours(kb)
        self.per_department = max(1, int(kb.settings.get("list_per_department", 3)))
        self._smalltalk = {
            kind: {fold(w) for w in kb.language.get(f"smalltalk_{kind}", ())}
            for kind in ("thanks", "bye", "who", "how", "greet")
        }

    # -- entry points -------------------------------------------------------------------------------------
    def answer(self, u: Understanding, text: str = "") -> Answer:
        """The answer intents.yaml names for the intent (`answer: duties` -> answer_duties), unless the bot is
        unsure (fallback, "did you mean") or the job asked about is unknown."""
        lang = u.lang
        if u.ad is not None and self.ads is not None:  # a pasted job ad: its question picks the first view
            return self.ads.answer(u)
        if u.fallback:
            return self.did_you_mean(u.role, lang) if u.role else self._menu("fallback", lang)
        if u.choices and u.role:
            return self.choose(u.role, u.choices, lang)
        if u.occupation and not u.role and self.kb.intents[u.intent].subject in ("role", "either"):
            return self.non_office(u, lang)
        if u.unknown_role and not u.role and self.kb.intents[u.intent].subject in ("role", "either"):
            return self.unknown_role(u, lang)
        answer: Answer = getattr(self, f"answer_{self.kb.intents[u.intent].answer}")(u, text, lang)
        if u.topic and u.intent != "out_of_scope":  # "what does a cashier do and is the pay ok?"
            note = Block("text", self.kb.text(self.kb.topics[u.topic].answer, lang))
            answer = replace(answer, blocks=(*answer.blocks, note))
        return answer

    def check_answers(self) -> None:
        """Every intent of intents.yaml must have its answer method: a typo there fails at load, not in a chat."""
        missing = [
            KnowledgeError("intents.yaml", f"{name}.answer", f"no answer method answer_{spec.answer}")
            for name, spec in self.kb.intents.items()
            if not spec.cue_group and not callable(getattr(self, f"answer_{spec.answer}", None))
        ]
        if missing:
            raise KnowledgeErrors(missing)

    def answer_job_ad(self, u: Understanding, text: str, lang: str) -> Answer:
        """Only reached without the ad's reading (a knowledge base without job_ads.yaml): the role, if any."""
        return self._role_answer(u, lang) if u.role else self.which_role(lang)

    def ad_view(self, view: str, reading: AdReading | None, lang: str) -> Answer:
        """A button under an ad's answer ("ad:kit"); the ad is read again from the chat, or is gone."""
        if reading is None or self.ads is None or view not in AD_VIEWS:
            return Answer((Block("text", self.kb.text("ad_stale", lang)),), self.buttons.examples(lang, 3), lang)
        return self.ads.view(view, reading, lang)

    def answer_classify(self, u: Understanding, text: str, lang: str) -> Answer:
        return self._role_answer(u, lang) if u.role else self.which_role(lang)

    def answer_duties(self, u: Understanding, text: str, lang: str) -> Answer:
        if u.role:
            return self._role_answer(u, lang)
        if u.category:
            return self._office_answer(u.intent, u.category, lang)
        return self.which_role(lang)

    answer_skills = answer_duties
    answer_interview = answer_duties

    def answer_suggest(self, u: Understanding, text: str, lang: str) -> Answer:
        return self.suggest(u, lang)

    def answer_explain(self, u: Understanding, text: str, lang: str) -> Answer:
        return self.explain(u.category, lang) if u.category else self.compare(lang)

    def answer_compare(self, u: Understanding, text: str, lang: str) -> Answer:
        if len(u.roles) >= 2:
            return self.compare_roles(u.roles[0], u.roles[1], lang)
        return self.compare(lang)

    def answer_list_roles(self, u: Understanding, text: str, lang: str) -> Answer:
        return self.list_roles(u.category, lang)

    def answer_smalltalk(self, u: Understanding, text: str, lang: str) -> Answer:
        return self.smalltalk(text, lang)

    def answer_help(self, u: Understanding, text: str, lang: str) -> Answer:
        return self.help(lang)

    def answer_decline(self, u: Understanding, text: str, lang: str) -> Answer:
        """Out of the lane: say honestly what the bot cannot answer, then what it can do (for the role named)."""
        if u.topic is None:
            return self._menu("out_of_scope", lang)
        blocks = [Block("text", self.kb.text(self.kb.topics[u.topic].answer, lang))]
        if u.offer_role:
            role = self.kb.roles[u.offer_role]
            offer = self.kb.text("decline_role_offer", lang, role=in_sentence(role.name.get(lang)))
            blocks.append(Block("text", offer))
            actions = (self.buttons.role_card(role.slug, lang), *self.buttons.for_role(role.slug, lang))
            return Answer(tuple(blocks), actions, lang)
        blocks.append(Block("text", self.kb.text("decline_offer", lang)))
        return Answer(tuple(blocks), self.buttons.examples(lang, 3), lang)

    def press(self, text: str, lang: str) -> Answer:
        """A tapped button; anything stale or malformed gets the menu with a short explanation."""
        command = Command.parse(text)
        answer = self._run(command, lang) if command else None
        return answer or self._menu("stale_button", lang, with_roles=True)

    def _run(self, command: Command, lang: str) -> Answer | None:
        verb, target = command.verb, command.target
        if target in self.kb.roles:
            role_answers = {
                "card": self.role_card,
                "duties": self.duties,
                "skills": self.skills,
                "interview": self.interview,
                "similar": self.similar,
            }
            if verb not in role_answers:
                return None
            intent = {"card": "classify", "similar": "classify"}.get(verb, verb)
            memory = Memory(role=target, category=self.kb.roles[target].office, intent=intent)
            return replace(role_answers[verb](self.kb.roles[target], lang), memory=memory)
        if target in self.kb.office_types:
            office_answers = {
                "office": "explain",
                "list": "list_roles",
                "oduties": "duties",
                "oskills": "skills",
                "ointerview": "interview",
            }
            if verb not in office_answers:
                return None
            return replace(self._office_answer(office_answers[verb], target, lang), memory=Memory(category=target))
        if verb == "compare":
            return self.compare(lang)
        if verb == "help":
            return self.help(lang)
        return None

    def example_text(self, target: str) -> str | None:
        """The example question a button stands for ("example:pl2")."""
        lang, index = target[:2], target[2:]
        examples = self.kb.lists["examples"].get(lang, ())
        return examples[int(index)] if index.isdigit() and int(index) < len(examples) else None

    # -- roles --------------------------------------------------------------------------------------------
    def _role_answer(self, u: Understanding, lang: str) -> Answer:
        assert u.role is not None  # called only for an understood role
        role = self.kb.roles[u.role]
        intents = [u.intent, *[i for i in u.also if i != u.intent]]
        parts = [self._role_part(intent, role, u, lang) for intent in intents]
        if len(parts) == 1:
            return parts[0]
        blocks = tuple(b for part in parts for b in part.blocks)
        return Answer(blocks=blocks, actions=self.buttons.for_role(role.slug, lang), lang=lang)

    def _role_part(self, intent: str, role: Role, u: Understanding, lang: str) -> Answer:
        if intent == "classify":
            return self.classify(role, u.offices, u.negated, lang)
        return {"duties": self.duties, "skills": self.skills, "interview": self.interview}[intent](role, lang)

    def classify(self, role: Role, asked: list[str], negated: bool, lang: str) -> Answer:
        name = role.name.get(lang)
        office = self.kb.office_types[role.office].name.get(lang)
        blocks = [Block("title", self.kb.text("classify_title", lang, role=name, office=office))]
        verdict = self._verdict(role, asked, negated, lang)
        if verdict:
            blocks.append(Block("text", verdict))
        blocks.append(Block("text", role.why.get(lang)))
        for also in role.also_office:  # "Also middle office: in banks, where ..."
            office_name = in_sentence(self.kb.office_types[also.office].name.get(lang))
            when = also.when.get(lang).rstrip(".")
            blocks.append(Block("text", self.kb.text("also_office", lang, office=office_name, when=when)))
        blocks.append(Block("text", role.description.get(lang)))
        return Answer(blocks=tuple(blocks), actions=self.buttons.for_role(role.slug, lang), lang=lang)

    def _verdict(self, role: Role, asked: list[str], negated: bool, lang: str) -> str:
        """A direct yes/no when the user named an office type, correcting a wrong guess."""
        if not asked:
            return ""
        name = role.name.get(lang)
        office = self.kb.office_types[role.office].name.get(lang)
        first = asked[0]
        asked_name = self.kb.office_types[first].name.get(lang)
        fits = first in role.offices
        if negated:
            key = "classify_actually_is" if fits else "classify_right_not"
        elif len(asked) > 1:
            return ""  # "front or back?": the title already answers
        else:
            key = "classify_yes" if fits else "classify_no"
        return self.kb.text(
            key, lang, role=in_sentence(name), office=in_sentence(office), asked=in_sentence(asked_name)
        )

    def role_card(self, role: Role, lang: str) -> Answer:
        return self.classify(role, [], False, lang)

    def duties(self, role: Role, lang: str) -> Answer:
        name = role.name.get(lang) if lang == "en" else in_sentence(role.name.get(lang))
        blocks = (
            Block("title", self.kb.text("duties_title", lang, role=name)),
            Block("text", role.description.get(lang)),
            Block("list", items=tuple(d.get(lang) for d in role.duties)),
            Block("text", role.why.get(lang)),
        )
        return Answer(blocks=blocks, actions=self.buttons.for_role(role.slug, lang, skip="duties"), lang=lang)

    def skills(self, role: Role, lang: str) -> Answer:
        title = self.kb.text("skills_title", lang, role=role.name.get(lang))
        blocks = (Block("title", title), *self._skill_blocks(role.skills, lang))
        actions = (
            self._flow_button("button_tick", "skills", role.slug, lang),
            *self.buttons.for_role(role.slug, lang, skip="skills"),
        )
        return Answer(blocks=blocks, actions=actions, lang=lang)

    def _skill_blocks(self, skills: tuple[Skill, ...], lang: str) -> list[Block]:
        blocks = []
        for kind in SKILL_KINDS:
            items = tuple(s.text.get(lang) for s in skills if s.kind == kind)
            if items:
                blocks += [
                    Block("text", self.kb.text(f"skill_kind_{kind}", lang)),
                    Block("list", items=items, marker="☐"),
                ]
        return blocks

    def interview(self, role: Role, lang: str) -> Answer:
        title = self.kb.text("interview_title", lang, role=role.name.get(lang))
        blocks = (Block("title", title), Block("list", items=self._questions(role.interview, lang)))
        actions = (
            self._flow_button("button_kit", "interview", role.slug, lang),
            *self.buttons.for_role(role.slug, lang, skip="interview"),
        )
        return Answer(blocks=blocks, actions=actions, lang=lang)

    def _flow_button(self, key: str, verb: str, slug: str, lang: str) -> Action:
        """The way from a typed question's answer to its interactive version (checklist, interview kit)."""
        return Action(self.kb.text(key, lang), f"{verb}:{slug}")

    def _questions(self, questions: tuple[Question, ...], lang: str) -> tuple[str, ...]:
        label = self.kb.text("good_answer", lang)
        return tuple(f"{q.text.get(lang)}\n   → {label}: {q.good_answer.get(lang)}" for q in questions[:INTERVIEW_PAGE])

    def similar(self, role: Role, lang: str) -> Answer:
        related = [self.kb.roles[s] for s in self.neighbours.of(role.slug)]
        blocks = (
            Block("title", self.kb.text("related_title", lang, role=in_sentence(role.name.get(lang)))),
            Block("list", items=tuple(f"{r.name.get(lang)} — {self._office_name(r.office, lang)}" for r in related)),
        )
        return Answer(blocks=blocks, actions=tuple(self.buttons.role_card(r.slug, lang) for r in related), lang=lang)

    def compare_roles(self, first: str, second: str, lang: str) -> Answer:
        """What differs between two roles (office type, client contact, department, ISCO-08 group, skills by id,
        the duties that set each apart), with both cards to open."""
        a, b = self.kb.roles[first], self.kb.roles[second]
        if a.slug == b.slug:
            card = self.role_card(a, lang)
            return replace(card, blocks=(Block("text", self.kb.text("cmp_same_role", lang)), *card.blocks))
        title = Block(
            "title", self.kb.text("compare_roles_title", lang, first=a.name.get(lang), second=b.name.get(lang))
        )
        actions = (self.buttons.role_card(a.slug, lang), self.buttons.role_card(b.slug, lang))
        return Answer(blocks=(title, *self.comparison.blocks(a, b, lang)), actions=actions, lang=lang)

    def unknown_role(self, u: Understanding, lang: str) -> Answer:
        actions = [self.buttons.role_card(slug, lang, u.intent) for slug in u.suggestions]
        if u.partial_name and actions:  # "clerk" alone: several roles carry the word; ask which
            key = "partial_role_many" if len(actions) > 1 else "partial_role_one"
            actions.append(Action(self.kb.text("button_roles", lang), "roles"))
            return Answer((Block("text", self.kb.text(key, lang, word=u.unknown_role)),), tuple(actions), lang)
        known = len(self.kb.roles)
        if u.office_by_nearest and u.category:  # not known, but the roles sharing its words lean one way
            office = in_sentence(self._office_name(u.category, lang))
            text = self.kb.text("unknown_role_office", lang, word=u.unknown_role, count=known, office=office)
        else:
            text = self.kb.text("unknown_role", lang, word=u.unknown_role, count=known)
        blocks = [Block("text", text)]
        if actions and u.near_by_meaning:
            blocks.append(Block("text", self.kb.text("unknown_role_nearest", lang)))
        actions.append(Action(self.kb.text("button_roles", lang), "roles"))
        return Answer(blocks=tuple(blocks), actions=tuple(actions), lang=lang)

    def non_office(self, u: Understanding, lang: str) -> Answer:
        """A job that is not office work ("is a pilot back office?"): say so, and why the split does not apply,
        then the office roles near it, each opening the answer asked for."""
        assert u.occupation is not None
        blocks = [Block("text", non_office_text(self.kb, u.occupation, lang))]
        actions = [self.buttons.role_card(slug, lang, u.intent) for slug in u.suggestions]
        if actions:
            blocks.append(Block("text", self.kb.text("non_office_near", lang)))
        actions.append(Action(self.kb.text("button_roles", lang), "roles"))
        return Answer(blocks=tuple(blocks), actions=tuple(actions), lang=lang)

    def did_you_mean(self, slug: str, lang: str) -> Answer:
        """Unsure what was asked about a role: offer the role's answers instead of guessing one."""
        actions = (self.buttons.role_card(slug, lang), *self.buttons.for_role(slug, lang, skip="similar"))
        return Answer((Block("text", self.kb.text("did_you_mean", lang)),), actions, lang)

    def choose(self, slug: str, intents: list[str], lang: str) -> Answer:
        """Two readings about a role are about as likely: ask which, with one button for each."""
        role = in_sentence(self.kb.roles[slug].name.get(lang))
        actions = tuple(self.buttons.for_intent(slug, intent, lang) for intent in intents)
        return Answer((Block("text", self.kb.text("which_reading", lang, role=role)),), actions, lang)

    def which_role(self, lang: str) -> Answer:
        return Answer(
            blocks=(Block("text", self.kb.text("which_role", lang)),),
            actions=(Action(self.kb.text("button_roles", lang), "roles"),),
            lang=lang,
        )

    # -- office types -------------------------------------------------------------------------------------
    def _office_name(self, office: str, lang: str) -> str:
        return self.kb.office_types[office].name.get(lang)

    def _office_answer(self, intent: str, office: str, lang: str) -> Answer:
        t = self.kb.office_types[office]
        name = in_sentence(t.name.get(lang))
        if intent == "skills":
            blocks = [
                Block("title", self.kb.text("office_skills_title", lang, office=name)),
                *self._skill_blocks(t.skills, lang),
                Block("text", t.computer_scope.get(lang)),
            ]
            actions = (
                self._flow_button("button_tick", "oskills", office, lang),
                *self.buttons.for_office(office, lang, skip="oskills"),
            )
            return Answer(tuple(blocks), actions, lang)
        if intent == "interview":
            blocks = [
                Block("title", self.kb.text("office_interview_title", lang, office=name)),
                Block("list", items=self._questions(t.interview, lang)),
            ]
            actions = (
                self._flow_button("button_kit", "ointerview", office, lang),
                *self.buttons.for_office(office, lang, skip="ointerview"),
            )
            return Answer(tuple(blocks), actions, lang)
        if intent == "duties":
            blocks = [
                Block("title", self.kb.text("office_duties_title", lang, office=name)),
                Block("text", t.purpose.get(lang)),
                Block("list", items=tuple(d.get(lang) for d in t.duties)),
            ]
            return Answer(tuple(blocks), self.buttons.for_office(office, lang), lang)
        if intent == "list_roles":
            return self.list_roles(office, lang)
        return self.explain(office, lang)

    def explain(self, office: str, lang: str) -> Answer:
        t = self.kb.office_types[office]
        own = self.catalogue.ordered([r.slug for r in self.kb.roles_in(office)], office, lang)
        examples = self._names(own, self.catalogue.page_size, lang)
        blocks = (
            Block("title", t.name.get(lang)),
            Block("text", t.definition.get(lang)),
            Block("text", f"{self.kb.text('explain_purpose', lang)} {t.purpose.get(lang)}"),
            Block("text", f"{self.kb.text('explain_contact', lang)} {t.client_contact.get(lang)}"),
            Block("text", f"{self.kb.text('explain_computer', lang)} {t.computer_scope.get(lang)}"),
            Block("text", f"{self.kb.text('explain_examples', lang)} {examples}"),
        )
        return Answer(blocks, self.buttons.for_office(office, lang), lang)

    def compare(self, lang: str) -> Answer:
        blocks = (
            Block("title", self.kb.text("compare_title", lang)),
            Block("text", self.kb.overview.get(lang)),
            Block("list", items=tuple(point.get(lang) for point in self.kb.comparison)),
        )
        return Answer(blocks, tuple(self.buttons.office(o, lang) for o in self.kb.office_types), lang)

    def list_roles(self, office: str | None, lang: str) -> Answer:
        """An office type's roles by department, the most common first, a few names each (never all 157), with
        its typical roles as buttons and a way to browse the rest; no office type: every office type in brief."""
        if office is None:
            return self._list_all(lang)
        shelves = self.catalogue.shelves(office, lang)
        title = self.kb.text("list_title", lang, office=in_sentence(self._office_name(office, lang)))
        summary = self.kb.text("list_summary", lang, count=sum(len(s.roles) for s in shelves), departments=len(shelves))
        lines = tuple(
            self.kb.text(
                "list_department",
                lang,
                count=len(s.roles),
                department=self.catalogue.department_name(s.department, lang),
                roles=self._names(s.roles, self.per_department, lang, s.also),
            )
            for s in shelves
        )
        blocks = [Block("title", title), Block("text", summary), Block("list", items=lines)]
        if any(s.also & set(s.roles[: self.per_department]) for s in shelves):
            note = self.kb.text("browse_also_note", lang, office=in_sentence(self._office_name(office, lang)))
            blocks.append(Block("text", note))
        typical = self.catalogue.typical(office)[: self.catalogue.page_size]
        browse = Action(
            self.kb.text("button_browse_office", lang, count=sum(len(s.roles) for s in shelves)), f"roles:{office}"
        )
        return Answer(tuple(blocks), (*(self.buttons.role_card(s, lang) for s in typical), browse), lang)

    def _list_all(self, lang: str) -> Answer:
        """Every office type: how many roles, the most common ones, its departments; a button to browse each."""
        blocks: list[Block] = [Block("title", self.kb.text("list_all_title", lang))]
        actions = []
        for office, t in self.kb.office_types.items():
            shelves = self.catalogue.shelves(office, lang)
            count = sum(len(s.roles) for s in shelves)
            departments = ", ".join(
                f"{self.catalogue.department_name(s.department, lang)} ({len(s.roles)})" for s in shelves
            )
            common = self._names(self.catalogue.typical(office), self.per_department * 2, lang)
            blocks += [
                Block("text", self.kb.text("list_office", lang, office=t.name.get(lang), count=count)),
                Block(
                    "list",
                    items=(
                        self.kb.text("list_common", lang, roles=common),
                        self.kb.text("list_departments", lang, departments=departments),
                    ),
                ),
            ]
            actions.append(
                Action(
                    self.kb.text("button_office_count", lang, office=t.name.get(lang), count=count), f"roles:{office}"
                )
            )
        blocks.append(Block("text", self.kb.text("list_browse_hint", lang)))
        return Answer(tuple(blocks), tuple(actions), lang, columns=1)

    def _names(
        self, slugs: list[str] | tuple[str, ...], shown: int, lang: str, also: frozenset[str] = frozenset()
    ) -> str:
        """The first `shown` roles' names, those in `also` marked, and how many more there are ("A, B and 11 more")."""
        names = ", ".join(
            self.kb.text("button_card_also", lang, role=self.kb.roles[s].name.get(lang))
            if s in also
            else self.kb.roles[s].name.get(lang)
            for s in slugs[:shown]
        )
        rest = len(slugs) - shown
        if rest <= 0:
            return names
        return self.kb.text("list_more", lang, roles=names, count=rest)

    # -- conversation -------------------------------------------------------------------------------------
    def suggest(self, u: Understanding, lang: str) -> Answer:
        if not u.suggestions:
            return Answer((Block("text", self.kb.text("suggest_none", lang)),), self.buttons.examples(lang), lang)
        items = []
        like = in_sentence(self.kb.roles[u.similar_to].name.get(lang)) if u.similar_to else ""
        for slug in u.suggestions:
            role = self.kb.roles[slug]
            words = u.reasons.get(slug)
            reason = (
                self.kb.text("suggest_similar_reason", lang, role=like)
                if like
                else self.kb.text("suggest_reason", lang, words=", ".join(words))
                if words
                else self.kb.text("suggest_office_reason", lang)
            )
            items.append(
                f"{role.name.get(lang)} · {self._office_name(role.office, lang)} — {reason}. "
                f"{role.description.get(lang)}"
            )
        blocks: tuple[Block, ...] = (
            Block("title", self.kb.text("suggest_title", lang)),
            Block("list", items=tuple(items)),
            *self._limits(u, lang),
        )
        return Answer(blocks, tuple(self.buttons.role_card(s, lang) for s in u.suggestions), lang)

    def _limits(self, u: Understanding, lang: str) -> tuple[Block, ...]:
        """Every limit the suggestions kept to, so the user sees what was applied."""
        lines = []
        if u.current_job:
            lines.append(self.kb.text("suggest_current_job", lang, role=self.kb.roles[u.current_job].name.get(lang)))
        if u.excluded_offices:
            offices = ", ".join(self._office_name(o, lang) for o in u.excluded_offices)
            lines.append(self.kb.text("suggest_not_offices", lang, offices=offices))
        named = [self.kb.roles[s].name.get(lang) for s in u.excluded if s != u.current_job]
        if u.avoid:
            lines.append(self.kb.text("suggest_avoid", lang, words=", ".join(u.avoid)))
        if named:
            lines.append(self.kb.text("suggest_left_out", lang, roles=", ".join(named)))
        return tuple(Block("text", line) for line in lines)

    def smalltalk(self, text: str, lang: str) -> Answer:
        words = {fold(w) for w in tokens(text)}
        kind = next((k for k, vocabulary in self._smalltalk.items() if words & vocabulary), "greet")
        return Answer((Block("text", self.kb.text(f"smalltalk_{kind}", lang)),), self.buttons.examples(lang, 2), lang)

    def greeting(self, lang: str) -> Answer:
        return Answer((Block("text", self.kb.text("greeting", lang)),), self.buttons.examples(lang, 5), lang)

    def help(self, lang: str) -> Answer:
        blocks = (Block("text", self.kb.text("help", lang)), Block("list", items=self.kb.lists["help_topics"][lang]))
        actions = (*self.buttons.examples(lang, 3), Action(self.kb.text("button_roles", lang), "roles"))
        return Answer(blocks, actions, lang)

    def non_text(self, lang: str) -> Answer:
        return self._menu("non_text", lang)

    def _menu(self, key: str, lang: str, with_roles: bool = False) -> Answer:
        actions = self.buttons.examples(lang, 3)
        if with_roles:
            actions += (Action(self.kb.text("button_roles", lang), "roles"),)
        return Answer((Block("text", self.kb.text(key, lang)),), actions, lang)
