"""Understanding that knows its limits: questions next to the topic are declined honestly, suggestions keep to the
user's limits, short follow-ups resolve against the chat, and the reply follows the user's language."""
from __future__ import annotations

import pytest

from bot.core import Engine
from bot.evaluation import understand_in_chat as understand
from bot.state import ChatState


def reply(engine: Engine, text: str, *context: str) -> str:
    state = ChatState()
    for earlier in context:
        engine.reply(earlier, state)
    return engine.reply(text, state).plain_text()


# -- out of the lane: pay, labour law, people, careers elsewhere -------------------------------------------------
@pytest.mark.parametrize("text, topic", [
    ("how much does a bookkeeper earn", "pay"),
    ("ile zarabia księgowa w Warszawie?", "pay"),
    ("can I fire a receptionist during probation", "law"),
    ("czy muszę płacić recepcjonistce za nadgodziny?", "law"),
    ("who is Jamie Dimon", "person"),
    ("kto to jest Leszek Czarnecki", "person"),
    ("how do I become a pilot?", "career"),
    ("jak zostać elektrykiem?", "career"),
    ("my supervisor keeps shouting at me, should I go to HR?", "workplace"),
    ("koleżanka z pracy ciągle się spóźnia, co z tym zrobić?", "workplace"),
    ("should I hire my friend as a receptionist?", "workplace"),
    ("do I have to pay tax on a summer job?", "tax"),
    ("ile składek ZUS zapłacę na własnej działalności?", "tax"),
    ("is a non-compete clause legal for an accountant?", "law"),
    ("would an accountant salary be enough for a family of four?", "pay"),
    ("can I get holiday pay on a fixed-term contract as a cashier", "law"),
    ("mam umowe zlecenie, ile dni urlopu mi przysluguje?", "law"),
])
def test_a_question_next_to_the_topic_is_declined_not_answered_as_another(engine, text, topic):
    got = understand(engine, text)
    assert (got.intent, got.topic, got.role, got.decided_by) == ("out_of_scope", topic, None, "out_of_lane")


@pytest.mark.parametrize("text, context, offered", [
    ("how much does a bookkeeper earn", (), "bookkeeper"),
    ("a ile taki ktoś zarabia?", ("czym się zajmuje specjalista ds. płac?",), "payroll-specialist"),
])
def test_a_declined_question_offers_what_the_bot_can_do_for_the_role_named(engine, text, context, offered):
    state = ChatState()
    for earlier in context:
        engine.reply(earlier, state)
    turn = engine.handle(text, state)
    assert turn.understanding.offer_role == offered
    assert any(action.command.endswith(f":{offered}") for action in turn.answer.actions)


@pytest.mark.parametrize("text, lang, words", [
    ("how much does a cashier earn?", "en", "I can't tell you about pay"),
    ("ile zarabia kasjer?", "pl", "Nie powiem, ile się zarabia"),
])
def test_the_decline_is_honest_and_in_the_users_language(engine, text, lang, words):
    turn = engine.handle(text, ChatState())
    assert turn.answer.lang == lang and words in turn.answer.plain_text()


@pytest.mark.parametrize("text", [
    "czy mogę zapytać kandydatkę, czy planuje dzieci?",
    "can I ask a candidate if she is planning to have children?",
])
def test_what_may_not_be_asked_at_an_interview_is_said_where_the_knowledge_base_holds_it(engine, text):
    answer = reply(engine, text)
    assert "22¹" in answer


@pytest.mark.parametrize("text, intent", [
    ("what does a cashier do and is the pay ok?", "duties"),
    ("co robi kasjerka i czy to dobrze płatna praca?", "duties"),
])
def test_a_word_on_pay_beside_a_real_question_keeps_the_question(engine, text, intent):
    turn = engine.handle(text, ChatState())
    assert (turn.understanding.intent, turn.understanding.role, turn.understanding.topic) == (intent, "cashier", "pay")


# -- suggestions that respect the user's limits -----------------------------------------------------------------
@pytest.mark.parametrize("text, ruled_out", [
    ("I like people but I don't want to sell anything, which job?", "sales-representative"),
    ("lubię ludzi, ale nie chcę nic sprzedawać, co mi pasuje?", "sales-representative"),
    ("I'm a cashier and I want out. What else can I do?", "cashier"),
    ("jestem kasjerką i mam dość, gdzie mogę iść?", "cashier"),
    ("I like computers but not helpdesk, what fits?", "it-support-specialist"),
    ("lubię komputery, ale helpdesku nie chcę, co mi pasuje?", "it-support-specialist"),
])
def test_suggestions_leave_out_what_the_user_rules_out(engine, text, ruled_out):
    got = understand(engine, text)
    assert got.intent == "suggest" and got.suggestions
    assert ruled_out not in got.suggestions


