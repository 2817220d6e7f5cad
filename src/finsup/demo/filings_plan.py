"""The demo filings as plain values, built from the registry plan and the seed before anything
is saved: every report of every filing institution for every period from January of the year
before the demo day (`as_of`) up to the last closed period, with the breaches, slips, late and
missing filings that make a supervisor's first morning realistic. A period whose deadline has not
passed is filed by those who file early. Same seed and day, same filings."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from finsup.catalogue import default_catalogue
from finsup.institutions.choices import InstitutionKind, InstitutionStatus
from finsup.reporting.periods import Period, periods_between

from . import filings_capital, filings_guarantee, filings_microloan, filings_registry
from .filings_mistakes import slip
from .filings_timeline import FilingPlan, file_on, first_day, later, review
from .logins import INSTITUTION_LOGIN
from .plan import DemoPlan, InstitutionPlan

K = InstitutionKind
FILING_STATUSES = {InstitutionStatus.OPERATING, InstitutionStatus.SUSPENDED, InstitutionStatus.EXITING}
# (kind, breach, how many institutions, how many consecutive periods at most)
SCENARIOS = [
    (K.MICROLOAN, "single_borrower", 3, 5),
    (K.MICROLOAN, "provisions", 2, 4),
    (K.MICROLOAN, "leverage", 1, 3),
    (K.GUARANTEE, "leverage", 2, 2),
    (K.GUARANTEE, "single_party", 1, 2),
    (K.GUARANTEE, "asset_ratio", 1, 2),
    (K.GUARANTEE, "reserves_ratio", 1, 2),
    (K.PRIVATE_CAPITAL, "short_term", 2, 3),
    (K.PRIVATE_CAPITAL, "agri_share", 2, 3),
    (K.PRIVATE_CAPITAL, "provisions", 1, 2),
    (K.PRIVATE_CAPITAL, "related_party", 1, 2),
    (K.PRIVATE_CAPITAL, "single_project", 1, 2),
]
# The county whose lead supervisor is a demo login sees at least one breach.
DEMO_COUNTY = "371302"
CHANNELS = ["excel"] * 6 + ["web"] * 3 + ["api"]
RETURNS, CORRECTIONS = 10, 12


@dataclass
class FilingsPlan:
    seed: int
    as_of: datetime.date
    filings: list[FilingPlan]
    missing: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    breaching: dict[str, list[str]] = field(default_factory=dict)  # credit code → breaches planned


def build_filings(registry: DemoPlan, *, as_of: datetime.date) -> FilingsPlan:
    rng = random.Random(f"{registry.seed}:filings")
    filers = [i for i in registry.institutions if i.status in FILING_STATUSES]
    scenarios = _scenarios(rng, filers, as_of)
    tardy = {i.credit_code for i in rng.sample(filers, 6)}
    skipped = _missing(rng, filers, as_of)
    plan = FilingsPlan(seed=registry.seed, as_of=as_of, filings=[])
    for inst in filers:
        own = scenarios.get(inst.credit_code, {})
        if own:
            plan.breaching[inst.credit_code] = sorted(own)
        inst_rng = random.Random(f"{registry.seed}:{inst.credit_code}")
        for report_code, period, figures in _series(inst_rng, inst, as_of, own):
            breaches = tuple(sorted(b for b, ends in own.items() if period.end in ends))
            key = (inst.credit_code, report_code, period.end)
            if key in skipped:
                plan.missing.append(key)
                continue
            filing = _filing(inst, report_code, period, figures, breaches)
            filing.channel = inst_rng.choice(CHANNELS)
            late = inst_rng.random() < (0.2 if inst.credit_code in tardy else 0.005)
            if file_on(filing, inst_rng, late=late, as_of=as_of):
                plan.filings.append(filing)
    login = next(i.credit_code for i in filers if i.user_username == INSTITUTION_LOGIN)
    _slips(rng, registry.seed, plan, login)
    _reviews(rng, registry.seed, plan)
    return plan


def figure_series(registry: DemoPlan, *, since: datetime.date, as_of: datetime.date):
    """(institution, report code, period, figures) of every report owed from `since` to `as_of`,
    with the same books and breaches as the demo but no review history: the raw material of the
    benchmarks (which may reach further back than the demo's two years)."""
    rng = random.Random(f"{registry.seed}:filings")
    filers = [i for i in registry.institutions if i.status in FILING_STATUSES]
    scenarios = _scenarios(rng, filers, as_of, since)
    for inst in filers:
        inst_rng = random.Random(f"{registry.seed}:{inst.credit_code}")
        for code, period, figures in _series(inst_rng, inst, as_of, scenarios.get(inst.credit_code, {}), since):
            yield inst, code, period, figures


def _filing(inst: InstitutionPlan, report_code, period, figures, breaches) -> FilingPlan:
    report = default_catalogue()[report_code]
    return FilingPlan(
        credit_code=inst.credit_code,
        county_code=inst.county_code,
        lead_supervisor=inst.lead_supervisor,
        report_code=report_code,
        period=period,
        deadline_days=report.deadline_days,
        figures=figures,
        breaches=breaches,
    )


def due_periods(
    report_code: str, inst: InstitutionPlan, as_of: datetime.date, since=None, *, closed: bool = False
) -> list[Period]:
    """The periods of a report an institution owes on `as_of`: from `since` (by default the
    demo's first day; or its approval), each one whose deadline has passed; with `closed`, also
    those that have ended but may still be filed."""
    report = default_catalogue()[report_code]
    first = max(since or first_day(as_of), inst.approved_on)
    return [
        p
        for p in periods_between(first, as_of, report.frequency)
        if p.start >= inst.approved_on
        and report.version_for(p.end) is not None
        and as_of > (p.end if closed else p.end + datetime.timedelta(days=report.deadline_days))
    ]


def _series(rng: random.Random, inst: InstitutionPlan, as_of, scenario: dict[str, set], since=None):
    """(report code, period, figures) of every report of a closed period, oldest first."""
    if inst.kind == K.MICROLOAN:
        books = filings_microloan.start_books(rng, inst, leveraged="leverage" in scenario)
        for period in due_periods("ml_monthly_business", inst, as_of, since, closed=True):
            breaches = {b for b, ends in scenario.items() if period.end in ends}
            for code, figures in filings_microloan.month(rng, books, inst, period.end.month, breaches).items():
                yield code, period, figures
    elif inst.kind == K.GUARANTEE:
        book = filings_guarantee.start_book(rng, inst, leveraged="leverage" in scenario)
        annual = {p.end.year: p for p in due_periods("gs_annual", inst, as_of, since, closed=True)}
        for period in due_periods("gs_quarterly", inst, as_of, since, closed=True):
            breaches = {b for b, ends in scenario.items() if period.end in ends}
            figures = filings_guarantee.quarter(rng, book, inst, (period.end.month - 1) // 3 + 1, breaches)
            yield "gs_quarterly", period, figures
            if period.end.month == 12 and period.end.year in annual:
                year = period.end.year
                yield "gs_annual", annual[year], filings_guarantee.annual(rng, book, figures, year)
    elif inst.kind == K.PRIVATE_CAPITAL:
        book = filings_capital.start_book(rng, inst)
        for period in due_periods("pc_quarterly", inst, as_of, since, closed=True):
            breaches = {b for b, ends in scenario.items() if period.end in ends}
            yield "pc_quarterly", period, filings_capital.quarter(rng, book, inst, breaches)
    elif inst.kind == K.LENDING_REGISTRY:
        book = filings_registry.start_book(rng, inst)
        for period in due_periods("lr_monthly", inst, as_of, since, closed=True):
            yield "lr_monthly", period, filings_registry.month(rng, book, inst, period.end.month)


def _scenarios(rng: random.Random, filers: list[InstitutionPlan], as_of, since=None) -> dict[str, dict[str, set]]:
    """credit code → breach → the period ends it shows in (a few consecutive periods)."""
    chosen: dict[str, dict[str, set]] = {}
    for kind, breach, count, longest in SCENARIOS:
        pool = [
            i
            for i in filers
            if i.kind == kind
            and i.status == InstitutionStatus.OPERATING
            and i.credit_code not in chosen
            and i.user_username != INSTITUTION_LOGIN
        ]
        picks = rng.sample(pool, count)
        if kind == K.MICROLOAN and breach == "single_borrower":
            local = [i for i in pool if i.county_code == DEMO_COUNTY]
            picks[0] = rng.choice(local)
        for inst in picks:
            code = "ml_monthly_business" if kind == K.MICROLOAN else "gs_quarterly"
            code = "pc_quarterly" if kind == K.PRIVATE_CAPITAL else code
            periods = due_periods(code, inst, as_of, since)
            length = rng.randint(1 if longest <= 2 else 2, longest)
            first = rng.randrange(0, len(periods) - length + 1)
            chosen.setdefault(inst.credit_code, {})[breach] = {p.end for p in periods[first : first + length]}
    return chosen


def _missing(rng: random.Random, filers: list[InstitutionPlan], as_of) -> set[tuple[str, str, datetime.date]]:
    """A few reports never filed: suspended registries stop reporting, an exiting microloan
    company skips its last month, a guarantee company owes its annual report, a forgotten form."""
    skipped = set()

    def skip(inst, code, periods):
        skipped.update((inst.credit_code, code, p.end) for p in periods)

    for inst in filers:
        if inst.kind == K.LENDING_REGISTRY and inst.status == InstitutionStatus.SUSPENDED and rng.random() < 0.7:
            skip(inst, "lr_monthly", due_periods("lr_monthly", inst, as_of)[-rng.randint(1, 3) :])
    exiting = [i for i in filers if i.kind == K.MICROLOAN and i.status == InstitutionStatus.EXITING]
    for inst in exiting[:1]:
        for code in ("ml_monthly_business", "ml_monthly_financial", "ml_monthly_funding"):
            skip(inst, code, due_periods(code, inst, as_of)[-1:])
    operating = sorted((i for i in filers if i.status == InstitutionStatus.OPERATING), key=lambda i: i.credit_code)
    by_kind = {k: [i for i in operating if i.kind == k and i.user_username != INSTITUTION_LOGIN] for k in K}
    inst = rng.choice(by_kind[K.GUARANTEE])
    skip(inst, "gs_annual", due_periods("gs_annual", inst, as_of))
    inst = rng.choice(by_kind[K.PRIVATE_CAPITAL])
    skip(inst, "pc_quarterly", [rng.choice(due_periods("pc_quarterly", inst, as_of)[-3:])])
    for inst in rng.sample(by_kind[K.MICROLOAN], 2):
        skip(inst, "ml_monthly_funding", [rng.choice(due_periods("ml_monthly_funding", inst, as_of)[-6:])])
    return skipped


def _slips(rng: random.Random, seed: int, plan: FilingsPlan, login_code: str) -> None:
    """Some filings are first filed with a slip. The county returns most of them: the institution
    corrects them, except the latest ones, still waiting. Others are corrected by the institution
    before anyone reviewed them. The demo institution login has one of each."""
    latest = _latest(plan)
    clean = [f for f in plan.filings if not f.breaches]
    own = rng.sample([f for f in clean if f.credit_code == login_code and f.period.end != latest.get(f.report_code)], 2)
    others = [f for f in clean if f.credit_code != login_code]
    recent = plan.as_of - datetime.timedelta(days=45)
    waiting = rng.sample([f for f in others if f.period.end == latest.get(f.report_code) and f.due >= recent], 2)
    rest = rng.sample([f for f in others if f.period.end != latest.get(f.report_code)], RETURNS + CORRECTIONS - 3)
    returned = [own[0], *waiting, *rest[: RETURNS - 3]]
    returned_keys, waiting_keys = {f.key for f in returned}, {f.key for f in waiting}
    for filing in returned + [own[1], *rest[RETURNS - 3 :]]:
        slip_rng = random.Random(f"{seed}:slip:{filing.key}")
        first, correction_reason, return_reason = slip(slip_rng, filing.report_code, filing.figures)
        if filing.key in returned_keys:
            filing.returned_at = later(filing.submitted_at, slip_rng, 1, 4, plan.as_of)
            if filing.returned_at is None:
                continue
            filing.first_figures, filing.return_reason = first, return_reason
            if filing.key in waiting_keys:
                continue
        filing.corrected_at = later(filing.returned_at or filing.submitted_at, slip_rng, 1, 5, plan.as_of)
        if filing.corrected_at is not None:
            filing.first_figures, filing.correction_reason = first, correction_reason


def _latest(plan: FilingsPlan) -> dict[str, datetime.date]:
    """report code → the end of its latest period whose deadline has passed."""
    latest: dict[str, datetime.date] = {}
    for f in plan.filings:
        if f.due < plan.as_of:
            latest[f.report_code] = max(latest.get(f.report_code, f.period.end), f.period.end)
    return latest


def _reviews(rng: random.Random, seed: int, plan: FilingsPlan) -> None:
    """The counties accept what was filed within days; one county (not the demo county) sits on
    the clean filings of its latest period past the review deadline: the backlog the city
    leader's accountability case is about."""
    latest = _latest(plan)
    counties = sorted({f.county_code for f in plan.filings} - {DEMO_COUNTY})
    backlog = rng.choice(counties)
    for filing in plan.filings:
        review_rng = random.Random(f"{seed}:review:{filing.key}")
        if filing.returned_at and not filing.corrected_at:
            continue
        held = (
            filing.county_code == backlog
            and filing.period.end == latest.get(filing.report_code)
            and not filing.breaches
            and filing.submitted_at.date() < plan.as_of - datetime.timedelta(days=10)
        )
        review(filing, review_rng, as_of=plan.as_of, held=held)
