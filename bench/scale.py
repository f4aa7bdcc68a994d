"""How `l10n translate` scales with the size of a project's archive of releases (issue #13).

For each N (default 10, 100, 1000) a fresh scratch project holds N distinct releases of about
30 units each, generated deterministically (seeded) as variations of the seed release
(examples/) and the UTF-8 releases in tests/data/releases/: companies, people, cities,
datelines, dates, numbers, trial phases and product codes vary, the news sentences are drawn
from a pool, and each company's About, forward-looking and contact paragraphs repeat across
its releases (with the odd yearly update, a near match), as in a real archive. In that project,
each step runs the real command line in a fresh process, timed, with the child's peak resident
memory read through os.wait4:

- first run: `l10n translate . --to zh,ko --engine pseudo -q`;
- no change: the same command again, nothing changed;
- review: every catalog entry is marked reviewed (fuzzy flag cleared with polib; the pseudo
  text stays, it is only a benchmark), so the N×2 catalogs become a translation memory;
- one new release: a release distinct from all N that shares their boilerplate, alone:
  `l10n translate new.txt --to zh,ko --engine memory -q`; the memory's index is cold (every
  catalog changed in the review). Then a second new release on the now warm index. How many
  of the new release's entries memory filled is read from its catalogs, against how many it
  should have filled exactly (its sentences found as reviewed translations in the archive).

Targets (issue #13):
- first run at N=1000 at most 12x the N=100 time (near-linear growth);
- a no-change re-run at most 5% of the first run;
- one new release against 1,000 releases' catalogs in at most 2 s;
- peak RSS at N=1000 under 500 MB.

    python bench/scale.py [--sizes 10,100,1000] [--timeout SECONDS] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SEED = 13
LOCALES = ("zh_CN", "ko_KR")

# --- the generated archive ---------------------------------------------------------------

NAMES = ["Corvanta", "Meridian", "Solace", "Vireo", "Halcyon", "Tessera", "Arborvia", "Nimbus", "Quantis", "Serenova",
         "Altair", "Beaconhill", "Cygnet", "Orison", "Pallas", "Kairos", "Lyra", "Saffron", "Tidewater", "Evergreen",
         "Hanul", "Daewon", "Mirae", "Jinhua", "Xinyao", "Boya", "Ruixin", "Kestrel", "Aurora", "Lumina", "Hanbit",
         "XellGen", "Novaris", "Calyx", "Helion", "Verity"]
REGIONS = {
    "us": (["Therapeutics, Inc.", "Bio, Inc.", "Neurosciences, Inc.", "Pharmaceuticals, Inc.", "Cell Therapies, Inc."],
           ["Nasdaq", "NASDAQ", "NYSE"],
           [("BOSTON", "Boston, Mass."), ("CAMBRIDGE, Mass.", "Cambridge, Mass."), ("SAN DIEGO", "San Diego, Calif."),
            ("SOUTH SAN FRANCISCO, Calif.", "South San Francisco, Calif."), ("GAITHERSBURG, Md.", "Gaithersburg, Md."),
            ("RESEARCH TRIANGLE PARK, N.C.", "Research Triangle Park, N.C."), ("PHILADELPHIA", "Philadelphia")]),
    "kr": (["Biologics Co., Ltd.", "Pharm Co., Ltd.", "Bio Co., Ltd."], ["KOSDAQ", "KOSPI"],
           [("SEOUL, South Korea", "Seoul, South Korea"), ("INCHEON, South Korea", "Incheon, South Korea"),
            ("SEONGNAM, South Korea", "Seongnam, South Korea")]),
    "cn": (["Biotech (Shanghai) Co., Ltd.", "Biopharmaceutical (Suzhou) Co., Ltd.", "Therapeutics (Beijing) Co., Ltd."],
           ["HKEX", "STAR Market"],
           [("SHANGHAI", "Shanghai"), ("SUZHOU, China", "Suzhou, China"), ("BEIJING", "Beijing"),
            ("GUANGZHOU, China", "Guangzhou, China")]),
}
ELSEWHERE = ["NEW YORK", "LONDON", "BASEL, Switzerland", "TOKYO", "SAN FRANCISCO", "CHICAGO", "AMSTERDAM", "BARCELONA, Spain"]
DISEASES = [("amyotrophic lateral sclerosis", "ALS"), ("Parkinson's disease", "PD"), ("spinal cord injury", "SCI"),
            ("early Alzheimer's disease", "AD"), ("multiple system atrophy", "MSA"), ("Huntington's disease", "HD"),
            ("relapsed or refractory multiple myeloma", "RRMM"), ("non-small cell lung cancer", "NSCLC"),
            ("acute myeloid leukemia", "AML"), ("type 1 diabetes", "T1D"), ("systemic lupus erythematosus", "SLE"),
            ("retinitis pigmentosa", "RP"), ("Duchenne muscular dystrophy", "DMD"),
            ("idiopathic pulmonary fibrosis", "IPF"), ("early-onset Parkinson's disease", "EOPD")]
MODALITIES = ["iPSC-derived dopaminergic neural progenitor cell therapy", "allogeneic CAR-T cell therapy",
              "monoclonal antibody targeting soluble amyloid-beta oligomers", "antisense oligonucleotide",
              "AAV gene therapy", "oral small-molecule inhibitor", "iPSC-derived natural killer (NK) cell therapy",
              "bispecific antibody", "iPSC-derived astrocyte progenitor cell therapy", "gene-modified cell therapy"]
AREAS = ["neurodegenerative diseases", "central nervous system (CNS) disorders", "solid tumors", "blood cancers",
         "autoimmune diseases", "rare genetic diseases", "inherited retinal diseases"]
PHASES = ["Phase 1", "Phase 1/2", "Phase I", "Phase I/II", "Phase 2", "Phase 2b", "Phase II", "Phase 3",
          "registrational Phase I"]
FIRST = ["Sarah", "Maria", "Daniel", "Emily", "Mark", "Jenna", "David", "Laura", "Michael", "Rachel", "Thomas", "Anna",
         "Ji-won", "Soo-jin", "Min-ho", "Hye-jin", "Wei", "Jing", "Li", "Hao", "Xiaoming", "Yuki", "Priya", "Omar"]
LAST = ["Chen", "Lopez", "Cho", "Park", "Davis", "Lee", "Kim", "Zhang", "Wang", "Liu", "Miller", "Nguyen", "Patel",
        "Schmidt", "Rossi", "Tanaka", "Choi", "Huang", "Garcia", "Brown", "Walsh", "Okafor", "Jung", "Sun"]
DEGREES = ["Ph.D.", "M.D.", "M.D., Ph.D.", "MBA", "Pharm.D."]
TITLES = ["Chief Executive Officer", "President and CEO", "Chief Medical Officer", "Chief Scientific Officer",
          "Head of Clinical Development", "Chief Operating Officer"]
HOSPITALS = ["Seoul National University Hospital", "Samsung Medical Center", "Massachusetts General Hospital",
             "Huashan Hospital of Fudan University", "The Third Affiliated Hospital of Sun Yat-sen University",
             "Beijing Tiantan Hospital", "Peking University Third Hospital", "the Mayo Clinic",
             "No. 2 People's Hospital of Shanghai", "University of California, San Diego"]
INVESTORS = ["Qiming Venture Partners", "Eli Lilly Asia Ventures", "Sequoia Capital China (Hongshan)", "OrbiMed",
             "RA Capital Management", "Korea Investment Partners", "LYFE Capital", "Frazier Life Sciences",
             "ARCH Venture Partners", "Hillhouse Investment"]
CONFERENCES = ["International Symposium on ALS/MND", "AD/PD International Conference", "ASCO Annual Meeting",
               "ASH Annual Meeting", "ISSCR Annual Meeting", "AAN Annual Meeting", "ESMO Congress",
               "International Congress of Parkinson's Disease and Movement Disorders"]
SCALES = ["CDR-SB", "MDS-UPDRS Part III", "ALSFRS-R", "ISNCSCI motor", "SLEDAI-2K", "6-minute walk test"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]

# Each company says the same things in its forward-looking statements, release after release.
FLS = [("This press release contains forward-looking statements within the meaning of the Private Securities Litigation "
       "Reform Act of 1995."),
       "All statements other than statements of historical fact are forward-looking statements.",
       ("Words such as “anticipate,” “believe,” “expect,” “intend,” “may,” “plan” and “will” are intended to identify "
       "forward-looking statements."),
       ("Actual results may differ materially due to risks described in {short}'s filings with the U.S. Securities and "
       "Exchange Commission (SEC)."),
       "Forward-looking statements speak only as of the date of this press release.",
       "{short} undertakes no obligation to update these statements, except as required by law."]
FLS_HEADINGS = ["Forward-Looking Statements", "Cautionary Note Regarding Forward-Looking Statements",
                "Safe Harbor Statement"]

# Page noise around the release, as pasted from news sites (the seeds' headers and footers).
HEADERS = ["", "",
           "Skip to main content\nSearch\nMenu\nMarkets  |  Biotech  |  Press Releases\n{weekday}, {long_date}\n\n",
           "Home | News | Markets | Health | Technology | Contact Us\nLOGIN   REGISTER\nHealth\n\n",
           "Shanghai  8°C  Cloudy\n首页 | 新闻 | 财经 | 健康\nSign in | Subscribe\nBUSINESS\n\n",
           "  • 맑음서울 32.7℃\n  • 맑음강릉 33.9℃\n  • 구름조금부산 31.5℃\n기상청 제공\n\n라이프\n\n"]
FOOTERS = ["", "\nRelated Stories\n", "\nMost Read\nHome > Health > Biotech\n", "\nRecommended Stories\n",
           "\nTags\nClinical Trials  Biotech\nRelated Links\n"]


@dataclass(frozen=True)
class Product:
    code: str
    modality: str
    disease: tuple[str, str]
    designation: str
    # `Orphan Drug Designation and Fast Track designation`, or "" for none


@dataclass(frozen=True)
class Company:
    short: str
    name: str
    listing: str
    # ` (Nasdaq: KSTL)`, or "" for a private company
    city: tuple[str, str]
    # dateline form, prose form
    area: str
    domain: str
    products: tuple[Product, ...]
    fls: tuple[str, ...]
    fls_heading: str
    founded: int
    contacts: tuple[str, ...]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def companies() -> list[Company]:
    """The archive's companies: fixed, whatever N is."""
    rng = random.Random(SEED)
    result, codes = [], set()
    for name in NAMES:
        region = rng.choice(["us", "us", "kr", "cn"])
        suffixes, exchanges, cities = REGIONS[region]
        while (code := name[0] + rng.choice("BCDKLMNRSTVX")) in codes:
            pass
        codes.add(code)
        exchange = rng.choice(exchanges)
        ticker = "".join(rng.sample("ABCDEFGHKLMNPRSTVX", 4)) if region == "us" else str(rng.randint(100000, 399999))
        domain = f"{name.lower()}{rng.choice(['bio', 'tx', 'therapeutics', 'pharma'])}.{'co.kr' if region == 'kr' else 'com'}"
        products = tuple(Product(f"{code}-{rng.randint(100, 999)}", rng.choice(MODALITIES), rng.choice(DISEASES),
                                 rng.choice(["", "Orphan Drug Designation", "Fast Track designation",
                                             "Orphan Drug Designation and Fast Track designation"]))
                         for _ in range(rng.randint(2, 4)))
        full, ir, media = f"{name} {rng.choice(suffixes)}", _person(rng), _person(rng)
        phone = {"us": f"+1 {rng.randint(201, 989)}-555-{rng.randint(100, 999):04d}",
                 "kr": f"+82-2-555-{rng.randint(100, 999):04d}", "cn": f"+86 21 5555 {rng.randint(100, 999):04d}"}[region]
        firm = rng.choice(["LifeSci Advisors, LLC", "Argot Partners", full])
        contacts = (f"Investor Contact:\n{ir}\n{firm}\n{phone}\nir@{domain}",
                    f"Media Contact: {media}, {media.split()[0].lower()}.{media.split()[-1].lower()}@{domain}")
        result.append(Company(
            short=name, name=full, listing=rng.choice([f" ({exchange}: {ticker})", ""]),
            city=rng.choice(cities), area=rng.choice(AREAS), domain=domain, products=products,
            fls=tuple(s for s in FLS if s == FLS[0] or rng.random() < 0.6), fls_heading=rng.choice(FLS_HEADINGS),
            founded=rng.randint(2012, 2021), contacts=contacts))
    return result