@pytest.mark.parametrize("text, built_on", [
    ("front office, ale bez telefonów, co mi pasuje?", "call-center-agent"),  # its phrase: "rozmawiać przez telefon"
    ("anything where I'm not stuck with phones all day?", "call-center-agent"),
])
def test_a_word_ruled_out_rules_out_the_roles_built_on_it(engine, text, built_on):
    got = understand(engine, text)
    assert got.intent == "suggest" and got.suggestions and built_on not in got.suggestions


@pytest.mark.parametrize("text, carried", [
    ("lubię liczby, ale nie chcę być księgową, co innego?", {"accountant", "bookkeeper", "chief-accountant"}),
    ("back office roles but not data entry, what would fit me?", {"data-entry-clerk"}),
])
def test_a_role_refused_leaves_out_the_roles_whose_names_carry_it(engine, text, carried):
    got = understand(engine, text)
    assert got.intent == "suggest" and got.suggestions and not carried & set(got.suggestions)


def test_a_person_at_work_named_beside_an_office_question_is_no_workplace_question(engine):
    text = "my supervisor wants me to use the front/middle/back framework: which roles are back office?"
    got = understand(engine, text)
    assert got.intent != "out_of_scope" and got.topic is None


@pytest.mark.parametrize("text", ["I hate numbers and like people, what job?", "nie znoszę liczb, ale lubię ludzi"])
def test_a_no_does_not_reach_past_what_the_user_likes(engine, text):
    got = understand(engine, text)
    assert got.intent == "suggest" and "front-office" not in got.excluded_offices
    assert engine.kb.roles[got.suggestions[0]].office == "front-office"


@pytest.mark.parametrize("text", [
    "no night shifts and no overtime, I like organising things, what job fits?",
    "bez nocnych zmian i bez nadgodzin, jestem dokładna, jakie stanowisko dla mnie?",
])
def test_a_labour_law_word_ruled_out_in_a_job_search_is_a_limit_not_a_legal_question(engine, text):
    got = understand(engine, text)
    assert (got.intent, got.topic) == ("suggest", None) and got.suggestions


@pytest.mark.parametrize("text", [
    "I don't want to work in front office, what's left for me?",
    "nie chcę pracować w front office, co mi zostaje?",
])
def test_an_office_type_ruled_out_leaves_none_of_its_roles(engine, text):
    got = understand(engine, text)
    assert got.suggestions and "front-office" in got.excluded_offices
    assert all(engine.kb.roles[s].office != "front-office" for s in got.suggestions)


@pytest.mark.parametrize("text, lang, words", [
    ("I'm a cashier and I want out. What else can I do?", "en", "Not your current job"),
    ("jestem kasjerką i mam dość, co innego mogę robić?", "pl", "Pomijam Twoje obecne stanowisko"),
])
def test_the_reply_names_the_limit_it_applied(engine, text, lang, words):
    assert words in reply(engine, text)


@pytest.mark.parametrize("first, then", [
    ("I like helping people and I'm patient, what job suits me?", "and something without customers?"),
    ("lubię pomagać ludziom i jestem cierpliwa, co mi pasuje?", "a coś bez klientów?"),
])
def test_the_latest_message_outweighs_earlier_ones(engine, first, then):
    got = understand(engine, then, first)
    assert got.intent == "suggest" and got.suggestions
    assert all(engine.kb.roles[s].office != "front-office" for s in got.suggestions)


# -- short follow-ups resolve against the chat ------------------------------------------------------------------
@pytest.mark.parametrize("context, text, intent, role", [
    ("is a receptionist front office?", "why?", "classify", "receptionist"),
    ("czy kasjer to front office?", "dlaczego?", "classify", "cashier"),
    ("what does a payroll specialist do?", "and a bookkeeper?", "duties", "bookkeeper"),
    ("co robi specjalista ds. płac?", "a księgowa?", "duties", "accountant"),
    ("what does a bookkeeper do?", "give me questions for that job", "interview", "bookkeeper"),
    ("czym zajmuje się recepcjonistka?", "daj pytania na rozmowę na to stanowisko", "interview", "receptionist"),
])
def test_short_follow_ups_resolve_against_the_chat(engine, context, text, intent, role):
    got = understand(engine, text, context)
    assert (got.intent, got.role) == (intent, role)


@pytest.mark.parametrize("context, text", [
    ("what does an accounts payable clerk do?", "similar roles?"),
    ("czym zajmuje się specjalista ds. płac?", "a podobne stanowiska?"),
])
def test_similar_roles_are_the_roles_close_to_the_one_talked_about(engine, context, text):
    got = understand(engine, text, context)
    seed = got.similar_to
    assert (got.intent, got.decided_by) == ("suggest", "similar_roles") and seed
    assert got.suggestions and set(got.suggestions) <= set(engine.kb.roles[seed].related)


