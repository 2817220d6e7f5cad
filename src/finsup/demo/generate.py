"""Builds the whole demo data set as a `DemoPlan` from a seed. Same seed, same plan."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from faker import Faker

from finsup.accounts.choices import Role
from finsup.institutions.choices import ApprovalStatus, InstitutionKind, InstitutionStatus, Position

from .holdings import breaching_companies
from .identifiers import Mint
from .logins import DEMO_LOGINS, INSTITUTION_LOGIN, INSTITUTION_LOGIN_COUNTY
from .people import CENT, PeopleMaker, day_between
from .plan import DemoPlan, InstitutionPlan, StatusStep
from .staff import CITY, PROVINCE, plan_offices, plan_oversight, plan_staff
from .vocab import AREAS, AS_OF, KIND_CAPITAL, KIND_SUFFIXES, KIND_YEARS, STATUS_REASONS, TRADE_WORDS, WEIGHTS

DEFAULT_SEED = 2026
K = InstitutionKind
S = InstitutionStatus
# Per kind: how many, at least how many per supervising office, at most how many per office.
KIND_COUNTS = {
    K.MICROLOAN: (45, 2, 8),
    K.GUARANTEE: (35, 2, 5),
    K.PRIVATE_CAPITAL: (45, 2, 8),
    K.LENDING_REGISTRY: (25, 1, 2),
}
# How many institutions end in each status other than operating; "resumed" is operating again
# after a suspension.
STATUS_COUNTS = [(S.PREPARING, 4), (S.REVOKED, 2), (S.SUSPENDED, 5), (S.EXITING, 4), ("resumed", 2)]


def build_plan(*, seed: int = DEFAULT_SEED, supervising: list[str]) -> DemoPlan:
    """`supervising`: the codes of the county and development-zone offices, which get the institutions."""
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    mint = Mint(rng)
    people = PeopleMaker(rng, fake, mint)

    supervising = sorted(supervising)
    skeleton = [
        (kind, code)
        for kind, spread in _spread_kinds(rng, supervising).items()
        for code, n in spread.items()
        for _ in range(n)
    ]
    fates = _fates(rng, skeleton)
    names: set[str] = set()
    institutions = [_institution(rng, mint, kind, code, fates[i], names) for i, (kind, code) in enumerate(skeleton)]

    offices = plan_offices(rng, mint, [PROVINCE, CITY, *supervising])
    counts = {code: sum(1 for i in institutions if i.county_code == code) for code in supervising}
    staff = plan_staff(fake, mint, counts)
    _assign_lead_supervisors(rng, institutions, staff)

    breaches = breaching_companies(seed, institutions)
    for inst in institutions:
        inst.key_persons = people.key_persons(inst)
        inst.legal_representative = inst.key_persons[0].name
        inst.shareholders = people.shareholders(inst, seed=seed, breach=breaches.get(inst.credit_code, ""))
        inst.related_parties = people.related_parties(inst)
        inst.user_display_name = fake.name()
    _refuse_some(rng, institutions)
    institutions[fates.index("login")].user_username = INSTITUTION_LOGIN
    staff += plan_oversight(fake, mint)  # last: the generators' earlier draws stay as they were
    _check_demo_logins(staff)
    return DemoPlan(seed=seed, offices=offices, staff=staff, institutions=institutions)


def _spread_kinds(rng: random.Random, codes: list[str]) -> dict[str, dict[str, int]]:
    spreads = {}
    for kind, (total, least, most) in KIND_COUNTS.items():
        counts = dict.fromkeys(codes, least)
        while sum(counts.values()) < total:
            open_codes = [c for c in codes if counts[c] < most]
            counts[rng.choices(open_codes, [WEIGHTS.get(c, 1) for c in open_codes])[0]] += 1
        spreads[kind] = counts
    return spreads


def _fates(rng: random.Random, skeleton: list[tuple[str, str]]) -> list[str]:
    """The final status of each institution. The first microloan company of the demo county stays
    operating: the institution demo login belongs to it."""
    fates = [S.OPERATING] * len(skeleton)
    fates[skeleton.index((K.MICROLOAN, INSTITUTION_LOGIN_COUNTY))] = "login"
    for status, count in STATUS_COUNTS:
        if status == S.REVOKED:
            chosen = [
                rng.choice([i for i, (k, _) in enumerate(skeleton) if k == kind and fates[i] == S.OPERATING])
                for kind in (K.MICROLOAN, K.GUARANTEE)
            ]
        else:
            kinds = {K.GUARANTEE, K.PRIVATE_CAPITAL, K.LENDING_REGISTRY} if status == S.PREPARING else set(K)
            pool = [i for i, (k, _) in enumerate(skeleton) if k in kinds and fates[i] == S.OPERATING]
            chosen = rng.sample(pool, count)
        for i in chosen:
            fates[i] = status
    return fates


def _institution(rng: random.Random, mint: Mint, kind: str, code: str, fate: str, names: set[str]) -> InstitutionPlan:
    area = AREAS[code]
    while True:
        name = area["prefix"] + rng.choice(TRADE_WORDS) + rng.choice(KIND_SUFFIXES[kind])
        if name not in names:
            names.add(name)
            break
    first, last = KIND_YEARS[kind]
    if fate == S.PREPARING:
        year = 2024
    elif fate in (S.REVOKED, S.SUSPENDED, S.EXITING, "resumed"):
        year = rng.randint(first, min(last, 2016 if fate == S.REVOKED else 2020))
    else:
        year = rng.randint(first, last)
    approved = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 290))
    if fate == S.PREPARING:
        approved = datetime.date(2024, 7, 1) + datetime.timedelta(days=rng.randrange(0, 120))
    established = approved + datetime.timedelta(days=rng.randrange(15, 60))
    registered = _capital(rng, kind)
    inst = InstitutionPlan(
        name=name,
        kind=kind,
        county_code=code,
        credit_code=mint.credit_code(code, established.year),
        registered_capital=registered,
        paid_in_capital=_paid_in(rng, kind, registered),
        approved_on=approved,
        established_on=established,
        approval_doc_no=mint.doc_no("鲁金办字" if year < 2019 else "鲁金监字", year),
        status=S.OPERATING if fate in ("login", "resumed") else fate,
        address=_address(rng, area),
        contact_phone=mint.landline(area["phone"]),
        region_codes=[code],
    )
    if kind != K.LENDING_REGISTRY and area["near"] and rng.random() < 0.15:
        inst.region_codes.append(rng.choice(area["near"]))
    inst.history = _history(rng, mint, inst, fate)
    return inst


def _address(rng: random.Random, area: dict) -> str:
    street = f"{area['addr']}{rng.choice(area['roads'])}{rng.randrange(1, 400)}号"
    floor, building = rng.randrange(2, 20), rng.randrange(1, 9)
    return street + rng.choice(["", "", f"{floor}楼", f"金融大厦{floor}层", f"商务中心{building}号楼"])


def _capital(rng: random.Random, kind: str) -> Decimal:
    low, high, step = KIND_CAPITAL[kind]
    steps = (high - low) // step
    return Decimal(low + step * round(rng.triangular(0, steps, steps * 0.15))).quantize(CENT)


def _paid_in(rng: random.Random, kind: str, registered: Decimal) -> Decimal:
    """Microloan capital is paid in at once; the other kinds may still be paying in instalments."""
    full_share = {K.MICROLOAN: 1.0, K.GUARANTEE: 0.9, K.PRIVATE_CAPITAL: 0.6, K.LENDING_REGISTRY: 0.8}[kind]
    if rng.random() < full_share:
        return registered
    share = Decimal(rng.choice(["0.5", "0.6", "0.7", "0.8", "0.9"]))
    return (registered * share).quantize(CENT)


def _history(rng: random.Random, mint: Mint, inst: InstitutionPlan, fate: str) -> list[StatusStep]:
    steps = [StatusStep("", S.PREPARING, inst.approved_on, STATUS_REASONS["registered"], inst.approval_doc_no)]
    if fate == S.PREPARING:
        return steps
    steps.append(StatusStep(S.PREPARING, S.OPERATING, inst.established_on, STATUS_REASONS["opened"]))
    if fate in (S.OPERATING, "login"):
        return steps
    # Suspensions and exits still under way are recent; revocations and resumptions may be older.
    recent = datetime.date(2022, 1, 1) if fate in (S.SUSPENDED, S.EXITING) else datetime.date(2019, 1, 1)
    start = max(inst.established_on + datetime.timedelta(days=730), recent)
    first = day_between(rng, start, AS_OF - datetime.timedelta(days=150 if fate in (S.SUSPENDED, S.EXITING) else 400))
    second = first + datetime.timedelta(days=rng.randrange(90, 360))
    if fate == S.EXITING:
        steps.append(
            StatusStep(
                S.OPERATING,
                S.EXITING,
                first,
                rng.choice(STATUS_REASONS["exiting"]),
                mint.doc_no("临金办字", first.year),
            )
        )
        return steps
    steps.append(
        StatusStep(
            S.OPERATING,
            S.SUSPENDED,
            first,
            rng.choice(STATUS_REASONS["suspended"]),
            mint.doc_no("临金办字", first.year),
        )
    )
    if fate == "resumed":
        steps.append(
            StatusStep(
                S.SUSPENDED, S.OPERATING, second, STATUS_REASONS["resumed"], mint.doc_no("临金办字", second.year)
            )
        )
    elif fate == S.REVOKED:
        steps.append(
            StatusStep(S.SUSPENDED, S.REVOKED, second, STATUS_REASONS["revoked"], mint.doc_no("鲁金监字", second.year))
        )
    return steps


def _check_demo_logins(staff) -> None:
    roles = {s.username: s.role for s in staff}
    for login in DEMO_LOGINS:
        if login.role not in (Role.INSTITUTION, Role.PARTNER) and roles.get(login.username) != login.role:
            raise AssertionError(f"the staff plan lacks the demo login {login.username} ({login.role})")


def _assign_lead_supervisors(rng: random.Random, institutions: list[InstitutionPlan], staff) -> None:
    supervisors: dict[str, list[str]] = {}
    for member in staff:
        if member.role == Role.LEAD_SUPERVISOR:
            supervisors.setdefault(member.office_code, []).append(member.username)
    assigned: dict[str, int] = {}
    for inst in institutions:
        team = supervisors[inst.county_code]
        n = assigned[inst.county_code] = assigned.get(inst.county_code, -1) + 1
        inst.lead_supervisor = team[n % len(team)]
        inst.lead_supervisor_filed_on = min(inst.approved_on + datetime.timedelta(days=rng.randrange(10, 60)), AS_OF)


def _refuse_some(rng: random.Random, institutions: list[InstitutionPlan], count: int = 2) -> None:
    """Two executive candidates the office turned down: they never took office."""
    candidates = [
        p
        for inst in institutions
        if inst.status == S.OPERATING
        for p in inst.key_persons
        if p.position in (Position.DEPUTY_GM, Position.CFO, Position.RISK_OFFICER)
        and p.approval_status == ApprovalStatus.APPROVED
    ]
    for person in rng.sample(candidates, count):
        person.approval_status = ApprovalStatus.REFUSED
        person.approval_doc_no, person.approved_on, person.took_office_on, person.trainings = "", None, None, []
