"""Pasted job ads: read into their parts, the role behind them, the ad against the role, and the ad check."""
from __future__ import annotations

from bot.core import Engine
from bot.evaluation import understand_in_chat
from bot.state import ChatState
from bot.telegram.render import MAX_MESSAGE_CHARS, render_messages

AP_PL = """Specjalista / Specjalistka ds. Rozrachunków z Dostawcami (k/m)
📍 Łódź | praca hybrydowa
💰 7 000 – 8 500 zł brutto, umowa o pracę

O nas:
Jesteśmy firmą logistyczną: nasi kierowcy, spedytorzy i magazynierzy obsługują klientów w całej Polsce.

Zakres obowiązków:
• księgowanie faktur kosztowych od dostawców,
• uzgadnianie sald z dostawcami i wyjaśnianie różnic,
• przygotowywanie przelewów zgodnie z harmonogramem płatności,
• kontrola faktur w KSeF i biała lista VAT.

Wymagania:
• min. rok doświadczenia w rozrachunkach,
• znajomość Excela,
• dokładność i terminowość.

Oferujemy:
• prywatną opiekę medyczną,
• kartę sportową."""

RECEPTION_EN = """Receptionist
Hartley Dental Clinic, Leeds

About us: a busy family dental practice with five dentists and two hygienists.

Responsibilities:
- greeting patients at the front desk and answering the phone
- booking and rescheduling appointments in the practice system
- taking payments at reception

Requirements:
- a friendly manner with patients
- good computer skills
- a recent photo with your CV
- aged 20-30

We offer:
- 28 days holiday
- free dental care"""

ONE_LINE_WAREHOUSE = (
    "MAGAZYNIER (k/m) – Stryków – 32 zł brutto/h – umowa o pracę. Zakres obowiązków: • kompletacja zamówień "
    "• obsługa skanera • załadunek i rozładunek dostaw Wymagania: • uprawnienia na wózek widłowy • gotowość do "
    "pracy zmianowej Oferujemy: • premię frekwencyjną • dowóz do pracy"
)

NO_TITLE_ROLE_EN = """Junior Team Member – Finance Operations
Location: Kraków

Responsibilities:
- posting supplier invoices in SAP
- matching invoices to purchase orders and goods receipts
- preparing supplier payment runs
- reconciling supplier statements

Requirements:
- accuracy
- Excel

We offer:
- private medical care"""

MIXED_PL = """Recepcjonistka / Recepcjonista z elementami fakturowania
Przychodnia Zdrowie, Lublin
5 200 zł brutto, umowa o pracę

Obowiązki:
• obsługa pacjentów w recepcji i telefonów,
• rejestracja wizyt,
• wystawianie faktur dla pacjentów i firm,
• kontrola płatności.

Wymagania:
• doświadczenie w obsłudze klienta,
• podstawy fakturowania.

Oferujemy:
• stabilne zatrudnienie."""

MIXED_EN = """Customer Service & Order Processing Coordinator
Northampton, £26,000 per annum, full-time

Responsibilities:
- answering customer calls and emails about their orders
- entering orders into the ERP system and confirming delivery dates
- processing returns and credit notes

Requirements:
- customer service experience
- accuracy with data entry

We offer:
- 25 days holiday"""

WAREHOUSE_EN = """Warehouse Operative - Days
Daventry, £12.50 per hour

Responsibilities:
- picking and packing customer orders using a handheld scanner
- loading and unloading deliveries

Requirements:
- able to stand for long shifts
- forklift licence is a plus

We offer:
- weekly pay"""

STORY = (
    "Hi, long story. I've worked in a call centre for six years, answering phones all day, and before that I was "
    "a cashier in a supermarket. My manager is fine but the targets are brutal and I dread every Monday. I'm good "
    "with numbers, I did the weekly rota spreadsheet for my team, and people say I'm organised. I don't want to "
    "talk to customers all day any more, but I also don't want to retrain for years. My sister works in payroll "
    "and says it's calm. Which office job would suit me, and is payroll back office?"
)


def read(engine: Engine, text: str):
    return understand_in_chat(engine, text)


