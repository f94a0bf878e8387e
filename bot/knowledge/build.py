"""Turn checked documents into the frozen model the rest of the bot reads.

Kept apart from the schemas so the files can change shape (roles refer to skills by id now) while what answers
and understanding read stays the same: a role's skills are still (kind, text) pairs, the text being the
vocabulary's wording plus the role's own detail.
"""

from __future__ import annotations

from bot.knowledge import schema
from bot.knowledge.model import (
    DETAIL_SEPARATOR,  # noqa: E402
    AdCheck,
    AlsoOffice,
    IntentSpec,
    Isco,
    JobAdRules,
    KnowledgeBase,
    Occupation,
    OfficeType,
    Question,
    Role,
    Skill,
    Text,
    Topic,
)


def knowledge_base(docs: schema.Documents) -> KnowledgeBase:
    """The model of documents that passed every check (the loader builds nothing when one did not)."""
    office_doc = _need(docs, "office_types.yaml", schema.OfficeTypesFile)
    skills_doc = _need(docs, "skills.yaml", schema.SkillsFile)
    vocabulary = {sid: Skill(entry.kind, _text(entry), sid) for sid, entry in skills_doc.root.items()}
    ui_doc = _need(docs, "ui.yaml", schema.UiFile)
    isco_doc = _need(docs, "isco.yaml", schema.IscoFile)
    occupations = docs.get("occupations.yaml", schema.OccupationsFile)
    ads = docs.get("job_ads.yaml", schema.JobAdsFile)
    return KnowledgeBase(
        roles={doc.slug: role(doc, vocabulary, shown) for shown, _, doc in docs.roles},
        office_types={o.slug: office_type(o) for o in office_doc.office_types},
        overview=_text(office_doc.overview),
        comparison=tuple(_text(t) for t in office_doc.comparison),
        intents={
            name: intent(name, spec) for name, spec in _need(docs, "intents.yaml", schema.IntentsFile).root.items()
        },
        ui={key: _text(v) for key, v in ui_doc.root.items() if isinstance(v, schema.Text)},
        lists={key: _words(v) for key, v in ui_doc.root.items() if isinstance(v, schema.Words)},
        language={
            name: tuple(words) for name, words in _need(docs, "language.yaml", schema.LanguageFile).model_dump().items()
        },
        settings=_need(docs, "settings.yaml", schema.SettingsFile).model_dump(exclude_none=True),
        topics={name: topic(name, spec) for name, spec in _need(docs, "topics.yaml", schema.TopicsFile).root.items()},
        skills=vocabulary,
        isco=Isco(
            major_groups={code: _text(t) for code, t in isco_doc.major_groups.items()},
            unit_groups={code: _text(t) for code, t in isco_doc.unit_groups.items()},
        ),
        departments={key: _text(t) for key, t in _need(docs, "departments.yaml", schema.DepartmentsFile).root.items()},
        occupations={o.slug: occupation(o) for o in (occupations.root if occupations else [])},
        job_ads=job_ad_rules(ads) if ads else None,
    )


def role(doc: schema.RoleFile, vocabulary: dict[str, Skill], source: str) -> Role:
    return Role(
        slug=doc.slug,
        isco=doc.isco,
        department=doc.department,
        office=doc.office,
        also_office=tuple(AlsoOffice(a.office, _text(a.when)) for a in doc.also_office),
        name=_text(doc.names),
        aliases=_words(doc.aliases),
        why=_text(doc.why),
        description=_text(doc.description),
        duties=tuple(_text(t) for t in doc.duties),
        skills=tuple(role_skill(ref, vocabulary[ref.id]) for ref in doc.skills),
        interview=tuple(_question(q) for q in doc.interview),
        fit=_words(doc.fit),
        related=tuple(doc.related),
        source=source,
    )


