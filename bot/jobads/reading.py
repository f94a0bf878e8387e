"""What the understanding keeps of a pasted ad: the ad as read and the role behind it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.jobads.reader import JobAd
from bot.jobads.role import AdRole


@dataclass(frozen=True)
class AdReading:
    ad: JobAd
    role: AdRole

    @property
    def offices(self) -> tuple[str, ...]:
        """The office types the ad's job has ("non-office" for other work): what the answer names."""
        return ("non-office",) if self.role.occupation else self.role.offices
