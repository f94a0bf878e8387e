"""The interactive flows in the core (and the console): checklists, interview kits, browsing, deep links,
/lang and inline search. Telegram shows the same Answers; tests/test_telegram_flows.py drives it."""
from __future__ import annotations

import io

import pytest

from bot.answers.catalogue import Catalogue
from bot.answers.model import Answer
from bot.console import chat
from bot.core import Engine
from bot.state import ChatState

MAX_CALLBACK_BYTES = 64


def commands(answer: Answer) -> list[str]:
    return [a.command for a in answer.actions]


def action(answer: Answer, label_part: str):
    return next(a for a in answer.actions if label_part in a.label)


def is_stale(answer: Answer, engine: Engine) -> bool:
    return answer.plain_text().startswith(engine.ui("stale_button", answer.lang))


# -- skills checklist -----------------------------------------------------------------------------------
def test_the_skills_button_opens_a_checklist_with_one_button_per_skill(engine: Engine):
    answer = engine.press("skills:bookkeeper", ChatState(), "en")
    skills = engine.kb.roles["bookkeeper"].skills
    assert not answer.edit and answer.columns == 1
    assert answer.plain_text().count("☐") == len(skills)
    assert len(answer.actions) == len(skills) + 1 and answer.actions[-1].command == "ckd:bookkeeper:0"


def test_tapping_a_skill_ticks_it_in_place_and_tapping_again_unticks_it(engine: Engine):
    opened = engine.press("skills:bookkeeper", ChatState(), "en")
    first = opened.actions[0]
    ticked = engine.press(first.command, ChatState(), "en")
    assert ticked.edit
    assert ticked.plain_text().count("✅") == 1
    assert ticked.actions[0].label == first.label.replace("☐", "✅", 1)
    unticked = engine.press(ticked.actions[0].command, ChatState(), "en")
    assert unticked.plain_text().count("✅") == 0


def tick(engine: Engine, slug: str, buttons: list[int], lang: str = "en") -> Answer:
    """Open a checklist and tap these item buttons, each on a fresh state, as if the bot restarted between."""
    answer = engine.press(f"skills:{slug}", ChatState(), lang)
    for index in buttons:
        answer = engine.press(answer.actions[index].command, ChatState(), lang)
    return answer


def test_done_counts_the_ticks_says_what_to_learn_and_which_roles_fit(engine: Engine):
    checklist = tick(engine, "bookkeeper", [0, 3, 5])     # a soft, a professional and a computer skill
    assert checklist.plain_text().count("✅") == 3
    result = engine.press(checklist.actions[-1].command, ChatState(), "en")
    text = result.plain_text()
    skills = engine.kb.roles["bookkeeper"].skills
    assert f"You have 3 of the {len(skills)} skills on the list." in text
    learn = text.split("What to learn next:")[1].split("Roles that best fit")[0]
    assert learn.count("•") == len(skills) - 3
    assert learn.index("VAT, JPK_V7") < learn.index("Discretion")  # professional skills before soft ones
    role_buttons = [c for c in commands(result) if c.startswith("brr:")]
    assert len(role_buttons) == 3 and role_buttons[0] == "brr:bookkeeper"


def test_the_best_fitting_roles_follow_the_ticked_skills_not_the_checklists_role(engine: Engine):
    """Ticking a receptionist's people skills points to front-office roles; accounting skills to back office."""
    people = engine.flows.checklist.best_fits(["Excellent interpersonal skills", "Patience"], "en")
    books = engine.flows.checklist.best_fits(["Double-entry bookkeeping", "Knowledge of VAT and invoicing rules"], "en")
    assert {engine.kb.roles[s].office for s in people} == {"front-office"}
    assert {engine.kb.roles[s].office for s in books} == {"back-office"}


def test_done_with_everything_ticked_congratulates_in_polish(engine: Engine):
    size = len(engine.kb.roles["receptionist"].skills)
    result = engine.press(f"ckd:receptionist:{(1 << size) - 1:x}", ChatState(), "pl")
    assert f"Masz {size} z {size} umiejętności z listy." in result.plain_text()
    assert "Masz wszystkie umiejętności z listy" in result.plain_text()


def test_an_office_type_has_a_checklist_too(engine: Engine):
    answer = engine.press("oskills:front-office", ChatState(), "pl")
    assert answer.plain_text().startswith("Lista umiejętności: Front office")
    assert answer.plain_text().count("☐") == len(engine.kb.office_types["front-office"].skills)


