"""From what a message contains to what it means: the domain's reading rules.

The cues and names are data (knowledge/*.yaml); this module holds only how they combine, e.g. "a role and an
office type, with no other request, is a classification question", and how follow-ups borrow the chat's
earlier role or office type.
"""
from __future__ import annotations

from bot.nlu.analyzer import Analysis
from bot.nlu.understanding import ROLE_INTENTS, Understanding
from bot.state import ChatState

TASKS = ("skills", "interview", "duties")          # requests about a role or an office type
OFFICE_FOLLOWUPS = ("skills", "interview", "duties", "list_roles", "explain")
SHORT_FOLLOWUP = 4                                 # words: "a kasjer?", "and a bookkeeper?"
LISTED_TRAITS = 3                                  # fit phrases that make a statement a self-description
WEAK_FLOOR, WEAK_SPAN = 0.5, 0.3                   # confidence of a reading only ordinary cues support: 0.5..0.8


def decide(a: Analysis, state: ChatState) -> Understanding:
    """Pick the intent and its subject; the confidence says how directly the message supported it."""
    for rule in (_help, _off_topic, _compare, _suggest, _task, _list_roles, _role_or_office, _smalltalk, _followup,
                 _bare_followup):
        result = rule(a, state)
        if result:
            return result
    return Understanding(intent="out_of_scope", lang="", confidence=0.5)


def _make(intent: str, confidence: float, **fields) -> Understanding:
    return Understanding(intent=intent, lang="", confidence=confidence, **fields)


def _domain(a: Analysis) -> float:
    return max(a.strong.get(i, 0.0) for i in (*TASKS, "compare", "list_roles", "explain", "suggest", "classify"))


def _help(a: Analysis, state: ChatState) -> Understanding | None:
    score = a.strong.get("help", 0.0)
    if score < 2 and len(a.words) > SHORT_FOLLOWUP:
        return None                                 # "I want to help sick people" is no request for help
    if score and not a.roles and score >= _domain(a) and score >= a.strong.get("smalltalk", 0.0):
        return _make("help", min(1.0, 0.6 + 0.2 * score))
    return None


def _compare(a: Analysis, state: ChatState) -> Understanding | None:
    score = a.strong.get("compare", 0.0)
    two_named = len(a.offices) >= 2 or len(a.roles) >= 2
    if not score or (score < max(a.strong.get(i, 0.0) for i in TASKS) and not two_named):
        return None
    if not a.roles and not a.offices and not state.category and a.score("classify"):
        return _make("compare", 0.8)               # "what's the difference between the three office types?"
    if len(a.roles) >= 2:
        return _make("compare", 0.9, roles=a.roles[:2], offices=a.offices)
    if a.roles and not a.offices:
        return None                                # "a compliance to samo?": the same office type as before?
    offices = list(a.offices)
    if len(offices) < 2 and state.category and state.category not in offices:
        offices.insert(0, state.category)         # "and how is it different from back office?"
    if not offices:
        return None
    return _make("compare", 0.9 if len(offices) >= 2 else 0.7, offices=offices, from_context=len(a.offices) < 2)


def _suggest(a: Analysis, state: ChatState) -> Understanding | None:
    """"Which job suits me?" needs a request and something about the person (now or said just before)."""
    strong, about_me = a.strong.get("suggest", 0.0), a.weak.get("suggest", 0.0)
    task = max(a.strong.get(i, 0.0) for i in TASKS)
    if (a.roles and (not strong or task >= strong or a.offices or a.strong.get("classify", 0.0) >= strong)) \
            or (a.offices and a.strong.get("list_roles")):
        return None                                 # "szukam pracy z ludźmi, jakie role są w front office?" lists
    asks = strong and (about_me or state.profile or _jobby(a) or a.fits)
    asks = asks or (a.continues and state.intent == "suggest" and a.fits)       # "what about something with no customers?"
    asks = asks or (_jobby(a) and a.fits >= 2 and a.text.rstrip().endswith("?") and not a.roles and not a.offices)
    # "like helping people - what role?", "dobrze mi idzie szukanie dostawców, jaka praca?"
    lists_traits = a.fits >= LISTED_TRAITS and not a.text.rstrip().endswith("?")   # "organised, love spreadsheets"
    describes = (about_me and a.fits or lists_traits) and not a.roles and not a.offices and not task \
        and not a.strong.get("out_of_scope")
    if asks or describes:
        return _make("suggest", 0.9 if asks else 0.6)
    return None


def _jobby(a: Analysis) -> bool:
    return bool(a.weak.get("list_roles") or a.strong.get("list_roles") or a.offices)