# -- reading the ad -------------------------------------------------------------------------------------------
def test_a_polish_ad_is_read_into_its_parts(engine: Engine):
    ad = read(engine, AP_PL).ad.ad
    assert ad.title.startswith("Specjalista / Specjalistka ds. Rozrachunków z Dostawcami")
    assert len(ad.sections["duties"]) == 4 and len(ad.sections["requirements"]) == 3
    assert ad.pay and "7 000 – 8 500 zł" in ad.pay and ad.contracts == ("umowa o pracę",)
    assert ad.place and "Łódź" in ad.place


def test_an_english_ad_is_read_into_its_parts(engine: Engine):
    ad = read(engine, RECEPTION_EN).ad.ad
    assert ad.title == "Receptionist" and len(ad.sections["duties"]) == 3 and ad.pay is None


def test_an_ad_copied_onto_one_line_is_still_read(engine: Engine):
    ad = read(engine, ONE_LINE_WAREHOUSE).ad.ad
    assert ad.title == "MAGAZYNIER (k/m)" and len(ad.sections["duties"]) == 3 and ad.pay


def test_a_long_story_is_not_mistaken_for_an_ad(engine: Engine):
    u = read(engine, STORY)
    assert u.ad is None and u.intent != "job_ad"


# -- the role behind it ---------------------------------------------------------------------------------------
def test_the_title_names_the_role_not_the_company_blurb(engine: Engine):
    u = read(engine, AP_PL)  # the blurb names drivers, forwarders and warehouse staff
    assert (u.intent, u.role, u.category) == ("job_ad", "accounts-payable-clerk", "back-office")


def test_duties_name_the_role_when_the_title_does_not(engine: Engine):
    u = read(engine, NO_TITLE_ROLE_EN)
    assert (u.role, u.category, u.ad.role.by) == ("accounts-payable-clerk", "back-office", "duties")


def test_an_ad_mixing_office_types_names_both(engine: Engine):
    u = read(engine, MIXED_PL)
    assert u.role == "receptionist" and u.offices == ["front-office", "back-office"]
    text = engine.reply(MIXED_PL, ChatState()).plain_text()
    assert "łączy typy biura: głównie Front office, z dodatkiem pracy typu Back office" in text


def test_an_english_ad_mixing_office_types_names_both(engine: Engine):
    u = read(engine, MIXED_EN)
    assert u.role == "customer-service-representative" and u.offices == ["front-office", "back-office"]
    assert "It mixes office types" in engine.reply(MIXED_EN, ChatState()).plain_text()


def test_an_english_ad_for_work_outside_the_office_says_so(engine: Engine):
    u = read(engine, WAREHOUSE_EN)
    assert (u.role, u.category) == (None, "non-office")
    assert "is not an office job" in engine.reply(WAREHOUSE_EN, ChatState()).plain_text()


def test_an_ad_for_work_outside_the_office_says_so(engine: Engine):
    u = read(engine, ONE_LINE_WAREHOUSE)
    assert (u.role, u.category, u.occupation) == (None, "non-office", "warehouse-worker")
    assert "to nie praca biurowa" in engine.reply(ONE_LINE_WAREHOUSE, ChatState()).plain_text()


def test_a_job_the_catalogue_lacks_gets_the_nearest_roles_honestly(engine: Engine):
    ad = """Chief Happiness Officer
Sunny Software, Gdańsk

Responsibilities:
- organising team celebrations and birthdays
- running the office plant care rota
- planning yoga mornings
- keeping the snack cupboard stocked

Requirements:
- a cheerful personality
- creativity

We offer:
- free snacks"""
    u = read(engine, ad)
    assert (u.intent, u.role, u.category) == ("job_ad", None, None) and u.suggestions
    assert "so I won't pass it off as one" in engine.reply(ad, ChatState()).plain_text()


# -- the question decides the first answer --------------------------------------------------------------------
def test_an_ad_with_a_skills_question_is_answered_with_the_skills(engine: Engine):
    u = read(engine, "jakie umiejętności muszę mieć?\n\n" + AP_PL)
    assert (u.intent, u.role) == ("skills", "accounts-payable-clerk")
    text = engine.reply("jakie umiejętności muszę mieć?\n\n" + AP_PL, ChatState()).plain_text()
    assert "Ogłoszenie wymaga" in text