def test_the_typed_skills_answer_offers_the_interactive_checklist(engine: Engine):
    answer = engine.reply("skills checklist for a payroll specialist", ChatState())
    assert "skills:payroll-specialist" in commands(answer)


@pytest.mark.parametrize("data", ["ck:bookkeeper:zz", "ck:bookkeeper:ffff", "ck:astronaut:0", "ck:bookkeeper",
                                  "ckd:bookkeeper:-1", "ckd:nope:1"])
def test_a_malformed_or_stale_checklist_button_gets_the_menu(engine: Engine, data: str):
    assert is_stale(engine.press(data, ChatState(), "en"), engine)


# -- interview kits ---------------------------------------------------------------------------------------
def test_an_interview_kit_pages_through_every_question_and_starts_over(engine: Engine):
    questions = engine.kb.roles["cashier"].interview
    page = engine.press("interview:cashier", ChatState(), "en")
    seen = []
    for _ in range(5):
        seen += [q.text.en for q in questions if q.text.en in page.plain_text()]
        more = page.actions[0]
        if "From the start" in more.label:
            break
        page = engine.press(more.command, ChatState(), "en")
        assert page.edit
    assert seen == [q.text.en for q in questions]
    assert engine.press(more.command, ChatState(), "en").plain_text() == engine.press(
        "interview:cashier", ChatState(), "en").plain_text()


def test_the_kit_switches_between_the_hiring_manager_and_the_candidate_view(engine: Engine):
    manager = engine.press("kit:m:1:bookkeeper", ChatState(), "en")
    candidate = engine.press(action(manager, "Candidate view").command, ChatState(), "en")
    assert "A good answer shows" in manager.plain_text() and "Tip" not in manager.plain_text()
    assert "Tip — the interviewer listens for" in candidate.plain_text()
    assert manager.plain_text().split("\n\n")[1] == candidate.plain_text().split("\n\n")[1]  # the same page
    assert "kit:m:1:bookkeeper" in commands(candidate)


def test_the_kit_comes_as_a_markdown_file_with_every_question(engine: Engine):
    answer = engine.press("kitf:m:bookkeeper", ChatState(), "pl")
    assert answer.document is not None
    assert answer.document.filename == "pytania-rekrutacyjne-bookkeeper.md"
    text = answer.document.text
    assert text.startswith("# Pytania rekrutacyjne dla rekrutera")
    assert all(q.text.pl in text and q.good_answer.pl in text for q in engine.kb.roles["bookkeeper"].interview)


def test_an_office_types_kit_is_in_polish_when_asked_in_polish(engine: Engine):
    answer = engine.press("ointerview:back-office", ChatState(), "pl")
    assert answer.plain_text().startswith("Pytania rekrutacyjne dla rekrutera: Back office")
    assert "Pytania 1–3 z" in answer.plain_text()


@pytest.mark.parametrize("data", ["kit:x:0:bookkeeper", "kit:m:99:bookkeeper", "kit:m:a:bookkeeper",
                                  "kit:m:0:astronaut", "kitf:q:bookkeeper", "kitf:m"])
def test_a_stale_kit_button_gets_the_menu(engine: Engine, data: str):
    assert is_stale(engine.press(data, ChatState(), "en"), engine)


# -- browsing -----------------------------------------------------------------------------------------------
def test_browsing_goes_office_type_then_department_then_role_then_card(engine: Engine):
    state = ChatState()
    menu = engine.roles(state, "en")
    office = engine.press(action(menu, "Back office").command, state, "en")
    assert office.edit and "Roles I know in the Back office" in office.plain_text()
    assert "Choose a department" in office.plain_text()
    finance = engine.press(action(office, "Finance and accounting").command, state, "en")
    assert finance.edit and finance.plain_text().startswith("Finance and accounting · Back office")
    card = engine.press(action(finance, "Bookkeeper").command, state, "en")
    text = card.plain_text()
    assert card.edit and text.startswith("Bookkeeper: Back office") and "Duties" in text and "Skills" in text
    assert commands(card)[:4] == ["skills:bookkeeper", "interview:bookkeeper", "similar:bookkeeper", "cmp:bookkeeper"]
    assert action(card, "Share").link == "role-bookkeeper"
    assert state.role == "bookkeeper"  # a follow-up question is about the card's role


