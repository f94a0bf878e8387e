"""An ad against the catalogue role behind it: which of its requirements are the role's usual skills, which usual
skills it leaves out, and what it asks beyond the role — what a job seeker ticks and learns next."""

from __future__ import annotations

from dataclasses import dataclass

from bot.jobads.reader import JobAd
from bot.knowledge.model import Role
from bot.nlu.skill_match import SkillMatcher

ASKING = ("requirements", "nice_to_have")


@dataclass(frozen=True)
class AdMatch:
    asked: tuple[int, ...]  # the role's skills the ad asks for (indices in role.skills), in the ad's order
    missing: tuple[int, ...]  # the role's usual skills the ad does not mention
    beyond: tuple[str, ...]  # requirements that are none of the role's skills, as the ad words them
    pairs: tuple[tuple[str, tuple[int, ...]], ...]  # each requirement with the role's skills it asks for

    @property
    def mask(self) -> int:
        """The asked skills as a bit mask (the checklist's button data)."""
        return sum(1 << i for i in self.asked)


def match(ad: JobAd, role: Role, skills: SkillMatcher, lang: str, unlawful: tuple[str, ...] = ()) -> AdMatch:
    """`unlawful`: requirements the ad check objects to ("aged 20–28"): no skill, so never "beyond the role"."""
    lines = tuple(line for line in ad.lines(*ASKING) if line not in unlawful)
    found = skills.asked_by(role.slug, lines, lang)
    asked = tuple(dict.fromkeys(i for indices in found for i in indices))
    return AdMatch(
        asked=asked,
        missing=tuple(i for i in range(len(role.skills)) if i not in asked),
        beyond=tuple(line for line, indices in zip(lines, found, strict=True) if not indices),
        pairs=tuple(zip(lines, found, strict=True)),
    )