def _date(day: datetime.date, padded: bool = False) -> str:
    return f"{MONTHS[day.month - 1]} {day.day:02d}, {day.year}" if padded else f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _events(c: Company, p: Product, rng: random.Random, day: datetime.date) -> tuple[str, list[str], str, list[str],
                                                                                      list[str]]:
    """One piece of news: headline, sub-headline bullets, lead sentence, body sentences, bullet list (intro first)."""
    disease, abbr = p.disease
    phase, patients, sites = rng.choice(PHASES), rng.randint(12, 480), rng.randint(3, 60)
    ahead = (day.month - 1) // 3 + rng.randint(1, 4)  # quarters from the start of the release's year
    quarter, half = f"Q{ahead % 4 + 1} {day.year + ahead // 4}", f"the {['first', 'second'][ahead % 4 // 2]} half of {day.year + ahead // 4}"
    trial = f"{c.short.upper()[:5]}-{rng.randint(1, 9)}"
    descriptor = f", a clinical-stage biotechnology company developing therapies for {c.area},"
    partner = f"{rng.choice(NAMES)} {rng.choice(['Pharma AG', 'Cell Partners, Inc.', 'Biosciences Ltd.', 'Holdings'])}"
    pct, week, months = round(rng.uniform(12, 48), 1), rng.choice([12, 24, 26, 48, 52]), rng.choice([6, 12, 18, 24])
    kind = rng.choice(["dosing", "topline", "regulatory", "collaboration", "financing", "presentation", "enrollment",
                       "appointment"])
    nct = f"NCT0{rng.randint(4000000, 6999999)}"
    if kind == "dosing":
        return (f"{c.short} Announces First Patient Dosed in {phase} Trial of {p.code} for {abbr}",
                [], (f"{c.name}{c.listing}{descriptor} today announced that the first patient has been dosed in its "
                    f"{phase} clinical trial of {p.code} in patients with {disease} ({abbr})."),
                [(f"The trial ({nct}) is being conducted under an Investigational New Drug (IND) application cleared by "
                 f"the U.S. Food and Drug Administration (FDA) in {FULL_MONTHS[rng.randint(0, 11)]} {day.year}."),
                 f"The first patient was dosed at {rng.choice(HOSPITALS)} on {_date(day - datetime.timedelta(rng.randint(1, 20)))}.",
                 ("Following dosing, the patient exhibited no surgical or perioperative complications or other adverse "
                 "safety events."),
                 "All monitored parameters remained within normal ranges.",
                 (f"The randomized, double-blind, placebo-controlled trial will evaluate the safety, tolerability and "
                 f"preliminary efficacy of {p.code} vs. placebo."),
                 f"Topline data are expected in {half}."],
                ["Key design elements include:",
                 f"Approx. {patients} patients randomized 2:1 to {p.code} or placebo at {sites} sites",
                 (f"A single {rng.choice(['intrathecal', 'intravenous', 'subretinal', 'intraputaminal'])} dose of "
                 f"{rng.randint(1, 300)} million cells, with a {months}-month follow-up period"),
                 "Primary endpoint: incidence of treatment-emergent adverse events (TEAEs)"])
    if kind == "topline":
        p_value = f"0.0{rng.randint(1, 49):02d}"
        scale = rng.choice(SCALES)
        return (f"{c.short} Reports Positive Topline Results from {phase} {trial} Trial of {p.code} in {abbr}",
                [f"Primary endpoint met with a {pct}% slowing of decline on {scale} at {months} months (p={p_value})",
                 f"Favorable safety profile; serious adverse events in {round(rng.uniform(1, 9), 1)}% of participants",
                 "Company to host conference call today at 8:00 a.m. ET"],
                (f"{c.name}{c.listing}{descriptor} today announced positive topline results from {trial}, its {phase} "
                f"trial of {p.code} in {patients} patients with {disease}."),
                ["The trial met its primary endpoint.",
                 f"{p.code} slowed decline on {scale} by {pct}% compared with placebo at week {week} (p={p_value}).",
                 "The most common adverse events were headache, fatigue and nausea, and most were mild to moderate.",
                 "No treatment-related serious adverse events were reported.",
                 f"{c.short} plans to meet with the U.S. FDA in {quarter} to discuss a Phase 3 program.",
                 f"{c.short} will host a conference call and webcast today at 8:00 a.m. ET.",
                 f"The webcast will be available at ir.{c.domain}.", "A replay will be archived for 90 days."], [])
    if kind == "regulatory":
        agency = rng.choice(["U.S. FDA", "NMPA", "MFDS"])
        return (f"{c.short} Receives {agency} Clearance to Start {phase} Trial of {p.code} in {disease.title()}",
                [], (f"{c.name}{c.listing}{descriptor} announced that the {agency} has cleared its application to "
                    f"begin a {phase} clinical trial of {p.code} in patients with {disease} ({abbr})."),
                [(f"The multicenter, randomized study will compare {p.code} vs. standard of care in approx. {patients} "
                 f"patients, i.e., about {rng.choice(['two', 'three', 'four'])} times the size of the previous study."),
                 f"Patients will be enrolled at {rng.choice(HOSPITALS)} and {sites} other sites.",
                 f"The primary endpoint is the change in {rng.choice(SCALES)} score at week {week}.",
                 f"{c.short} expects to dose the first patient in {quarter}."], [])
    if kind == "collaboration":
        upfront, total = rng.randint(5, 80), rng.randint(100, 900)
        return (f"{c.short} and {partner} Sign ${total} Million Agreement to Co-Develop {p.code}",
                [], (f"{c.name}{c.listing}{descriptor} and {partner} today announced a strategic collaboration to "
                    f"co-develop {p.code}, an investigational {p.modality} for {disease}."),
                [(f"Under the agreement, {c.short} will receive an upfront payment of ${upfront} million and is eligible "
                 f"for up to ${total} million in development, regulatory and commercial milestones."),
                 (f"The transaction is expected to close in {quarter}, subject to customary closing conditions, incl. "
                 "regulatory approvals.")],
                ["Under the terms of the agreement:",
                 f"{partner} will lead clinical development and commercialization in North America and Europe;",
                 (f"{c.short} will retain rights in {rng.choice(['Korea, Japan and China', 'Greater China', 'Asia'])}, and "
                 f"will supply clinical-grade material from its GMP facility in {c.city[1]};"),
                 "The two companies will share development costs for global registrational trials."])
    if kind == "financing":
        amount = rng.randint(20, 250)
        lead, *others = rng.sample(INVESTORS, 3)
        return (f"{c.short} Closes ${amount} Million Series {rng.choice('ABCD')} Financing to Advance {p.code}",
                [], f"{c.name}{c.listing}{descriptor} today announced the closing of a ${amount} million financing.",
                [f"The financing was led by {lead}, with participation from {others[0]} and {others[1]}.",
                 (f"Proceeds will fund the {phase} trial of {p.code} in {disease} and expand the company's manufacturing "
                 f"capacity in {c.city[1]}."),
                 f"Since its founding in {c.founded}, {c.short} has raised more than ${amount + rng.randint(50, 400)} million.",
                 (f"In connection with the financing, {_person(rng)}, {rng.choice(DEGREES)}, of {lead} will join the "
                 "company's Board of Directors.")], [])
    if kind == "presentation":
        conference, talk = f"{day.year} {rng.choice(CONFERENCES)}", day + datetime.timedelta(rng.randint(10, 60))
        return (f"{c.short} to Present New Data on {p.code} at the {conference}",
                [], (f"{c.name}{c.listing} today announced that it will present {months}-month data from its {phase} "
                    f"trial of {p.code} at the {conference} in {rng.choice(ELSEWHERE).split(',')[0].title()} on {_date(talk)}."),
                [f"The presentation will include safety and efficacy data from {patients} patients.",
                 "The poster will be available on the company's website after the presentation."],
                ["Presentation details:", f"Title: {months}-month safety and efficacy of {p.code} in {abbr}",
                 f"Presenter: {_person(rng)}, {rng.choice(DEGREES)}", f"Date: {_date(talk)}"])
    if kind == "enrollment":
        return (f"{c.short} Completes Enrollment in {phase} {trial} Trial of {p.code} in {abbr}",
                [], (f"{c.name}{c.listing}{descriptor} today announced that it has completed enrollment of {patients} "
                    f"patients in {trial}, its {phase} trial of {p.code} in {disease}."),
                [(f"Enrollment was completed {rng.randint(2, 9)} months ahead of schedule at {sites} sites in "
                 f"{rng.choice(['the U.S. and South Korea', 'China', 'the U.S., Europe and Asia'])}."),
                 f"Topline data are expected in {half}.",
                 (f"{trial} ({nct}) is evaluating {p.code} at {rng.choice([0.5, 1, 2.5, 5, 10])} mg/kg every "
                 f"{rng.choice([2, 4, 8])} weeks.")], [])
    person, title = _person(rng), rng.choice(TITLES)
    return (f"{c.short} Appoints {person} as {title}",
            [], (f"{c.name}{c.listing}{descriptor} today announced the appointment of {person}, {rng.choice(DEGREES)}, "
                f"as {title}, effective {_date(day + datetime.timedelta(rng.randint(1, 30)))}."),
            [f"{person.split()[0]} brings more than {rng.randint(12, 30)} years of experience in drug development.",
             (f"Most recently, {person.split()[0]} served as {rng.choice(TITLES)} at {rng.choice(NAMES)} "
             f"{rng.choice(['Pharma AG', 'Biosciences Ltd.', 'Therapeutics, Inc.'])}, where the team advanced "
             f"{rng.randint(2, 7)} programs into the clinic."),
             f"{person.split()[0]} succeeds {_person(rng)}, who will remain an advisor to the company."], [])


