"""Understanding a message: the stages in order, each adding to what the ones before found (as Rasa's components).

    message.py   normalise once: tokens, lemma keys, sentences, clauses, language
    cues.py      intent cues and out-of-lane topics (the words that say what is asked)
    entities.py  roles, office types, unknown job words, topics outside role names
    features.py  the named numbers the model reads, and the flags later stages read
    scorer.py    a probability for every intent (the fitted model)
    overrides.py the few named rules that must win (correction, two roles, out of lane)
    subject.py   which role or office type the intent is about (named, from the chat, unknown)
    suggestions.py / unknown.py   for suggestions and unknown jobs, the roles to offer
    policy.py    how sure the reading is; answer, ask "did you mean…?", or fall back (settings.yaml)

No stage calls back into an earlier one, and the chat's state is only read (as a `Context`): the Engine is the
one place that writes it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.jobads.reader import AdReader
from bot.jobads.reading import AdReading
from bot.jobads.role import AdRoles
from bot.knowledge.errors import KnowledgeError, KnowledgeErrors
from bot.knowledge.model import KnowledgeBase
from bot.nlu import cache
from bot.nlu.cues import CueFinder
from bot.nlu.entities import EntityFinder
from bot.nlu.evidence import Evidence
from bot.nlu.features import Context, FeatureBuilder
from bot.nlu.matchers import Matchers, compile_matchers, folded_lists
from bot.nlu.message import Message, Normaliser
from bot.nlu.morphology import Morphology
from bot.nlu.normalize import tokens
from bot.nlu.overrides import Override, Overrides
from bot.nlu.policy import Policy
from bot.nlu.scorer import MODEL_FILE, IntentModel
from bot.nlu.subject import Subject, SubjectResolver
from bot.nlu.suggestions import Suggester
from bot.nlu.understanding import Understanding
from bot.nlu.unknown import UnknownJobs

# how sure an ad's reading is, by what named the role: its title, its duties, or nothing (the nearest roles)
AD_CONFIDENCE = {"title": 0.95, "duties": 0.8, "": 0.5}


class Pipeline:
    def __init__(
        self, kb: KnowledgeBase, matchers: Matchers, morphology: Morphology, model: IntentModel | None
    ) -> None:
        """`model` None: every intent is equally likely (what `python -m bot train` starts from)."""
        self.kb, self.model = kb, model
        matchers.lexicon.attach(morphology)
        self.matchers = matchers
        lists = folded_lists(kb)
        self.normaliser = Normaliser(kb, matchers.lexicon, morphology)
        self.cues = CueFinder(matchers.cues, lists.get("reason_markers", set()))
        self.entities = EntityFinder(kb, matchers.entities, matchers.descriptions, morphology)
        self.features = FeatureBuilder(kb, lambda message: len(matchers.fits.find(message.keyed, message.where)))
        self.overrides = Overrides(kb)
        self.policy = Policy(kb, model.calibration if model else None)
        self.unknown = UnknownJobs(kb, matchers.entities, matchers.descriptions, self.normaliser)
        self.suggester = Suggester(kb, matchers, self.normaliser, self.unknown.name_words)
        self.subjects = SubjectResolver(kb, self.unknown)
        self.ads = AdReader(kb.job_ads) if kb.job_ads else None
        self.ad_roles = AdRoles(kb, matchers.entities, self.normaliser, matchers.descriptions, self.unknown)
        self.ad_questions = set(kb.intents_about("role", "either"))  # what a question beside an ad may ask

    def use(self, model: IntentModel | None) -> None:
        """Read with another fitted model (and its calibration): `python -m bot train` swaps them while fitting."""
        self.model = model
        self.policy.calibration = model.calibration if model else None

    @classmethod
    def load(cls, kb: KnowledgeBase, knowledge_dir: Path | None = None) -> Pipeline:
        """Compile (or load from the cache) the matchers, and load the fitted model from the knowledge directory."""
        morphology = Morphology()

        def build() -> Matchers:
            return compile_matchers(kb, morphology)

        matchers = cache.cached(knowledge_dir, build) if knowledge_dir else build()
        path = (knowledge_dir / MODEL_FILE) if knowledge_dir else None
        model = IntentModel.load(path) if path and path.exists() else None
        check_intents(kb, model)
        return cls(kb, matchers, morphology, model)

    # -- stages 1-5: what the message contains and how likely each intent is --------------------------------
    def evidence(self, text: str, context: Context) -> Evidence:
        message = self.normaliser.read(text)
        return self.evidence_of(message, context)

    def evidence_of(self, message: Message, context: Context) -> Evidence:
        cues = self.cues.find(message)
        entities = self.entities.find(message, cues)
        features = self.features.build(message, cues, entities, context)
        if self.model is None:
            names = self.kb.intent_names
            scores = {name: 1.0 / len(names) for name in names}
        else:
            scores = self.model.probabilities(features)
        return Evidence(message, cues, entities, features, context, scores)

    # -- stages 6-10: what to answer --------------------------------------------------------------------------
    def understand(self, text: str, context: Context, user_lang: str | None = None) -> Understanding:
        """What one message means in this chat (the context is only read). A pasted job ad is read as one."""
        reading = self.read_ad(text)
        if reading is not None:
            return self._understand_ad(reading, context, user_lang)
        e = self.evidence(text, context)
        override = self.overrides.first(e)
        intent = override.intent if override else e.ranking()[0][0]
        subject = self.subjects.resolve(intent, e)
        u = Understanding(
            intent=intent,
            lang=e.message.lang or context_lang(context, user_lang),
            confidence=0.0,
            role=subject.role,
            category=subject.category,
            roles=subject.roles,
            offices=subject.offices,
            also=subject.also,
            unknown_role=subject.unknown_role,
            occupation=subject.occupation,
            negated=subject.negated,
            from_context=subject.from_context,
            ranking=e.ranking()[:3],
            decided_by=override.name if override else "model",
        )
        self._complete(u, e, override, subject)
        self.policy.apply(u, e)
        if u.fallback or (u.intent != "suggest" and self.kb.intents[u.intent].subject == "none"):
            u.about_user = e.features.flags.fits > 0  # kept for a later "which job suits me?"
        return u

    # -- a pasted job ad -----------------------------------------------------------------------------------------
    def read_ad(self, text: str) -> AdReading | None:
        """The job ad in `text` and the role behind it; None when the message is no ad."""
        if self.ads is None:
            return None
        ad = self.ads.read(text)
        if ad is None:  # most messages: no language detected twice, no ad read
            return None
        ad = replace(ad, lang=self.normaliser.language(tokens(text)))
        return AdReading(ad, self.ad_roles.read(ad))

    def _understand_ad(self, reading: AdReading, context: Context, user_lang: str | None) -> Understanding:
        """The question asked beside the ad decides the intent ("jakie umiejętności muszę mieć?": skills); an ad
        alone is `job_ad`. The role, office type and suggestions are the ad's."""
        ad, found = reading.ad, reading.role
        asked = self.understand(ad.question, context, user_lang) if ad.question else None
        # "is this front or back office?" names nothing but the ad itself: its intent counts even where, alone,
        # it would be too unsure to answer
        intent = asked.intent if asked and asked.intent in self.ad_questions else "job_ad"
        lang = ad.lang or (asked.lang if asked else None) or context_lang(context, user_lang)
        occupation = found.occupation
        near = self.kb.occupations[occupation].near if occupation else found.nearest
        return Understanding(
            intent=intent,
            lang=lang,
            confidence=AD_CONFIDENCE.get(found.by, AD_CONFIDENCE[""]),
            role=found.role,
            category="non-office" if occupation else (found.offices[0] if found.offices else None),
            offices=list(found.offices),
            occupation=occupation,
            suggestions=self._near(near),
            decided_by="job_ad",
            ad=reading,
        )

    def _complete(self, u: Understanding, e: Evidence, override: Override | None, subject: Subject) -> None:
        if override and override.topic:
            u.topic, u.offer_role = override.topic, self._offer(e)
        else:  # asked beside an office-role request: a word on it in the answer (not on a limit: "no night shifts")
            u.topic = next((t for t in e.entities.topics if not self.overrides.is_limit(t, e)), None)
        if u.intent == "out_of_scope":
            u.offer_role = u.offer_role or self._offer(e)
            u.role = u.category = None
            u.roles, u.offices = [], []
        if override and override.seed:
            u.similar_to = override.seed
            u.suggestions = [slug for slug in self.kb.roles[override.seed].related if slug in self.kb.roles][:3]
            u.category = None
        elif u.intent == "suggest":
            found = self.suggester.suggest(e)
            u.suggestions, u.reasons, u.avoid = found.slugs, found.reasons, found.avoid
            u.excluded, u.excluded_offices, u.current_job = found.excluded, found.excluded_offices, found.current_job
            u.category = subject.category or found.category
        if u.occupation:
            u.suggestions = self._near(self.kb.occupations[u.occupation].near)
        if u.unknown_role:  # "clerk" alone: the roles carrying it in their names; a whole title: by meaning
            one_word = " " not in u.unknown_role
            u.suggestions = self.unknown.named_partly(u.unknown_role, e.message.lang) if one_word else []
            u.partial_name = bool(u.suggestions)
            if not u.suggestions:
                u.suggestions = self.unknown.nearest(u.unknown_role, e.message.lang)
                u.near_by_meaning = bool(u.suggestions)
                if u.near_by_meaning:
                    u.category = self.unknown.likely_office(u.unknown_role, e.message.lang)
                    u.office_by_nearest = u.category is not None

    def _near(self, slugs: tuple[str, ...]) -> list[str]:
        """The office roles offered beside a non-office job or an ad no role fits: the first three known."""
        return [slug for slug in slugs if slug in self.kb.roles][:3]

    @staticmethod
    def _offer(e: Evidence) -> str | None:
        """The role a declined question is about: named, or the chat's last one ("how much do they make?")."""
        if e.entities.roles:
            return e.entities.roles[0]
        return e.context.role


