"""Realistic questions for the benchmarks: Polish and English, typos and missing diacritics, follow-ups."""

from __future__ import annotations

import random

ENGLISH = [
    "is a bookkeeper back office?",
    "Is a receptionist front office or back office?",
    "what does a payroll specialist do?",
    "What are the duties of a compliance officer?",
    "skills checklist for a cashier",
    "What skills does a risk analyst need?",
    "interview questions for a call center agent",
    "What should I ask a candidate for accounts payable clerk?",
    "which office is a trader in?",
    "Is IT support front office?",
    "what does a concierge do all day",
    "Front office vs back office",
    "what is middle office?",
    "I'm good with numbers and hate phone calls. Which job suits me?",
    "I like talking to people, what role fits me?",
    "and the skills?",
    "what about interview questions?",
    "is a data entry clerk middle office",
    "what does a claims processor do",
    "Skills for a tax specialist please",
    "hi",
    "thanks!",
    "what's the weather tomorrow?",
    "is a recepcionist front office",  # typo
    "HR manager - front or back?",
    "compare front and middle office",
    "roles in the back office",
    "what does a network admin do?",
    "Is a financial advisor customer-facing?",
    "questions to ask a legal counsel candidate",
]

POLISH = [
    "czy księgowa to back office?",
    "Czy recepcjonistka to front office?",
    "czym zajmuje się specjalista ds. płac?",
    "jakie obowiązki ma kasjer",
    "Jakie umiejętności powinna mieć recepcjonistka?",
    "czego wymaga się od księgowej?",
    "Jakie pytania zadać kandydatowi na księgową?",
    "o co pytać na rozmowie z analitykiem ryzyka",
    "do jakiego biura należy trader?",
    "czy informatyk z helpdesku to front office",
    "na czym polega praca konsjerża",
    "Czym różni się front office od back office?",
    "co to jest middle office",
    "Lubię liczby i nie lubię telefonów. Jaka praca do mnie pasuje?",
    "lubie kontakt z ludzmi, jakie stanowisko dla mnie?",  # no diacritics
    "a umiejętności?",
    "a pytania rekrutacyjne?",
    "czy ksiegowy to back office",  # no diacritics
    "czym sie zajmuje likwidator szkod",
    "umiejętności doradcy podatkowego",
    "cześć",
    "dzięki!",
    "jaka będzie jutro pogoda?",
    "czy recepcjonista to front ofice",  # typo
    "kierownik HR - front czy back?",
    "porównaj front i middle office",
    "stanowiska w back office",
    "czym zajmuje się administrator sieci?",
    "czy doradca finansowy ma kontakt z klientem?",
    "pytania rekrutacyjne dla radcy prawnego",
]


def conversation(n: int, chats: int = 100, seed: int = 7) -> list[tuple[int, str, str]]:
    """`n` (chat_id, text, Telegram language) triples spread over `chats` chats, half Polish, half English."""
    rng = random.Random(seed)
    messages = []
    for _ in range(n):
        chat_id = 10_000 + rng.randrange(chats)
        if chat_id % 2:
            messages.append((chat_id, rng.choice(POLISH), "pl"))
        else:
            messages.append((chat_id, rng.choice(ENGLISH), "en"))
    return messages