def test_each_back_button_returns_one_level_up(engine: Engine):
    state = ChatState()
    menu = engine.roles(state, "en")
    office = engine.press("bro:back-office", state, "en")
    finance = engine.press(action(office, "Finance and accounting").command, state, "en")
    card = engine.press(action(finance, "Bookkeeper").command, state, "en")
    assert engine.press(action(card, "Back").command, state, "en").plain_text() == finance.plain_text()
    assert engine.press(action(finance, "Back").command, state, "en").plain_text() == office.plain_text()
    assert engine.press(action(office, "Back").command, state, "en").plain_text() == menu.plain_text()


def test_an_office_type_lists_every_department_it_has_with_role_counts(engine: Engine):
    office = engine.press("bro:back-office", ChatState(), "en")
    departments = [a for a in office.actions if a.command.startswith("brd:")]
    counts = [int(a.label.rsplit("(", 1)[1].rstrip(")")) for a in departments]
    own_or_also = engine.kb.roles_in("back-office") + engine.kb.roles_also_in("back-office")
    assert sum(counts) == len(own_or_also) and counts == sorted(counts, reverse=True)
    assert all(a.command.endswith(":0") for a in departments)    # each department opens on its first page


def test_a_department_longer_than_a_page_turns_pages_in_place(engine: Engine):
    size = engine.kb.settings["browse_page"]
    first = engine.press("brd:back:it:0", ChatState(), "en")
    total = len([a for a in first.actions if a.command.startswith("brr:")])
    assert total == size and f"Roles 1–{size} of" in first.plain_text()
    assert [a.label for a in first.actions[-2:]] == ["Next ➡️", "↩️ Back"]    # no Previous on the first page
    second = engine.press(action(first, "Next").command, ChatState(), "en")
    assert second.edit and f"Roles {size + 1}–{2 * size} of" in second.plain_text()
    assert engine.press(action(second, "Previous").command, ChatState(), "en").plain_text() == first.plain_text()


def test_the_last_page_of_a_department_has_no_next_button(engine: Engine):
    size = engine.kb.settings["browse_page"]
    office = engine.press("bro:back-office", ChatState(), "en")
    it = action(office, "IT (")
    count = int(it.label.rsplit("(", 1)[1].rstrip(")"))
    last = engine.press(it.command.removesuffix(":0") + f":{(count - 1) // size}", ChatState(), "en")
    assert f"of {count}" in last.plain_text() and "Previous" in last.actions[-2].label
    assert not any("Next" in a.label for a in last.actions)


def test_a_page_lists_roles_one_a_row_and_the_page_turns_side_by_side(engine: Engine):
    page = engine.press("brd:back:it:1", ChatState(), "en")
    roles = [a for a in page.actions if a.command.startswith("brr:")]
    assert page.rows == (1,) * len(roles) + (2,)


def test_back_from_a_card_returns_to_the_page_that_listed_it(engine: Engine):
    second = engine.press("brd:back:it:1", ChatState(), "en")
    role = next(a for a in second.actions if a.command.startswith("brr:"))
    card = engine.press(role.command, ChatState(), "en")
    assert action(card, "Back").command == "brd:back:it:1"


def test_browsing_speaks_polish(engine: Engine):
    office = engine.press("bro:back-office", ChatState(), "pl")
    assert "Wybierz dział" in office.plain_text() and action(office, "Wstecz").command == "br"
    page = engine.press("brd:back:it:0", ChatState(), "pl")
    assert "Stanowiska 1–" in page.plain_text() and action(page, "Dalej").command == "brd:back:it:1"


@pytest.mark.parametrize("data", ["brd:back:it:99", "brd:back:it:x", "brd:side:it:0", "brd:back:nowhere:0",
                                  "brr:bookkeeper:front", "bro:side"])
def test_a_stale_browse_button_gets_the_menu(engine: Engine, data: str):
    assert is_stale(engine.press(data, ChatState(), "en"), engine)


def test_the_all_roles_button_opens_the_same_browsable_menu_as_the_command(engine: Engine):
    answer = engine.reply("is a pilot back office?", ChatState())
    assert engine.press(action(answer, "All roles").command, ChatState(), "en") == engine.roles(ChatState(), "en")