def release(c: Company, rng: random.Random) -> tuple[str, str]:
    """One release of `c`, and its headline: news of its own around the company's boilerplate."""
    day = datetime.date(2023, 1, 2) + datetime.timedelta(rng.randint(0, 1300))
    p = rng.choice(c.products)
    headline, subheads, lead, body, bullets = _events(c, p, rng, day)
    wire = rng.choice(["prn", "prn", "prn", "gnw", "bw"])
    city = c.city[0] if rng.random() < 0.7 else rng.choice(ELSEWHERE)
    dateline = {"prn": f"{city}, {_date(day)} /PRNewswire/ -- ", "gnw": f"{city}, {_date(day, True)} (GLOBE NEWSWIRE) -- ",
                "bw": f"{city}--(BUSINESS WIRE)--"}[wire]
    mark = rng.choice(["- ", "* ", "  • "])
    other = rng.choice([q for q in c.products if q != p] or [p])
    extra = [f"The company is based in {c.city[1].removesuffix('.')}.", f"Its pipeline also includes {other.code} for {other.disease[0]}.",
             (f"{p.disease[0][0].upper() + p.disease[0][1:]} affects more than {rng.randint(2, 40)} million people "
             "worldwide, and no approved therapy slows its progression."),
             (f"To date, the company has secured {rng.choice(['two', 'three', 'five', 'seven'])} Investigational New "
             "Drug (IND) approvals from the U.S. FDA and China's National Medical Products Administration (NMPA).")]
    news = body[:2] + rng.sample(body[2:], k=max(0, len(body) - 2 - rng.randint(0, 1))) + rng.sample(extra, k=2)
    person = _person(rng)
    quotes = ["This milestone reflects years of work by our team and our clinical partners",
              f"These results are a turning point for patients and families living with {p.disease[1]}",
              f"{p.code} has the potential to change how {p.disease[0]} is treated",
              "We are grateful to the patients, families and investigators who made this possible"]
    seconds = [(f"We designed {p.code} to be an off-the-shelf therapy that can reach patients quickly, i.e., without the "
               "months-long manufacturing of autologous products."),
               f"We look forward to sharing more data in {day.year + 1}.",
               f"We plan to meet with regulators in {FULL_MONTHS[rng.randint(0, 11)]} to discuss the next steps.",
               "Our priority now is to move quickly and carefully."]
    quote = (f'"{rng.choice(quotes)}," said {person}, {rng.choice(DEGREES)}, {rng.choice(TITLES)} of {c.short}. '
             f'"{rng.choice(seconds)}"')

    def noise() -> str:
        return "\nAdvertisement\n" if rng.random() < 0.2 else ("\nShare this article\n" if rng.random() < 0.1 else "")

    split = rng.randint(2, 4)
    parts = [rng.choice(HEADERS).format(weekday=day.strftime("%A"), long_date=f"{FULL_MONTHS[day.month - 1]} {day.day}, {day.year}"),
             headline + "\n",
             "".join(f"\n- {s}" for s in subheads) + ("\n" if subheads else ""),
             f"\n{dateline}{lead} {' '.join(news[:1])}\n", noise(),
             f"\n{quote}\n", noise(),
             f"\n{' '.join(news[1:split])}\n",
             (f"\n{bullets[0]}\n\n" + "\n".join(mark + b for b in bullets[1:]) + "\n") if bullets else "",
             f"\n{' '.join(news[split:])}\n" if news[split:] else "", noise()]
    about = [f"{p.code} is an investigational {p.modality} for {p.disease[0]}."]
    if p.designation:
        about.append(f"It has received {p.designation} from the FDA for the treatment of {p.disease[1]}.")
    parts.append(f"\nAbout {p.code}\n\n{' '.join(about)}\n")
    # The company paragraph is the same in every release, but for a yearly update (a near match).
    programs = {2023: "two", 2024: "three", 2025: "four", 2026: "five"}[day.year]
    parts.append(f"\nAbout {c.short}\n\n{c.name} is a clinical-stage biotechnology company developing therapies for "
                 f"{c.area}. Headquartered in {c.city[1]}, the company has {programs} programs in clinical development. "
                 f"For more information, visit www.{c.domain}.\n")
    parts.append(f"\n{c.fls_heading}\n\n{' '.join(s.format(short=c.short) for s in c.fls)}\n")
    parts.append("".join(f"\n{contact}\n" for contact in c.contacts))
    slug = "-".join(headline.lower().split()[:6]).replace("$", "").replace("/", "-")
    parts.append({"prn": f"\nView original content:https://www.prnewswire.com/news-releases/{slug}-30{rng.randint(1000000, 9999999)}"
                         f".html\n\nSOURCE {c.name}\n",
                  "gnw": "", "bw": f"\nView source version on businesswire.com: https://www.businesswire.com/news/home/"
                                   f"{day:%Y%m%d}00{rng.randint(1000, 9999)}/en/\n"}[wire])
    parts.append(rng.choice(FOOTERS))
    return headline, "".join(parts)