def test_an_ad_with_an_interview_question_gets_a_kit_from_its_requirements(engine: Engine):
    text = engine.reply(RECEPTION_EN + "\n\nWhat should I ask candidates at the interview?", ChatState()).plain_text()
    assert "Interview kit for this ad" in text and "a friendly manner with patients" in text
    assert "A good answer shows" in text


def test_a_polish_question_for_interview_questions_gets_the_kit(engine: Engine):
    text = engine.reply(AP_PL + "\n\njakie pytania zadać kandydatom na rozmowie?", ChatState()).plain_text()
    assert "Pytania rekrutacyjne do tego ogłoszenia" in text and "Dobra odpowiedź pokazuje" in text


def test_the_duties_view_shows_the_ads_own_duties_beside_the_roles(engine: Engine):
    state = ChatState()
    engine.reply(AP_PL, state)
    text = engine.press("ad:duties", state, "pl").plain_text()
    assert "uzgadnianie sald z dostawcami" in text and "Typowe obowiązki na stanowisku" in text


def test_an_ad_with_a_classify_question_gets_the_office_type_and_why(engine: Engine):
    u = read(engine, "is this front or back office?\n\n" + RECEPTION_EN)
    assert (u.intent, u.role, u.category) == ("classify", "receptionist", "front-office")


# -- the ad against the role, and the ad check ----------------------------------------------------------------
def test_the_summary_says_what_the_ad_asks_and_what_the_role_usually_needs(engine: Engine):
    text = engine.reply(RECEPTION_EN, ChatState()).plain_text()
    assert "The role behind it: Receptionist — Front office." in text
    assert "The ad asks for" in text and "Usual for the role, not in the ad" in text


def test_the_skills_checklist_is_seeded_with_what_the_ad_asks(engine: Engine):
    state = ChatState()
    answer = engine.reply("what skills do I need?\n\n" + RECEPTION_EN, state)
    tick = next(a.command for a in answer.actions if a.command.startswith("ck:receptionist:0:"))
    checklist = engine.press(tick, state, "en")
    assert "📌" in checklist.plain_text() and all(len(a.command.encode()) <= 64 for a in checklist.actions)


def test_the_ad_check_names_each_problem_with_its_rule(engine: Engine):
    state = ChatState()
    engine.reply(RECEPTION_EN, state)
    text = engine.press("ad:check", state, "en").plain_text()
    assert "Pay: not stated" in text and "art. 18³ᶜᵃ" in text
    assert "Photo:" in text and "art. 22¹" in text and "Age:" in text and "art. 18³ᵃ" in text


def test_a_clean_polish_ad_passes_the_check(engine: Engine):
    state = ChatState()
    engine.reply(AP_PL, state)
    text = engine.press("ad:check", state, "pl").plain_text()
    assert "Wynagrodzenie: podane" in text and "Tytuł: neutralny" in text and "Poza tym nic" in text


def test_a_title_in_one_gender_is_flagged(engine: Engine):
    state = ChatState()
    engine.reply(MIXED_PL.replace("Recepcjonistka / Recepcjonista", "Recepcjonistka"), state)
    assert "ma formę jednej płci" in engine.press("ad:check", state, "pl").plain_text()


def test_an_ad_button_without_an_ad_in_the_chat_asks_for_it_again(engine: Engine):
    assert "Paste it again" in engine.press("ad:kit", ChatState(), "en").plain_text()


def test_every_view_of_an_ad_fits_telegram(engine: Engine):
    for ad in (AP_PL, RECEPTION_EN, MIXED_PL, ONE_LINE_WAREHOUSE):
        state = ChatState()
        answers = [engine.reply(ad, state)] + [
            engine.press(f"ad:{view}", state, None) for view in ("summary", "duties", "skills", "kit", "check")
        ]
        for answer in answers:
            assert all(len(message) <= MAX_MESSAGE_CHARS for message in render_messages(answer))
            assert all(len(action.command.encode()) <= 64 for action in answer.actions)