def role_skill(ref: schema.SkillRef, entry: Skill) -> Skill:
    """The vocabulary's wording, then the role's detail after a dash when it has one."""
    if ref.detail is None:
        return entry
    text = Text(
        en=entry.text.en + DETAIL_SEPARATOR + ref.detail.en, pl=entry.text.pl + DETAIL_SEPARATOR + ref.detail.pl
    )
    return Skill(entry.kind, text, entry.id)


def office_type(doc: schema.OfficeType) -> OfficeType:
    return OfficeType(
        slug=doc.slug,
        name=_text(doc.names),
        aliases=_words(doc.aliases),
        definition=_text(doc.definition),
        purpose=_text(doc.purpose),
        client_contact=_text(doc.client_contact),
        duties=tuple(_text(t) for t in doc.duties),
        skills=tuple(Skill(s.kind, _text(s)) for s in doc.skills),
        computer_scope=_text(doc.computer_scope),
        interview=tuple(_question(q) for q in doc.interview),
        fit=_words(doc.fit),
        article_examples=tuple(doc.article_examples),
        typical_roles=tuple(doc.typical_roles),
    )


def intent(name: str, doc: schema.Intent) -> IntentSpec:
    return IntentSpec(
        name=name,
        strong=(*doc.strong.en, *doc.strong.pl),
        cues=(*doc.cues.en, *doc.cues.pl),
        examples=_words(doc.examples),
        subject=doc.subject,
        follows_up=doc.follows_up,
        answer=doc.answer or "",
        cue_group=doc.cue_group,
        staged=doc.staged,
    )


def topic(name: str, doc: schema.Topic) -> Topic:
    return Topic(
        name=name,
        phrases=(*doc.phrases.en, *doc.phrases.pl),
        answer=doc.answer,
        needs=doc.needs,
        wins=doc.wins,
        listing=(*doc.listing.en, *doc.listing.pl),
    )


def occupation(doc: schema.Occupation) -> Occupation:
    return Occupation(
        slug=doc.slug, major=doc.major, name=_text(doc.names), aliases=_words(doc.aliases), near=tuple(doc.near)
    )


def job_ad_rules(doc: schema.JobAdsFile) -> JobAdRules:
    def both(words: schema.Words) -> tuple[str, ...]:
        return (*words.en, *words.pl)

    return JobAdRules(
        detect=doc.detect.model_dump(),
        sections={name: both(getattr(doc.sections, name)) for name in schema.AdSections.model_fields},
        bullets=tuple(doc.bullets),
        currencies=tuple(doc.currencies),
        pay_words=tuple(doc.pay_words),
        vague_pay=tuple(doc.vague_pay),
        contracts=both(doc.contracts),
        place_markers=tuple(doc.places.markers),
        place_modes=tuple(doc.places.modes),
        not_questions=tuple(doc.not_questions),
        role_from_duties_lead=doc.role_from_duties_lead,
        role_from_duties_lines=doc.role_from_duties_lines,
        title_extras=tuple(doc.title_extras),
        requirement_fillers=tuple(doc.requirement_fillers),
        neutral_title_markers=tuple(doc.neutral_title_markers),
        gendered_words_en=tuple(doc.gendered_words_en),
        checks=tuple(
            AdCheck(name, (*c.phrases.en, *c.phrases.pl), c.pattern, Text(en=c.en, pl=c.pl))
            for name, c in doc.checks.items()
        ),
    )


def _need(docs: schema.Documents, name: str, model: type[schema.Doc]) -> schema.Doc:
    doc = docs.get(name, model)
    if doc is None:
        raise ValueError(f"{name} did not pass its checks: nothing is built from it")
    return doc


def _text(doc: schema.Text | schema.SkillEntry | schema.Question) -> Text:
    return Text(en=doc.en, pl=doc.pl)


def _words(doc: schema.Words | schema.Phrases) -> dict[str, tuple[str, ...]]:
    return {"en": tuple(doc.en), "pl": tuple(doc.pl)}


def _question(doc: schema.Question) -> Question:
    return Question(_text(doc), _text(doc.good_answer))