def archive(count: int) -> tuple[list[str], str, str]:
    """`count` distinct releases, then two more distinct from them all (the new releases).

    Release i is the same whatever `count` is (the archive of 10 is the first tenth of the archive
    of 100), and so are the new releases: one of the first ten releases' company, news of their own.
    """
    firms = companies()
    order = random.Random(SEED).sample(firms, len(firms))
    texts: list[str] = []
    seen: set[str] = set()

    def distinct(key: str, company: Company) -> str:
        for attempt in range(100):
            headline, text = release(company, random.Random(f"{SEED}/{key}/{attempt}"))
            if text not in seen and headline not in seen:
                seen.update((text, headline))
                return text
        raise RuntimeError(f"no distinct release for {key}")

    for index in range(count):
        texts.append(distinct(str(index), order[index % len(order)]))
    return texts, distinct("new", order[3]), distinct("new-2", order[7])


# --- running l10n --------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    seconds: float
    peak_mb: float
    status: int | None
    # the exit status; None when the command was killed at --timeout
    stderr: str


def l10n(project: Path, args: list[str], timeout: float, stdout: Path | None = None) -> Timing:
    """Run `l10n ARGS` in `project`: wall seconds, the child's own peak RSS (os.wait4), its exit status."""
    log = project.parent / "stderr.txt"
    with open(log, "wb") as err, open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "l10n", *args], cwd=project, stdout=out, stderr=err)
        killed = threading.Event()
        timer = threading.Timer(timeout, lambda: (killed.set(), child.kill()))
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    return Timing(seconds, usage.ru_maxrss / 1024, None if killed.is_set() else child.returncode,
                  log.read_text(encoding="utf-8", errors="replace").strip())