# The intents the stages name (everything else about intents comes from intents.yaml).
NAMED_INTENTS = ("classify", "compare", "suggest", "explain", "out_of_scope", "smalltalk")
NAMED_CUE_GROUPS = ("correction", "similar", "change_job")


def check_intents(kb: KnowledgeBase, model: IntentModel | None) -> None:
    """An intent the code or the fitted model names must be in intents.yaml (and the model must know every one):
    a typo or a stale model fails at load, not in a chat."""
    problems = [
        KnowledgeError("intents.yaml", name, "missing: the understanding stages need it")
        for name in (*NAMED_INTENTS, *NAMED_CUE_GROUPS)
        if name not in kb.intents
    ]
    if model is not None and set(model.classes) != set(kb.intent_names):
        differ = sorted(set(model.classes) ^ set(kb.intent_names))
        problems.append(
            KnowledgeError(
                MODEL_FILE,
                "classes",
                f"intents differ from intents.yaml ({', '.join(differ)}): run python -m bot train",
            )
        )
    if problems:
        raise KnowledgeErrors(problems)


def context_lang(context: Context, user_lang: str | None) -> str:
    """The language of a message that does not show its own: the chat's, else the user's, else English."""
    if context.lang:
        return context.lang
    short = (user_lang or "")[:2].lower()
    return short if short in ("en", "pl") else "en"