def _task(a: Analysis, state: ChatState) -> Understanding | None:
    if a.strong.get("correction") and a.roles and state.intent in ROLE_INTENTS:
        return None                                 # "same question for a trader": the earlier request (_about_role)
    scored = sorted(((a.strong.get(i, 0.0), a.weak.get(i, 0.0), i) for i in TASKS), reverse=True)
    best_strong, best_weak, intent = scored[0]
    followup = not a.roles and not a.offices and state.role and len(a.words) <= SHORT_FOLLOWUP
    if not best_strong and not (best_weak and (a.roles or followup) and not a.offices and not _domain(a)):
        return None                                 # "Is a cashier a front-office job?" is no question of duties
    also = [i for s, w, i in scored[1:] if s and s == best_strong]
    role, category, from_context = _subject(a, state)
    if intent == "duties" and category and not role and not a.about_people and not also:
        return _make("explain", 0.8, category=category, offices=a.offices)   # "what does the back office do?"
    ranking: list[tuple[str, float]] = []
    if best_strong:
        confidence = 0.95
    elif followup:
        confidence = 0.8                            # "and the questions?"
    else:                                           # only ordinary cues: "what would a panel ask a tax advisor"
        ranking = _weak_ranking(a)
        intent, confidence = ranking[0][0], WEAK_FLOOR + WEAK_SPAN * ranking[0][1]
    return _make(intent, confidence * (0.95 if from_context else 1.0), role=role, category=category,
                 roles=a.roles, offices=a.offices, also=also, from_context=from_context, ranking=ranking,
                 unknown_role=a.unknown[0] if a.unknown and not role and not category else None)


def _weak_ranking(a: Analysis) -> list[tuple[str, float]]:
    """The readings ordinary cues support about a named role, each with its share of their weight, best first."""
    weights = {i: a.weak.get(i, 0.0) for i in (*TASKS, "classify")}
    total = sum(weights.values()) or 1.0
    return sorted(((i, w / total) for i, w in weights.items() if w), key=lambda pair: (pair[1], pair[0]), reverse=True)


def _subject(a: Analysis, state: ChatState) -> tuple[str | None, str | None, bool]:
    """The role (or office type) a request is about: named now, or the chat's last one."""
    if a.roles:
        return a.roles[0], None, False
    if a.anaphora and state.role and a.score("classify"):
        return state.role, None, True              # "is that one front office? and its interview questions"
    if a.offices:
        return None, a.offices[0], False
    if state.role:
        return state.role, None, True
    return None, state.category, state.category is not None


def _list_roles(a: Analysis, state: ChatState) -> Understanding | None:
    score = a.strong.get("list_roles", 0.0) or (a.weak.get("list_roles", 0.0) if a.offices else 0.0)
    named = [r for r in a.roles if r not in a.excluded]          # "front office jobs besides receptionist"
    if not score or named or score <= a.strong.get("explain", 0.0):
        return None
    if (a.unknown and a.strong.get("classify", 0.0) >= score) or (a.anaphora and state.role and a.score("classify") >= score):
        return None                                 # "czy stanowisko magazyniera zalicza się do...", "is it a back office job?"
    if a.offices:
        return _make("list_roles", 0.95, category=a.offices[0], offices=a.offices)
    return _make("list_roles", 0.85, category=state.category, from_context=state.category is not None)


def _off_topic(a: Analysis, state: ChatState) -> Understanding | None:
    """"Tell me a joke about IT people" names a role but asks for something else entirely; "what's bitcoin
    trading at" is not a question about traders ("what is" alone does not make it one)."""
    requests = max(a.strong.get(i, 0.0) for i in (*TASKS, "compare", "list_roles", "suggest", "classify"))
    if a.strong.get("out_of_scope") and a.strong["out_of_scope"] >= requests:
        return _make("out_of_scope", 0.9)
    return None


def _role_or_office(a: Analysis, state: ChatState) -> Understanding | None:
    if a.roles:
        return _about_role(a, state)
    if a.offices:
        return _about_office(a, state)
    if a.unknown and a.strong.get("classify"):
        return _make("classify", 0.8, unknown_role=a.unknown[0], negated=a.negated)
    if a.strong.get("classify") and state.role and (a.anaphora or len(a.words) <= SHORT_FOLLOWUP + 2):
        return _make("classify", 0.85, role=state.role, negated=a.negated, from_context=True)  # "which office is that?"
    if a.strong.get("explain") and a.score("classify"):
        return _make("explain", 0.8)               # "give me the gist of all three office types"
    return None