def _real(entry) -> bool:
    """What the memory should offer: a reviewed translation that is not the English itself nor a
    contact line (a rule of the benchmark's own, so it checks the memory rather than repeats it)."""
    return (bool(entry.msgstr) and "fuzzy" not in entry.flags and entry.msgstr != entry.msgid
            and "kind: contact" not in entry.comment.splitlines() and "engine: verbatim" not in entry.comment)


@dataclass
class Archive:
    """What the review step saw: entries per catalog, and the sentences the memory now holds."""

    catalogs: int = 0
    entries: int = 0
    real: dict[str, set[str]] = field(default_factory=dict)
    seconds: float = 0.0


def review(project: Path) -> Archive:
    """Mark every entry of every catalog reviewed; the pseudo text stays (only a benchmark)."""
    import polib

    seen = Archive()
    start = time.perf_counter()
    for locale in LOCALES:
        real = seen.real.setdefault(locale, set())
        for path in sorted((project / "locales" / locale / "LC_MESSAGES").glob("*.po")):
            po = polib.pofile(str(path), wrapwidth=0)
            for entry in po:
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                    entry.previous_msgid = entry.previous_msgctxt = None
                if not entry.obsolete:
                    seen.entries += 1
                if _real(entry):
                    real.add(entry.msgid)
            po.save()
            seen.catalogs += 1
    seen.seconds = time.perf_counter() - start
    return seen