def test_a_role_is_compared_with_one_picked_from_a_list(engine: Engine):
    pick = engine.press("cmp:customer-service-representative", ChatState(), "en")
    assert "Compare Customer service representative with:" in pick.plain_text()
    comparison = engine.press(action(pick, "Call centre agent").command, ChatState(), "en")
    assert comparison.plain_text().startswith("Customer service representative vs Call centre agent")
    assert commands(comparison)[-1] == "brr:customer-service-representative"


def test_the_roles_to_compare_with_come_in_pages(engine: Engine):
    pick = engine.press("cmp:accountant", ChatState(), "en")
    choices = [a for a in pick.actions if a.command.startswith("cmp2:")]
    assert len(choices) == engine.kb.settings["browse_page"] and action(pick, "Next").command == "cmp:accountant:1"
    assert "Roles 1–" in pick.plain_text() and action(pick, "Back").command == "brr:accountant"


@pytest.mark.parametrize(("lang", "office", "contact", "only", "duties"), [
    ("en", "Office type: Bookkeeper — back office; Receptionist — front office.", "Client contact — Bookkeeper:",
     "Only the bookkeeper needs:", "What the receptionist does that the bookkeeper does not:"),
    ("pl", "Typ biura: Pomoc księgowa — back office; Recepcjonista — front office.",
     "Kontakt z klientem — Pomoc księgowa:",
     "Tylko pomoc księgowa potrzebuje:", "Co robi recepcjonista, a czego nie robi pomoc księgowa:"),
])
def test_a_comparison_names_what_differs(engine: Engine, lang: str, office: str, contact: str, only: str, duties: str):
    text = engine.press("cmp2:bookkeeper:receptionist", ChatState(), lang).plain_text()
    assert office in text and contact in text and only in text and duties in text


def test_a_comparison_of_one_office_type_says_so_once(engine: Engine):
    text = engine.reply("receptionist vs cashier", ChatState()).plain_text()
    assert "Office type: both front office." in text and "Client contact (both):" in text
    assert "Skills both need:" in text and "What the cashier does that the receptionist does not:" in text
    assert text.count(engine.kb.roles["cashier"].why.en) == 0      # the differences, not two cards stacked


def test_a_role_compared_with_itself_gets_its_card(engine: Engine):
    text = engine.press("cmp2:cashier:cashier", ChatState(), "en").plain_text()
    assert text.startswith("That is the same role twice") and "Cashier: Front office" in text


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_every_flow_button_fits_in_64_bytes(engine: Engine, lang: str):
    """The longest slugs, every tick mask and every page: callback data must stay within Telegram's limit."""
    answers = [engine.roles(ChatState(), lang)]
    for slug, subject in [*engine.kb.roles.items(), *engine.kb.office_types.items()]:
        full = f"{(1 << len(subject.skills)) - 1:x}"
        answers += [engine.press(data, ChatState(), lang)
                    for data in (f"ck:{slug}:{full}", f"ckd:{slug}:{full}", f"interview:{slug}", f"kitf:c:{slug}")]
        if slug in engine.kb.roles:
            answers += [engine.press(f"brr:{slug}", ChatState(), lang), engine.press(f"cmp:{slug}", ChatState(), lang)]
        else:
            office = engine.press(f"bro:{slug}", ChatState(), lang)
            answers.append(office)
            answers += [engine.press(a.command, ChatState(), lang)
                        for a in office.actions if a.command.startswith("brd:")]
    for answer in answers:
        assert not is_stale(answer, engine), answer.plain_text()
        for a in answer.actions:
            assert len(a.command.encode()) <= MAX_CALLBACK_BYTES, a.command
            assert a.link or a.command, a


def test_each_comparison_button_leads_to_the_comparison_it_names(engine: Engine):
    """Long slugs are shortened in the button data; each must still find its two roles."""
    for slug, role in engine.kb.roles.items():
        choices = engine.press(f"cmp:{slug}", ChatState(), "en").actions
        for choice in (c for c in choices if c.command.startswith("cmp2:")):
            title = engine.press(choice.command, ChatState(), "en").plain_text().split("\n")[0]
            assert title == f"{role.name.en} vs {choice.label.removeprefix('🗂 ')}", choice