def _about_role(a: Analysis, state: ChatState) -> Understanding:
    """A role with no request: classification, or the previous request applied to the new role."""
    role = a.roles[0]
    if a.strong.get("correction") and state.intent in ROLE_INTENTS:
        return _make(state.intent, 0.85, role=role, roles=a.roles, from_context=True)   # "nie, chodziło mi o..."
    if a.offices and a.strong.get("explain") and not a.strong.get("classify") and not a.negated:
        return _make("explain", 0.8, category=a.offices[0], offices=a.offices)   # "define front office for my HR exam"
    if a.offices or a.strong.get("classify"):
        return _make("classify", 1.0, role=role, roles=a.roles, offices=a.offices, negated=a.negated)
    if a.continues and state.intent in ROLE_INTENTS:
        return _make(state.intent, 0.85, role=role, roles=a.roles, from_context=True)   # "a ktoś z BOK-u?"
    if a.strong.get("explain"):
        return _make("duties", 0.85, role=role, roles=a.roles)
    if state.intent in ROLE_INTENTS and len(a.words) <= SHORT_FOLLOWUP + 2:
        return _make(state.intent, 0.85, role=role, roles=a.roles, from_context=True)
    return _make("classify", 0.75, role=role, roles=a.roles, negated=a.negated)


def _about_office(a: Analysis, state: ChatState) -> Understanding:
    office = a.offices[0]
    if state.intent == "suggest" and a.continues and not a.strong.get("explain") and len(a.offices) == 1:
        return _make("suggest", 0.8, category=office, offices=a.offices, from_context=True)   # "and if I prefer front office?"
    if len(a.offices) >= 2 and not a.unknown and not a.strong.get("explain") and not a.strong.get("classify"):
        return _make("compare", 0.7, offices=a.offices)   # "is middle office closer to front or back?"
    if a.unknown and not a.strong.get("explain"):
        return _make("classify", 0.8, unknown_role=a.unknown[0], offices=a.offices, negated=a.negated)
    if state.role and a.anaphora and not a.strong.get("explain"):
        return _make("classify", 0.85, role=state.role, offices=a.offices, negated=a.negated, from_context=True)
    if state.role and a.continues and a.negated and not a.strong.get("explain"):
        return _make("classify", 0.8, role=state.role, offices=a.offices, negated=True, from_context=True)  # "czyli na zapleczu, nie z klientami?"
    if state.role and state.intent == "classify" and not a.strong.get("explain") and len(a.words) <= SHORT_FOLLOWUP:
        return _make("classify", 0.8, role=state.role, offices=a.offices, negated=a.negated, from_context=True)  # "so not back office?"
    if not a.strong.get("explain") and state.intent in OFFICE_FOLLOWUPS and len(a.words) <= SHORT_FOLLOWUP + 1:
        return _make(state.intent, 0.8, category=office, offices=a.offices, from_context=True)
    return _make("explain", 0.95 if a.strong.get("explain") else 0.8, category=office, offices=a.offices)


def _smalltalk(a: Analysis, state: ChatState) -> Understanding | None:
    if a.strong.get("smalltalk"):
        return _make("smalltalk", 0.9)
    return None


def _followup(a: Analysis, state: ChatState) -> Understanding | None:
    """"A kucharz?" after "Czy hydraulik to back office?": a question about a role we do not know."""
    if a.unknown and state.intent in ROLE_INTENTS and len(a.words) <= SHORT_FOLLOWUP + 2:
        return _make("classify", 0.7, unknown_role=a.unknown[0], from_context=True)
    if a.unknown and not state.intent and len(a.words) <= SHORT_FOLLOWUP and a.asks_about_another:
        return _make("classify", 0.6, unknown_role=a.unknown[0])   # "what about a pilot?" with nothing before
    return None


def _bare_followup(a: Analysis, state: ChatState) -> Understanding | None:
    """"a w banku?", "what about them?", "a coś z ludźmi?": the previous request again, about the same subject
    (or, for suggestions, with what the user adds about themselves)."""
    if not (a.continues or a.anaphora) or len(a.words) > SHORT_FOLLOWUP + 1 or a.roles or a.offices or not state.intent:
        return None
    if state.intent == "suggest":
        return _make("suggest", 0.7, from_context=True)
    if state.role and state.intent in ROLE_INTENTS:
        return _make(state.intent, 0.75, role=state.role, from_context=True)
    if state.category and state.intent in OFFICE_FOLLOWUPS:
        return _make(state.intent, 0.75, category=state.category, from_context=True)
    return None