# -- language and wording -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "posrednik nieruchomosci to front office?",
    "jakie skills potrzebuje customer service",
])
def test_polish_with_english_words_or_without_diacritics_is_answered_in_polish(engine, text):
    assert engine.handle(text, ChatState()).answer.lang == "pl"


def test_a_lang_choice_holds_for_commands_and_buttons(engine):
    state = ChatState()
    engine.reply("czy kasjer to front office?", state)
    engine.lang(state, "pl", "en")
    assert engine.roles(state, "pl").lang == "en"
    assert engine.press("card:cashier", state, "pl").lang == "en"


@pytest.mark.parametrize("text", ["is a receptionist front or back office?", "recepcjonistka to front czy back?"])
def test_the_opening_of_a_classification_never_contradicts_a_front_or_back_question(engine, text):
    answer = reply(engine, text)
    assert "not back office" not in answer and "to nie back office" not in answer
    assert not understand(engine, text).negated


@pytest.mark.parametrize("text", ["isn't a cashier back office?", "czy kasjer nie jest przypadkiem back office?"])
def test_a_negated_guess_is_corrected(engine, text):
    got = understand(engine, text)
    assert got.negated and got.role == "cashier"


def test_an_english_message_reads_only_english_fit_phrases(engine):
    """ "markets" in English is trading, not the Polish "market" (a supermarket, where the cashier works)."""
    got = understand(engine, "im into markets and fast decisions, can handle stress. what fits?")
    assert got.intent == "suggest" and "trader" in got.suggestions and "cashier" not in got.suggestions


@pytest.mark.parametrize("text, intent", [
    ("is a financial advisor front office? they make good money right", "classify"),
    ("recommend me a role: I'm competitive, persuasive and want commission", "suggest"),
])
def test_a_plain_request_beside_a_word_on_pay_is_answered_with_a_word_on_pay(engine, text, intent):
    got = understand(engine, text)
    assert (got.intent, got.topic) == (intent, "pay")


def test_the_words_asking_for_a_suggestion_are_not_a_reason_for_one(engine):
    """ "recommend me a role" asks; it does not say the user likes recommending things (the concierge's phrase)."""
    got = understand(engine, "recommend me a role: I'm competitive and want commission")
    assert got.intent == "suggest" and got.suggestions
    assert not any("recommend" in said for said in (w for words in got.reasons.values() for w in words))


@pytest.mark.parametrize("text, role, category", [
    ("Główna księgowa – Lublin, umowa o pracę", "chief-accountant", "back-office"),
    ("Recepcjonistka w hotelu (umowa zlecenie). Front czy back?", "hotel-receptionist", "front-office"),
    ("Night Auditor – city hotel, night shifts", "hotel-receptionist", "front-office"),
    ("Kierowca autobusu – MPK, umowa o pracę", None, "non-office"),
])
def test_a_contract_printed_after_a_job_title_describes_the_ad(engine, text, role, category):
    got = understand(engine, text)
    assert (got.intent, got.topic, got.role, got.category) == ("classify", None, role, category)


@pytest.mark.parametrize("text", [
    "czy księgowa może pracować na umowie zlecenie",
    "can a receptionist be on a b2b contract?",
    "Księgowa – Kraków, umowa o pracę czy B2B, co lepsze?",
])
def test_a_contract_asked_about_is_still_labour_law(engine, text):
    assert understand(engine, text).topic == "law"


def test_a_contract_alone_after_a_title_the_catalogue_lacks_describes_the_ad(engine):
    got = understand(engine, "Partner Success Specialist – permanent contract?")
    assert (got.intent, got.topic, got.role) == ("classify", None, None)


@pytest.mark.parametrize("text, refused", [
    ("lubię pomagać ludziom przy komputerach, ale sieci i serwery to nie dla mnie", "network-administrator"),
    ("anything but sales please, I like helping people", "sales-representative"),
    ("nic z liczbami, jestem humanistką", "accountant"),
    ("I'm organised but phone work is hard for me", "call-center-agent"),
])
def test_a_refusal_before_or_after_the_thing_refused_keeps_it_out(engine, text, refused):
    got = understand(engine, text)
    assert got.intent == "suggest" and refused not in got.suggestions


def test_nothing_against_a_thing_is_no_refusal_of_it(engine):
    got = understand(engine, "nie mam nic przeciwko liczbom, lubię excela, co mi polecisz?")
    assert {"accountant", "bookkeeper", "accounts-payable-clerk", "data-entry-clerk"} & set(got.suggestions)


@pytest.mark.parametrize("text, topic", [
    ("does a compliance officer earn more than an accountant?", "pay"),
    ("jaką umowę podpisać z recepcjonistką, zlecenie czy o pracę?", "law"),
    ("our new IT guy seems lazy, how do I deal with him?", "workplace"),
])
def test_a_comparison_of_pay_or_a_contract_choice_is_declined(engine, text, topic):
    got = understand(engine, text)
    assert (got.intent, got.topic) == ("out_of_scope", topic)
