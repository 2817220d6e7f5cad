"""Demo loan feeds: every operating microloan company pushes its loan book (contract v1) through
the feed service (contracts from January of the year before the demo day), and the loan rules
are evaluated at the last six month ends, each at its moment, so that the monitoring pages have a
history. Deterministic for a seed and a day; identifiers are valid and made up."""

from __future__ import annotations

import datetime
import random

from finsup.core import clock
from finsup.institutions.choices import InstitutionKind, InstitutionStatus
from finsup.institutions.models import Institution
from finsup.loans.choices import FeedChannel
from finsup.loans.evaluation import loans_evaluate
from finsup.loans.feeds import loan_batch_receive

from .filings_timeline import LOCAL, first_day
from .identifiers import Mint

LOANS_PER_COMPANY = 600
OUTSIDE_COUNTY = "370102"  # 济南市历下区: outside every Linyi company's approved area
_PURPOSES = (("agriculture", 40), ("small_business", 36), ("consumer", 9), ("business", 13), ("other", 2))
_LOW_AGRI = (("agriculture", 20), ("small_business", 22), ("consumer", 28), ("business", 28), ("other", 2))
# Most companies are in order; some have one kind of problem each, as supervisors see it.
QUIRKS = ("outside_region", "related_party", "banned_purpose", "upfront", "bad_book", "low_agri", "big_borrower")
QUIRK_EVERY = 16  # of every 16 companies (in credit-code order), seven have one problem each


def month_ends(last: datetime.date, count: int) -> list[datetime.date]:
    ends, day = [], last
    for _ in range(count):
        ends.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return sorted(ends)


def company_loans(
    inst: Institution, counties: list[str], *, seed: int, as_of: datetime.date, index: int = 0
) -> list[dict[str, str]]:
    rng = random.Random(f"{seed}-{inst.credit_code}")
    mint = Mint(rng)
    people = [(mint.id_number(born_from=1962, born_to=2001), mint.mobile()) for _ in range(260)]
    firms = [mint.credit_code(counties[0], 2015) for _ in range(25)]
    groups = [mint.credit_code(counties[0], 2018) for _ in range(6)]
    first = first_day(as_of)
    span = (as_of - first).days
    quirks = [QUIRKS[index % QUIRK_EVERY]] if index % QUIRK_EVERY < len(QUIRKS) else []
    purposes, weights = zip(*(_LOW_AGRI if "low_agri" in quirks else _PURPOSES), strict=True)
    overdue_share = 12 if "bad_book" in quirks else 1.2
    odd = {
        q: set(rng.sample(range(LOANS_PER_COMPANY), 3 if q == "big_borrower" else rng.randint(1, 3))) for q in quirks
    }
    big_loan = int(inst.paid_in_capital * 6 // 100 // 1000) * 1000  # three of them: 18 % of the capital
    rows = []
    for i in range(LOANS_PER_COMPANY):
        contract = first + datetime.timedelta(days=rng.randrange(span))
        start = contract + datetime.timedelta(days=rng.randint(0, 3))
        due = start + datetime.timedelta(days=rng.choice((90, 180, 365, 365, 730)))
        firm = rng.random() < 0.08
        principal = rng.randrange(200, 1500) * 1000 if firm else rng.randrange(10, 500) * 1000
        status = rng.choices(
            ("normal", "settled", "overdue", "written_off"), (62 - overdue_share, 35, overdue_share, 0.3)
        )[0]
        if due < as_of and status == "normal":
            status = "settled"
        late = (15, 30, 45, 60, 120, 200) if "bad_book" in quirks else (10, 20, 30, 45, 60, 75, 95)
        overdue = rng.choice(late) if status == "overdue" else 0
        rate = rng.choices((rng.uniform(6, 11.9), rng.uniform(11.9, 15), rng.uniform(15, 23.9)), (80, 17, 3))[0]
        borrower, phone = (rng.choice(firms), "") if firm else rng.choice(people)
        purpose = "business" if firm and rng.random() < 0.2 else rng.choices(purposes, weights)[0]
        if i in odd.get("banned_purpose", ()):
            purpose = rng.choice(("real_estate", "securities"))
        outside = i in odd.get("outside_region", ())
        if any(i in loans for loans in odd.values()):  # a problem loan is still on the books
            status, overdue, due = "normal", 0, max(due, as_of)
        if i in odd.get("big_borrower", ()):  # one enterprise borrowing far beyond its share
            borrower, phone, firm = firms[0], "", True
            principal, purpose = big_loan, "small_business"
        rows.append(
            {
                "company_credit_code": inst.credit_code,
                "loan_id": f"{inst.credit_code[-6:]}-{contract:%Y%m}-{i:05d}",
                "loan_version": "1",
                "borrower_id": borrower,
                "borrower_phone": phone,
                "borrower_group_id": rng.choice(groups) if firm and rng.random() < 0.5 else "",
                "borrower_type": "enterprise"
                if firm
                else rng.choices(("farmer", "person", "sole_proprietor"), (5, 3, 2))[0],
                "borrower_county": OUTSIDE_COUNTY if outside else rng.choice(counties),
                "principal": f"{principal}.00",
                "annual_rate_all_in": f"{rate:.2f}",
                "upfront_deduction": f"{principal // 50}.00" if i in odd.get("upfront", ()) else "0.00",
                "contract_date": contract.isoformat(),
                "start_date": start.isoformat(),
                "due_date": due.isoformat(),
                "status": status,
                "outstanding": "0.00"
                if status in ("settled", "written_off")
                else f"{principal if i in odd.get('big_borrower', ()) else principal * rng.randint(30, 100) // 100}.00",
                "overdue_days": str(overdue),
                "security": rng.choices(("credit", "guarantee", "mortgage", "pledge"), (30, 45, 20, 5))[0],
                "purpose": purpose,
                "industry": rng.choice(("A01", "A03", "C13", "F51", "F52", "H61", "O80")),
                "related_party": "true" if i in odd.get("related_party", ()) else "false",
            }
        )
    return rows


def loans_load(*, seed: int, as_of: datetime.date) -> dict[str, int]:
    """Feeds every operating microloan company's loans, then evaluates six month ends."""
    companies = list(
        Institution.objects.filter(kind=InstitutionKind.MICROLOAN, status=InstitutionStatus.OPERATING)
        .select_related("county")
        .prefetch_related("business_region")
        .order_by("credit_code")
    )
    loans = 0
    # The companies' nightly push of the day before.
    received = datetime.datetime.combine(as_of - datetime.timedelta(days=1), datetime.time(22, 0), tzinfo=LOCAL)
    for index, inst in enumerate(companies):
        counties = sorted(o.code for o in inst.business_region.all()) or [inst.county.code]
        rows = company_loans(inst, counties, seed=seed, as_of=as_of, index=index)
        with clock.at(received):
            batch = loan_batch_receive(
                institution=inst, channel=FeedChannel.API, source_name="demo", records=rows, evaluate=False
            )
        loans += batch.rows_written
    warnings = 0
    last = as_of.replace(day=1) - datetime.timedelta(days=1)
    for day in month_ends(last, 6):
        # The month-end run, the first morning of the next month.
        with clock.at(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(7, 0), tzinfo=LOCAL)):
            warnings += loans_evaluate(as_of=day).warnings_opened
    return {"loan_companies": len(companies), "loans": loans, "warnings_loans": warnings}
