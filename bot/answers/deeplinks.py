"""Deep links: t.me/<bot>?start=<payload> opens a role card, a checklist or an interview kit directly, so a
recruiter can share one. Payloads use only what Telegram allows there (A-Z, a-z, 0-9, _ and -, 64 at most).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ROLE, CHECKLIST, INTERVIEW, OFFICE = "role", "checklist", "interview", "office"
KINDS = (ROLE, CHECKLIST, INTERVIEW, OFFICE)


@dataclass(frozen=True)
class DeepLink:
    kind: str  # one of KINDS
    slug: str  # a role or office-type slug, not yet checked against the knowledge base

    @classmethod
    def parse(cls, payload: str) -> DeepLink | None:
        kind, _, slug = payload.strip().partition("-")
        return cls(kind, slug) if kind in KINDS and slug else None


def role_payload(slug: str) -> str:
    """The payload that opens a role's card: "role-bookkeeper"."""
    return f"{ROLE}-{slug}"


def office_slug(slug: str, offices: Mapping[str, object]) -> str | None:
    """An office type from its slug or its short form ("back" for "back-office")."""
    if slug in offices:
        return slug
    return f"{slug}-office" if f"{slug}-office" in offices else None
