"""Understanding speed with a synthetic knowledge base of 3,000 roles (not a test: prints numbers).

    .venv/bin/python bench/synthetic_kb.py [--roles 3000] [--rounds 5]

The roles are made from titles x fields ("logistics coordinator" / "koordynator ds. logistyki"), each with the
duties, skills, interview questions and fit phrases of one of the real roles, written as YAML into a temporary
copy of knowledge/ and loaded the way the bot loads it (validation, Morfeusz expansion, matchers; the matcher
cache is kept in the temporary folder, so the first load is cold and the second warm). Messages: the real
labelled sets plus questions naming synthetic roles, with typos and inflection.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.understanding import messages, percentiles  # noqa: E402
from bot.core import Engine  # noqa: E402
from bot.nlu.features import Context  # noqa: E402

# (English, Polish nominative masculine, Polish genitive for "kogo?": "obowiązki koordynatora")
TITLES = [
    ("coordinator", "koordynator"),
    ("analyst", "analityk"),
    ("specialist", "specjalista"),
    ("officer", "referent"),
    ("assistant", "asystent"),
    ("manager", "kierownik"),
    ("advisor", "doradca"),
    ("consultant", "konsultant"),
    ("inspector", "inspektor"),
    ("controller", "kontroler"),
    ("planner", "planista"),
    ("administrator", "administrator"),
    ("technician", "technik"),
    ("engineer", "inżynier"),
    ("auditor", "audytor"),
    ("supervisor", "nadzorca"),
    ("trainer", "trener"),
    ("buyer", "kupiec"),
    ("agent", "agent"),
    ("clerk", "urzędnik"),
    ("expert", "ekspert"),
    ("associate", "współpracownik"),
    ("lead", "lider"),
    ("director", "dyrektor"),
    ("architect", "architekt"),
]
# (English, Polish genitive after "ds.")
FIELDS = [
    ("logistics", "logistyki"),
    ("export", "eksportu"),
    ("import", "importu"),
    ("warranty", "gwarancji"),
    ("fleet", "floty"),
    ("real estate", "nieruchomości"),
    ("training", "szkoleń"),
    ("quality", "jakości"),
    ("data protection", "ochrony danych"),
    ("energy", "energii"),
    ("grants", "dotacji"),
    ("debt collection", "windykacji"),
    ("group insurance", "ubezpieczeń grupowych"),
    ("marketing", "marketingu"),
    ("pricing", "cen"),
    ("tenders", "przetargów"),
    ("contracts", "umów"),
    ("customs", "cła"),
    ("transport", "transportu"),
    ("warehouse", "magazynu"),
    ("inventory", "inwentaryzacji"),
    ("facilities", "administracji budynków"),
    ("security", "ochrony"),
    ("sustainability", "zrównoważonego rozwoju"),
    ("investor relations", "relacji inwestorskich"),
    ("public relations", "komunikacji"),
    ("internal audit", "audytu wewnętrznego"),
    ("controlling", "kontrolingu"),
    ("treasury", "skarbu"),
    ("credit", "kredytów"),
    ("leasing", "leasingu"),
    ("factoring", "faktoringu"),
    ("loyalty programmes", "programów lojalnościowych"),
    ("e-commerce", "handlu internetowego"),
    ("complaints", "reklamacji"),
    ("returns", "zwrotów"),
    ("events", "wydarzeń"),
    ("travel", "podróży służbowych"),
    ("benefits", "świadczeń"),
    ("pensions", "emerytur"),
    ("onboarding", "wdrażania pracowników"),
    ("talent", "talentów"),
    ("employer branding", "wizerunku pracodawcy"),
    ("archives", "archiwum"),
    ("documentation", "dokumentacji"),
    ("translation", "tłumaczeń"),
    ("licensing", "licencji"),
    ("patents", "patentów"),
    ("trademarks", "znaków towarowych"),
    ("environment", "ochrony środowiska"),
    ("fire safety", "ochrony przeciwpożarowej"),
    ("medical billing", "rozliczeń medycznych"),
    ("reimbursements", "refundacji"),
    ("subsidies", "subwencji"),
    ("statistics", "statystyki"),
    ("reporting", "raportowania"),
    ("budgeting", "budżetowania"),
    ("forecasting", "prognoz"),
    ("payments", "płatności"),
    ("cash management", "zarządzania gotówką"),
    ("vendors", "dostawców"),
    ("key accounts", "kluczowych klientów"),
    ("partnerships", "partnerstw"),
    ("franchise", "franczyzy"),
    ("retail", "sprzedaży detalicznej"),
    ("wholesale", "sprzedaży hurtowej"),
    ("exports to Asia", "eksportu do Azji"),
    ("mergers", "fuzji i przejęć"),
    ("valuation", "wycen"),
    ("appraisal", "szacowania szkód"),
    ("underwriting", "oceny ryzyka ubezpieczeniowego"),
    ("anti-fraud", "przeciwdziałania nadużyciom"),
    ("sanctions", "sankcji"),
    ("privacy", "prywatności"),
    ("accessibility", "dostępności"),
    ("digital workplace", "cyfrowego miejsca pracy"),
    ("software licences", "licencji oprogramowania"),
    ("telecom", "telekomunikacji"),
    ("printing", "druku"),
    ("mailroom", "korespondencji"),
    ("scheduling", "harmonogramów"),
    ("shift planning", "grafików"),
    ("time tracking", "ewidencji czasu pracy"),
    ("expenses", "wydatków"),
    ("company cars", "samochodów służbowych"),
    ("catering", "cateringu"),
    ("cleaning services", "usług sprzątania"),
    ("lab samples", "próbek laboratoryjnych"),
    ("clinical trials", "badań klinicznych"),
    ("pharmacovigilance", "nadzoru nad bezpieczeństwem farmakoterapii"),
    ("food safety", "bezpieczeństwa żywności"),
    ("hygiene", "higieny"),
    ("waste", "gospodarki odpadami"),
    ("water", "gospodarki wodnej"),
    ("spare parts", "części zamiennych"),
    ("maintenance", "utrzymania ruchu"),
    ("production planning", "planowania produkcji"),
    ("packaging", "opakowań"),
    ("labelling", "etykietowania"),
    ("certification", "certyfikacji"),
    ("standards", "norm"),
    ("audits of suppliers", "audytów dostawców"),
    ("shipping", "wysyłek"),
    ("courier services", "usług kurierskich"),
    ("postal services", "usług pocztowych"),
    ("fuel cards", "kart paliwowych"),
    ("tolls", "opłat drogowych"),
    ("rail freight", "przewozów kolejowych"),
    ("air freight", "frachtu lotniczego"),
    ("sea freight", "frachtu morskiego"),
    ("customs bonds", "gwarancji celnych"),
    ("excise", "akcyzy"),
    ("VAT refunds", "zwrotów VAT"),
    ("transfer pricing", "cen transferowych"),
    ("intercompany", "rozliczeń wewnątrzgrupowych"),
    ("consolidation", "konsolidacji"),
    ("fixed assets", "środków trwałych"),
    ("crowdfunding", "finansowania społecznościowego"),
    ("museum loans", "wypożyczeń muzealnych"),
    ("sports sponsorship", "sponsoringu sportowego"),
    ("agritourism", "agroturystyki"),
    ("vineyard sales", "sprzedaży wina"),
    ("solar farms", "farm fotowoltaicznych"),
]


def synthetic_roles(count: int, templates: list[dict], taken: set[str]) -> list[dict]:
    """`count` roles named title x field, each carrying one real role's content."""
    roles = []
    pairs = [(t, f) for f in FIELDS for t in TITLES]
    for index, ((title_en, title_pl), (field_en, field_pl)) in enumerate(pairs[:count]):
        template = templates[index % len(templates)]
        name_en, name_pl = f"{field_en} {title_en}", f"{title_pl} ds. {field_pl}"
        aliases_en = [
            a for a in (name_en, f"{title_en} for {field_en}", f"{title_en} of {field_en}") if a.lower() not in taken
        ]
        aliases_pl = [a for a in (name_pl, f"{title_pl} do spraw {field_pl}") if a.lower() not in taken]
        taken.update(a.lower() for a in aliases_en + aliases_pl)
        roles.append(
            {
                **template,
                "slug": f"synthetic-{index:04d}",
                "also_office": [],
                "names": {"en": name_en.capitalize(), "pl": name_pl.capitalize()},
                "aliases": {"en": aliases_en, "pl": aliases_pl},
            }
        )
    return roles