@dataclass(frozen=True)
class Filled:
    entries: int
    exact: int
    close: int
    expected: int
    missed: tuple[str, ...]
    # sentences found reviewed in the archive that the memory did not fill exactly


def filled(project: Path, slug: str, locale: str, real: set[str]) -> Filled:
    """How many of the new release's entries memory filled, read from its catalog."""
    import polib

    po = polib.pofile(str(project / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"), wrapwidth=0)
    active = [e for e in po if not e.obsolete]
    memory = [e for e in active if any(line.startswith("engine: memory") for line in e.comment.splitlines())]
    exact = {e.msgid for e in memory if "fuzzy" not in e.flags}
    expected = {e.msgid for e in active if e.msgid in real}
    return Filled(len(active), len(exact), len(memory) - len(exact), len(expected), tuple(sorted(expected - exact)))


# --- the benchmark ---------------------------------------------------------------------------


@dataclass
class Row:
    size: int
    first: Timing | None = None
    again: Timing | None = None
    new: Timing | None = None
    warm: Timing | None = None
    archive: Archive | None = None
    fills: dict[str, Filled] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def measure(size: int, scratch: Path, timeout: float) -> Row:
    row = Row(size)
    project = scratch / f"n{size}" / "project"
    project.mkdir(parents=True)
    (project / "l10n.toml").write_text('output = "out"\n', encoding="utf-8")  # pins the project root here
    texts, new, new2 = archive(size)
    for index, text in enumerate(texts, 1):
        (project / f"release-{index:04d}.txt").write_text(text, encoding="utf-8")

    def step(name: str, args: list[str]) -> Timing | None:
        timing = l10n(project, args, timeout)
        if timing.status is None:
            row.problems.append(f"{name}: killed after --timeout {timeout:g} s")
        elif timing.status or timing.stderr:
            row.problems.append(f"{name}: exit status {timing.status}: {timing.stderr[:500]}")
        return timing

    command = ["translate", ".", "--to", "zh,ko", "--engine", "pseudo", "-q"]
    row.first = step("first run", command)
    if row.first.status is None:
        return row
    row.again = step("no-change run", command)
    row.archive = review(project)
    for slug, text, attr in (("new", new, "new"), ("new-2", new2, "warm")):
        (project / f"{slug}.txt").write_text(text, encoding="utf-8")
        setattr(row, attr, step(f"{slug}.txt", ["translate", f"{slug}.txt", "--to", "zh,ko", "--engine", "memory", "-q"]))
    for locale in LOCALES:
        if (project / "locales" / locale / "LC_MESSAGES" / "new.po").exists():
            row.fills[locale] = filled(project, "new", locale, row.archive.real[locale])
    return row


def _s(timing: Timing | None) -> str:
    if timing is None:
        return "-"
    return "timeout" if timing.status is None else f"{timing.seconds:.2f}"


def _mb(timing: Timing | None) -> str:
    return "-" if timing is None else f"{timing.peak_mb:.0f}"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _ok(timing: Timing | None) -> bool:
    return timing is not None and timing.status == 0


def report(rows: list[Row]) -> None:
    print()
    print(f"{'N':>6}{'first s':>10}{'MB':>6}{'no-change s':>13}{'% first':>9}{'MB':>6}{'new s':>8}{'MB':>6}"
          f"{'new (warm) s':>14}{'MB':>6}   memory filled in new.txt (exact of expected, close)")
    for row in rows:
        share = f"{100 * row.again.seconds / row.first.seconds:.1f}" if _ok(row.first) and _ok(row.again) else "-"
        fills = "; ".join(f"{loc}: {f.exact} of {f.expected}, {f.close} close ({f.entries} entries)"
                          for loc, f in row.fills.items()) or "-"
        print(f"{row.size:>6}{_s(row.first):>10}{_mb(row.first):>6}{_s(row.again):>13}{share:>9}{_mb(row.again):>6}"
              f"{_s(row.new):>8}{_mb(row.new):>6}{_s(row.warm):>14}{_mb(row.warm):>6}   {fills}")
    print()
    for row in rows:
        if row.archive and row.archive.catalogs:
            a = row.archive
            distinct = len(set().union(*a.real.values())) if a.real else 0
            print(f"N={row.size}: {a.catalogs} catalogs, {a.entries / a.catalogs:.1f} entries each, "
                  f"{distinct} distinct reviewed sentences across locales; review step (polib, in-process) {a.seconds:.1f} s")
    for before, after in itertools.pairwise(rows):
        ratio = math.log(after.size / before.size)
        growth = []
        for name in ("first", "again", "new"):
            t1, t2 = getattr(before, name), getattr(after, name)
            label = {"first": "first run", "again": "no-change", "new": "new release"}[name]
            growth.append(f"{label} {math.log(t2.seconds / t1.seconds) / ratio:.2f}" if _ok(t1) and _ok(t2) else f"{label} -")
        print(f"growth exponent N={before.size}→{after.size} (log(t2/t1)/log(N2/N1); 1 = linear): {', '.join(growth)}")
    print()
    by_size = {row.size: row for row in rows}
    big, mid = by_size.get(1000), by_size.get(100)
    if big and mid and _ok(big.first) and _ok(mid.first):
        ratio = big.first.seconds / mid.first.seconds
        print(f"target first run N=1000 <= 12x N=100: {ratio:.1f}x  {_verdict(ratio <= 12)}")
    else:
        print("target first run N=1000 <= 12x N=100: not measured")
    for row in rows:
        if _ok(row.first) and _ok(row.again):
            share = 100 * row.again.seconds / row.first.seconds
            print(f"target no-change <= 5% of first (N={row.size}): {share:.1f}%  {_verdict(share <= 5)}")
    if big and _ok(big.new):
        print(f"target one new release against 1,000 releases <= 2 s: {big.new.seconds:.2f} s  {_verdict(big.new.seconds <= 2)}")
    else:
        print("target one new release against 1,000 releases <= 2 s: not measured"
              + "".join(f" (N={r.size}: {r.new.seconds:.2f} s)" for r in rows if _ok(r.new)))
    if big and big.first:
        peak = max(t.peak_mb for t in (big.first, big.again, big.new, big.warm) if t)
        print(f"target peak RSS at N=1000 < 500 MB: {peak:.0f} MB  {_verdict(peak < 500)}")
    else:
        print("target peak RSS at N=1000 < 500 MB: not measured")
    for row in rows:
        for problem in row.problems:
            print(f"problem (N={row.size}): {problem}")
        for locale, f in row.fills.items():
            for text in f.missed[:5]:
                print(f"not filled by memory (N={row.size}, {locale}), though reviewed in the archive: {text!r}")
            if len(f.missed) > 5:
                print(f"... and {len(f.missed) - 5} more (N={row.size}, {locale})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="archive sizes N, comma-separated (default 10,100,1000)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one command may run (default 1800)")
    parser.add_argument("--keep", type=Path, help="build the scratch projects in this (new) folder and keep them")
    options = parser.parse_args()
    sizes = [int(n) for n in options.sizes.split(",") if n.strip()]
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start "
          "(other processes may be running: wall times are not from an idle machine)")
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        scratch = options.keep or Path(temporary)
        (scratch / "idle").mkdir(parents=True)
        idle = min((l10n(scratch / "idle", ["--help"], options.timeout) for _ in range(3)), key=lambda t: t.seconds)
        print(f"a command that does nothing (`l10n --help`): {idle.seconds:.2f} s, {idle.peak_mb:.0f} MB "
              "(start-up: the floor under every figure below)")
        for size in sizes:
            row = measure(size, scratch, options.timeout)
            rows.append(row)
            print(f"N={size}: first {_s(row.first)} s, no-change {_s(row.again)} s, new {_s(row.new)} s, "
                  f"new (warm) {_s(row.warm)} s; load average {os.getloadavg()[0]:.2f}", flush=True)
            if row.first is None or row.first.status is None:
                print(f"N={size} timed out: larger sizes skipped")
                break
            if not options.keep:
                shutil.rmtree(scratch / f"n{size}")
    report(rows)


if __name__ == "__main__":
    main()
