"""Answers say the right thing, in the message's language, with buttons that lead further."""
from __future__ import annotations

import pytest

from bot.core import Engine
from bot.nlu.understanding import Understanding
from bot.state import ChatState


def commands(answer) -> list[str]:
    return [a.command for a in answer.actions]


def test_a_classification_says_the_office_type_and_why_and_offers_more(engine: Engine):
    answer = engine.reply("is a bookkeeper back office?", ChatState())
    text = answer.plain_text()
    assert "Yes — the bookkeeper role is back office." in text and "not for its customers" in text
    assert {"skills:bookkeeper", "interview:bookkeeper"} <= set(commands(answer))


def test_a_role_between_office_types_says_when_the_other_one_applies(engine: Engine):
    english = engine.reply("is a compliance officer middle office?", ChatState()).plain_text()
    assert "Also back office: outside banks and investment firms, where compliance sits with" in english
    polish = engine.reply("czy rekruter to back office?", ChatState()).plain_text()
    assert "Także front office: w agencji rekrutacyjnej lub u dostawcy RPO" in polish


def test_a_wrong_guess_is_corrected(engine: Engine):
    text = engine.reply("is a cashier back office?", ChatState()).plain_text()
    assert "No — the cashier role is front office, not back office." in text


def test_a_negated_question_gets_the_right_correction(engine: Engine):
    assert "Right" in engine.reply("isn't a cashier back office?", ChatState()).plain_text()
    assert "przeciwnie" in engine.reply("czy księgowa nie jest back office?", ChatState()).plain_text()


def test_answers_in_polish_to_a_polish_question(engine: Engine):
    answer = engine.reply("jakie umiejętności powinna mieć recepcjonistka?", ChatState())
    assert answer.lang == "pl" and answer.plain_text().startswith("Lista umiejętności")


def test_a_skills_checklist_groups_soft_hard_and_computer_skills(engine: Engine):
    text = engine.reply("skills checklist for a payroll specialist", ChatState()).plain_text()
    assert "Soft skills" in text and "Computer skills" in text and text.count("☐") >= 6


def test_interview_questions_come_with_what_a_good_answer_shows(engine: Engine):
    text = engine.reply("interview questions for a cashier", ChatState()).plain_text()
    assert text.count("A good answer shows") >= 6


def test_an_unknown_role_is_admitted_not_guessed(engine: Engine):
    answer = engine.reply("is a growth hacker back office?", ChatState())
    assert "I don't know the role \"growth hacker\", so I won't guess" in answer.plain_text()
    assert "roles" in commands(answer)


def test_a_job_outside_office_work_is_told_so_with_office_roles_near_it(engine: Engine):
    answer = engine.reply("is a nurse back office?", ChatState())
    assert "Nurse is not an office job" in answer.plain_text()
    assert any("medical-receptionist" in command for command in commands(answer))


def test_a_polish_question_about_a_non_office_job_is_answered_in_polish(engine: Engine):
    text = engine.reply("umiejętności kelnera", ChatState()).plain_text()
    assert "Kelner to nie praca biurowa" in text


def test_suggestions_name_the_users_words_that_matched(engine: Engine):
    text = engine.reply("I'm good with numbers and hate phone calls. Which job suits me?", ChatState()).plain_text()
    assert "because you mentioned" in text and "numbers" in text
    assert "You'd rather avoid: phone calls" in text


def test_comparing_office_types_covers_all_three(engine: Engine):
    answer = engine.reply("front office vs back office", ChatState())
    assert {"list:front-office", "list:middle-office", "list:back-office"} <= set(commands(answer))


def test_listing_back_office_roles_offers_each_as_a_button(engine: Engine):
    answer = engine.reply("list back office jobs", ChatState())
    assert "card:payroll-specialist" in commands(answer)


def test_every_button_leads_to_an_answer(engine: Engine):
    state = ChatState()
    for command in commands(engine.reply("is a bookkeeper back office?", state)):
        follow = engine.press(command, state)
        assert follow.blocks and "out of date" not in follow.plain_text()


def test_a_button_remembers_its_role_for_the_next_question(engine: Engine):
    state = ChatState()
    engine.press("card:trader", state)
    assert engine.understand("and the skills?", state).role == "trader"


def test_a_stale_button_gets_an_explanation_and_a_fresh_menu(engine: Engine):
    answer = engine.press("skills:astronaut", ChatState(), "en")
    assert "out of date" in answer.plain_text() and "roles" in commands(answer)


def test_an_example_button_asks_its_question(engine: Engine):
    answer = engine.press("example:en0", ChatState())
    assert "Bookkeeper" in answer.plain_text()


def test_off_topic_questions_get_a_friendly_redirect_with_examples(engine: Engine):
    answer = engine.reply("what's the weather in Warsaw?", ChatState())
    assert "office roles" in answer.plain_text() and len(answer.actions) == 3


def test_the_greeting_follows_the_users_telegram_language(engine: Engine):
    assert engine.start(ChatState(), "pl-PL").lang == "pl"
    assert engine.start(ChatState(), "de").lang == "en"


def test_a_follow_up_without_any_context_asks_which_role(engine: Engine):
    assert "Which role" in engine.reply("and the skills?", ChatState()).plain_text()


def test_the_command_menu_comes_from_the_ui_strings_in_both_languages(engine: Engine):
    assert [c for c, _ in engine.commands("pl")] == ["start", "help", "roles", "lang"]
    assert engine.commands("pl")[1][1] != engine.commands("en")[1][1]


def test_every_role_and_office_button_answers_within_telegrams_limits(engine: Engine):
    stale = {engine.ui("stale_button", "en"), engine.ui("stale_button", "pl")}
    commands = [f"{verb}:{slug}" for slug in engine.kb.roles for verb in ("card", "duties", "skills", "interview",
                                                                          "similar")]
    commands += [f"{verb}:{office}" for office in engine.kb.office_types
                 for verb in ("office", "list", "oduties", "oskills", "ointerview")]
    for lang in ("en", "pl"):
        for command in commands:
            answer = engine.press(command, ChatState(lang=lang), lang)
            assert answer.blocks and not any(s in answer.plain_text() for s in stale), command
            assert all(len(a.command.encode()) <= 64 for a in answer.actions), command


@pytest.mark.parametrize("lang, words", [("en", "Did you mean"), ("pl", "Czy chodzi o")])
def test_two_close_readings_get_did_you_mean_with_both_as_buttons(engine: Engine, lang, words):
    reading = Understanding(intent="interview", lang=lang, confidence=0.9, role="cashier", category="front-office",
                            choices=["interview", "duties"])
    answer = engine.composer.answer(reading)
    assert words in answer.plain_text()
    assert commands(answer) == ["interview:cashier", "duties:cashier"]


def test_part_of_a_role_name_asks_which_role_and_keeps_the_request(engine: Engine):
    answer = engine.reply("what are the duties of a clerk?", ChatState())
    assert "could be several roles" in answer.plain_text()
    assert {"duties:accounts-payable-clerk", "duties:records-clerk", "duties:billing-clerk"} <= set(commands(answer))
    polish = engine.reply("czy doradca to front office?", ChatState())
    assert "Samo „doradca”" in polish.plain_text() and "card:financial-advisor" in commands(polish)


def test_a_vague_message_falls_back_to_what_the_bot_can_do_with_examples(engine: Engine):
    for text, lang in (("hmm, so?", "en"), ("no i co?", "pl")):
        answer = engine.reply(text, ChatState())
        assert answer.lang == lang and any(c.startswith("example:") for c in commands(answer)), text
