"""Each named override (bot/nlu/overrides.py) decides the messages it was written for, in both languages, and
records its name in Understanding.decided_by."""
from __future__ import annotations

import pytest

from bot.evaluation import understand_in_chat as understand


@pytest.mark.parametrize("context, text, intent, role", [
    (("what skills does a cashier need?",), "no, I meant the bookkeeper", "skills", "bookkeeper"),
    (("jakie umiejętności ma kasjer?",), "nie, chodziło mi o księgową", "skills", "accountant"),
])
def test_correction_asks_the_previous_request_about_the_role_now_named(engine, context, text, intent, role):
    got = understand(engine, text, *context)
    assert (got.intent, got.role, got.decided_by) == (intent, role, "correction")


@pytest.mark.parametrize("text, first, second", [
    ("receptionist vs cashier", "receptionist", "cashier"),
    ("czym się różni kasjer od recepcjonistki?", "cashier", "receptionist"),
])
def test_two_roles_and_a_comparison_compare_the_roles(engine, text, first, second):
    got = understand(engine, text)
    assert (got.intent, got.roles[:2], got.decided_by) == ("compare", [first, second], "two_roles")


@pytest.mark.parametrize("context, text", [
    ("what does a bookkeeper do?", "any similar roles?"),
    ("co robi księgowa?", "a podobne stanowiska?"),
])
def test_similar_roles_suggests_the_roles_related_to_the_one_talked_about(engine, context, text):
    got = understand(engine, text, context)
    assert (got.intent, got.decided_by) == ("suggest", "similar_roles")
    assert got.suggestions and set(got.suggestions) <= set(engine.kb.roles[got.similar_to].related)


@pytest.mark.parametrize("text", ["how much does an accountant earn?", "ile zarabia księgowa?"])
def test_out_of_lane_declines_a_question_next_to_the_topic(engine, text):
    got = understand(engine, text)
    assert (got.intent, got.decided_by, got.topic, got.role) == ("out_of_scope", "out_of_lane", "pay", None)


@pytest.mark.parametrize("text, current", [
    ("I'm a call centre agent and I'm burnt out, what else could I do?", "call-center-agent"),
    ("jestem kasjerką i mam dość, co dalej?", "cashier"),
])
def test_career_change_suggests_other_roles_than_the_users_own(engine, text, current):
    got = understand(engine, text)
    assert (got.intent, got.decided_by) == ("suggest", "career_change")
    assert got.current_job == current and current not in got.suggestions


@pytest.mark.parametrize("context, text, intent, role", [
    ("what does a payroll specialist do?", "and a bookkeeper?", "duties", "bookkeeper"),
    ("co robi specjalista ds. płac?", "a księgowa?", "duties", "accountant"),
    ("interview questions for a cashier", "and a receptionist?", "interview", "receptionist"),
])
def test_follow_up_repeats_the_request_for_the_role_now_named(engine, context, text, intent, role):
    got = understand(engine, text, context)
    assert (got.intent, got.role, got.decided_by) == (intent, role, "follow_up")


@pytest.mark.parametrize("context, text, category", [
    ("what skills does front office need?", "and middle office?", "middle-office"),
    ("jakie umiejętności są potrzebne w front office?", "a w back office?", "back-office"),
])
def test_follow_up_repeats_a_request_about_an_office_type(engine, context, text, category):
    got = understand(engine, text, context)
    assert (got.intent, got.category, got.decided_by) == ("skills", category, "follow_up")


def test_follow_up_leaves_an_office_type_after_a_role_question_to_classification(engine):
    got = understand(engine, "a czy to front?", "jakie są obowiązki konsjerża w hotelu?")
    assert got.decided_by != "follow_up" and got.intent == "classify" and got.role == "concierge"


@pytest.mark.parametrize("text, role", [("and a bookkeeper?", "bookkeeper"), ("a kasjer?", "cashier")])
def test_bare_role_opening_a_chat_asks_where_it_belongs(engine, text, role):
    got = understand(engine, text)
    assert (got.intent, got.role, got.decided_by) == ("classify", role, "bare_role")