# -- deep links and /lang ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("payload", "start"), [
    ("role-bookkeeper", "Bookkeeper: Back office"),
    ("checklist-bookkeeper", "Skills checklist: Bookkeeper"),
    ("interview-bookkeeper", "Interview kit for the hiring manager: Bookkeeper"),
    ("office-back", "Roles I know in the Back office"),
    ("office-front-office", "Roles I know in the Front office"),
])
def test_a_deep_link_opens_what_it_names(engine: Engine, payload: str, start: str):
    assert engine.start(ChatState(), "en", payload).plain_text().startswith(start)


@pytest.mark.parametrize("payload", ["role-astronaut", "nonsense", "role-", "office-side"])
def test_an_unknown_deep_link_gets_the_greeting_with_a_note(engine: Engine, payload: str):
    text = engine.start(ChatState(), "pl", payload).plain_text()
    assert text.startswith(engine.ui("deep_link_unknown", "pl")) and engine.ui("greeting", "pl") in text


def test_lang_offers_both_languages_and_keeps_the_choice(engine: Engine):
    state = ChatState()
    menu = engine.lang(state, "en")
    assert commands(menu) == ["lang:en", "lang:pl"]
    switched = engine.press("lang:pl", state, "en")
    assert switched.lang == "pl" and state.lang == "pl"
    assert engine.help(state, "en").lang == "pl"    # the chat's choice wins over the user's Telegram language
    assert engine.lang(state, "en", "EN").lang == "en" and state.lang == "en"


def test_lang_with_an_unknown_code_shows_the_choice(engine: Engine):
    assert commands(engine.lang(ChatState(), "pl", "de")) == ["lang:en", "lang:pl"]


# -- inline search --------------------------------------------------------------------------------------------
def test_an_inline_query_finds_the_role_in_the_querys_language(engine: Engine):
    [card] = engine.inline("recepcjonistka", "en")
    assert card.slug == "receptionist" and card.answer.lang == "pl"
    assert card.title == "Recepcjonista · Front office"
    assert [a.link for a in card.answer.actions] == ["role-receptionist"]


@pytest.mark.parametrize(("query", "slug"), [("ksiegowej", "accountant"), ("payrol specialist", "payroll-specialist"),
                                             ("recep", "receptionist")])
def test_inline_search_understands_inflection_typos_and_unfinished_words(engine: Engine, query: str, slug: str):
    assert slug in [card.slug for card in engine.inline(query, "en")]


def test_an_empty_inline_query_offers_popular_roles_in_the_users_language(engine: Engine):
    cards = engine.inline("", "pl")
    assert len(cards) >= 3 and all(c.answer.lang == "pl" for c in cards)


def test_an_empty_inline_query_offers_typical_roles_of_every_office_type(engine: Engine):
    offices = {engine.kb.roles[c.slug].office for c in engine.inline("", "en")}
    assert offices == set(engine.kb.office_types)


def test_an_inline_query_for_an_office_type_offers_its_typical_roles_first(engine: Engine):
    typical = [s for s in engine.kb.office_types["back-office"].typical_roles if s in engine.kb.roles]
    cards = engine.inline("back office", "en")
    assert [c.slug for c in cards][:3] == typical[:3]


# -- the console -------------------------------------------------------------------------------------------
def test_the_console_browses_ticks_and_prints_the_kit_file(engine: Engine):
    back_office = list(engine.kb.office_types).index("back-office") + 1
    first_role = engine.kb.roles[Catalogue(engine.kb).shelves("back-office", "en")[0].roles[0]]
    done = len(first_role.skills) + 1
    script = f"/roles\n{back_office}\n1\n1\n1\n1\n2\n3\n{done}\n/start interview-cashier\n3\n/lang pl\n"
    out = io.StringIO()
    chat(engine, io.StringIO(script), out, lang="en")
    text = out.getvalue()
    assert f"{first_role.name.en}: Back office" in text
    assert "You have 3 of the" in text
    assert "📄 interview-kit-cashier.md" in text and "# Interview kit for the hiring manager: Cashier" in text
    assert engine.ui("lang_set", "pl").split(",")[0] in text


def test_the_console_share_choice_opens_the_card_as_the_link_would(engine: Engine):
    out = io.StringIO()
    chat(engine, io.StringIO("/start role-cashier\n5\n"), out, lang="en")
    assert out.getvalue().count("Cashier: Front office") == 2
