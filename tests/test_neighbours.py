"""'Similar roles' searches the whole catalogue: a role's own related roles first, then the closest others."""

from __future__ import annotations

import pytest

from bot.answers.neighbours import Neighbours


@pytest.fixture(scope="module")
def neighbours(engine) -> Neighbours:
    return engine.composer.neighbours


def test_a_roles_own_related_roles_come_first_in_their_order(engine, neighbours):
    for role in list(engine.kb.roles.values())[:40]:
        related = [s for s in role.related if s in engine.kb.roles]
        assert list(neighbours.of(role.slug)[: len(related)]) == related


def test_a_short_related_list_is_filled_from_the_catalogue(engine, neighbours):
    shown = engine.kb.settings["similar_roles"]
    short = [role for role in engine.kb.roles.values() if len(role.related) < shown]
    assert short, "every role lists enough related roles: nothing to fill"
    for role in short:
        assert len(neighbours.of(role.slug)) == shown


def test_the_roles_added_share_skills_or_a_department_with_it(engine, neighbours):
    for role in engine.kb.roles.values():
        for slug in neighbours.of(role.slug)[len(role.related):]:
            other = engine.kb.roles[slug]
            shared = neighbours.skills[role.slug] & neighbours.skills[slug]
            assert shared or other.department == role.department, (role.slug, slug)


def test_a_role_is_never_its_own_neighbour(engine, neighbours):
    assert all(role.slug not in neighbours.of(role.slug) for role in engine.kb.roles.values())


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_similar_roles_answer_lists_them_with_a_button_each(engine, neighbours, lang):
    role = next(r for r in engine.kb.roles.values() if len(r.related) < engine.kb.settings["similar_roles"])
    answer = engine.composer.similar(role, lang)
    slugs = neighbours.of(role.slug)
    assert [a.command for a in answer.actions] == [f"card:{slug}" for slug in slugs]
    names = [engine.kb.roles[slug].name.get(lang) for slug in slugs]
    assert [item.split(" — ")[0] for item in answer.blocks[1].items] == names