def questions(roles: list[dict], count: int, rng: random.Random) -> list[str]:
    """Questions naming synthetic roles the way people type them."""
    shapes_en = [
        "is a {} back office?",
        "what does a {} do",
        "skills for a {}",
        "interview questions for a {}",
        "{} - front or back?",
    ]
    shapes_pl = ["czy {} to back office?", "obowiązki: {}", "jakie umiejętności ma {}", "pytania rekrutacyjne, {}"]
    out = []
    for _ in range(count):
        role = rng.choice(roles)
        if rng.random() < 0.5:
            name = role["names"]["en"].lower()
            if rng.random() < 0.3:  # a typo: two letters swapped
                i = rng.randrange(1, len(name) - 2)
                name = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
            out.append(rng.choice(shapes_en).format(name))
        else:
            out.append(rng.choice(shapes_pl).format(role["names"]["pl"].lower()))
    return out


def build(directory: Path, count: int) -> list[dict]:
    shutil.copytree(ROOT / "knowledge", directory, ignore=shutil.ignore_patterns("*.md"))
    templates = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((directory / "roles").glob("*.yaml"))]
    taken = {a.lower() for t in templates for names in t["aliases"].values() for a in names}
    roles = synthetic_roles(count - len(templates), templates, taken)
    for role in roles:
        (directory / "roles" / f"{role['slug']}.yaml").write_text(
            yaml.safe_dump(role, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return roles


def timed(pipeline, texts: list[str], rounds: int) -> list[float]:
    for text in texts:  # warm the per-word caches, as a running bot has
        pipeline.understand(text, Context())
    samples = []
    for _ in range(rounds):
        for text in texts:
            t0 = time.perf_counter()
            pipeline.understand(text, Context())
            samples.append(time.perf_counter() - t0)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.roles > 29 + len(TITLES) * len(FIELDS):
        parser.error(f"at most {29 + len(TITLES) * len(FIELDS)} roles")
    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["OFFICEBOT_CACHE_DIR"] = str(Path(tmp) / "cache")
        directory = Path(tmp) / "knowledge"
        roles = build(directory, args.roles)
        for label in ("cold (matchers compiled)", "warm (matcher cache)"):
            started = time.perf_counter()
            engine = Engine.load(directory)
            print(
                f"knowledge base: {len(engine.kb.roles)} roles, loaded {label} in {time.perf_counter() - started:.2f} s"
            )
        rng = random.Random(7)
        synthetic = questions(roles, 600, rng)
        hits = sum(engine.pipeline.understand(q, Context()).role is not None for q in synthetic)
        print(f"questions naming a synthetic role understood with a role: {hits}/{len(synthetic)}")
        print("real labelled messages:     " + percentiles(timed(engine.pipeline, messages(), args.rounds)))
        print("synthetic-role questions:   " + percentiles(timed(engine.pipeline, synthetic, args.rounds)))
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
