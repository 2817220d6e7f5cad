"""Monthly figures of one microloan company: the business statement, the financial statement and
the funding statement, generated from one set of books carried from month to month.

The books hold equity (paid-in capital, reserves, retained profit), loans, provisions and
borrowings. Each month loans are disbursed and collected towards a target multiple of net assets,
the portfolio is classified, provisions follow the five categories, income accrues for the year
and the balance sheet closes on borrowings (or on cash when the company needs none). The three
statements read the same books, so net assets, loans and provisions agree across them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from finsup.institutions.choices import InstitutionStatus

from .filings_money import ZERO, count_of, dec, drift, nonneg, q, scale, split, wan, wander
from .plan import InstitutionPlan

# Provisioning of the five categories: normal, special mention, substandard, doubtful, loss.
PROVISION_RATES = (Decimal("0.015"), Decimal("0.03"), Decimal("0.30"), Decimal("0.60"), Decimal("1.00"))
SECURITY = (0.16, 0.48, 0.26, 0.10)  # credit, guaranteed, mortgage, pledge
USE = (
    0.30,
    0.08,
    0.06,
    0.05,
    0.18,
    0.27,
    0.06,
)  # farmers, coops, leading firms, other agri, industry, sole props, other
SIZE = (0.22, 0.15, 0.21, 0.42)  # ≤ 200k, 200-300k, 300-500k, > 500k
TERM = (0.14, 0.30, 0.46, 0.10)  # ≤ 3 months, 3-6, 6-12, > 1 year
ACCOUNTS = ("interest", "expense", "other", "opex", "impairment", "nonop", "disbursed", "collected", "written_off")


@dataclass
class Books:
    paid_in: Decimal
    capital_reserve: Decimal
    surplus: Decimal
    risk_reserve: Decimal
    retained: Decimal  # undistributed profit at the start of the year
    loans: Decimal
    provisions: Decimal
    borrowings: Decimal
    equity: Decimal
    prior_year_end: Decimal
    multiple: float  # target loans / net assets
    npl: float
    special: float
    cover: float  # provisions held / required
    largest: float  # largest borrower / prior-year-end net assets
    rate: float
    funding_rate: float
    shares: dict = field(default_factory=dict)
    ytd: dict = field(default_factory=dict)


def start_books(rng: random.Random, inst: InstitutionPlan, leveraged: bool) -> Books:
    capital = wan(inst.registered_capital)
    weak = inst.status != InstitutionStatus.OPERATING
    books = Books(
        paid_in=capital,
        capital_reserve=scale(capital, rng.uniform(0, 0.04)),
        surplus=scale(capital, rng.uniform(0.02, 0.07)),
        risk_reserve=scale(capital, rng.uniform(0.01, 0.025)),
        retained=scale(capital, rng.uniform(-0.16, -0.03) if weak else rng.uniform(0.0, 0.14)),
        loans=ZERO,
        provisions=ZERO,
        borrowings=ZERO,
        equity=ZERO,
        prior_year_end=ZERO,
        multiple=rng.uniform(1.8, 1.9) if leveraged else rng.uniform(0.55, 0.8) if weak else rng.uniform(0.95, 1.45),
        npl=rng.uniform(0.08, 0.16) if weak else rng.uniform(0.012, 0.045),
        special=rng.uniform(0.02, 0.06),
        cover=rng.uniform(1.03, 1.3),
        largest=rng.uniform(0.035, 0.08),
        rate=rng.uniform(13.0, 17.5),
        funding_rate=rng.uniform(5.0, 7.2),
        shares={
            "security": wander(rng, SECURITY, 0.3),
            "use": wander(rng, USE, 0.4),
            "size": wander(rng, SIZE, 0.3),
            "term": wander(rng, TERM, 0.3),
            "oa": rng.uniform(0.02, 0.06),
            "ol": rng.uniform(0.008, 0.025),
            "cash": rng.uniform(0.03, 0.08),
            "deduction": rng.uniform(0.01, 0.04),
            "standard": rng.choice([0.0] * 9 + [rng.uniform(0.2, 0.4)]),
            "nonstandard": (rng.choice([0.0, 0.5, 0.7, 0.8]), rng.uniform(0.1, 0.4), rng.uniform(0.0, 0.2)),
            "banks": rng.randint(1, 3),
            "loan_size": rng.uniform(18, 45),
            "turnover": rng.uniform(0.07, 0.11),
            "payout": rng.uniform(0.0, 0.4),
        },
        ytd=dict.fromkeys(ACCOUNTS, ZERO),
    )
    books.equity = _equity(books)
    books.prior_year_end = books.equity
    books.loans = scale(books.equity, books.multiple)
    books.provisions = _required(_categories(books))[0]
    books.borrowings = nonneg(books.loans + scale(books.loans, books.shares["cash"]) - books.equity)
    return books


def _equity(b: Books) -> Decimal:
    return b.paid_in + b.capital_reserve + b.surplus + b.risk_reserve + b.retained + _net_profit(b.ytd)[2]


def _categories(b: Books) -> list[Decimal]:
    npl = b.npl
    return split(b.loans, [1 - npl - b.special, b.special, npl * 0.5, npl * 0.3, npl * 0.2])


def _required(categories: list[Decimal]) -> tuple[Decimal, list[Decimal]]:
    return q(sum(c * r for c, r in zip(categories, PROVISION_RATES, strict=True))), categories


def _net_profit(ytd: dict) -> tuple[Decimal, Decimal, Decimal]:
    """(net interest, income tax, net profit) for the year to date."""
    net_interest = ytd["interest"] - ytd["expense"]
    before_tax = net_interest + ytd["other"] - ytd["opex"] - ytd["impairment"] + ytd["nonop"]
    tax = q(nonneg(before_tax) * Decimal("0.25"))
    return net_interest, tax, before_tax - tax


def _close_year(rng: random.Random, b: Books) -> None:
    """January: last year's profit is appropriated (10 % to the surplus reserve, a dividend) and
    the year-to-date accounts start again."""
    profit = _net_profit(b.ytd)[2]
    b.prior_year_end = b.equity
    transfer = scale(profit, 0.10) if profit > 0 else ZERO
    dividend = scale(profit, b.shares["payout"]) if profit > 0 else ZERO
    b.surplus += transfer
    b.retained += profit - transfer - dividend
    b.ytd = dict.fromkeys(ACCOUNTS, ZERO)
    b.equity = _equity(b)


def month(rng: random.Random, b: Books, inst: InstitutionPlan, month_no: int, breaches: set[str]) -> dict[str, dict]:
    """Advances the books by one month; returns the three statements (field → value in 万元)."""
    if month_no == 1 and b.ytd["disbursed"]:
        _close_year(rng, b)
    _drift(rng, b, inst, breaches)
    loans_start, provisions_before, borrowings_before, equity_before = b.loans, b.provisions, b.borrowings, b.equity
    collected = scale(loans_start, b.shares["turnover"] * rng.uniform(0.85, 1.15))
    disbursed = nonneg(scale(equity_before, b.multiple) - loans_start + collected)
    b.loans = loans_start + disbursed - collected
    required, categories = _required(_categories(b))
    cover = rng.uniform(0.84, 0.95) if "provisions" in breaches else b.cover
    b.provisions = scale(required, cover)
    interest = q((loans_start + b.loans) / 2 * Decimal(str(b.rate / 1200)))
    accrued = {
        "interest": interest,
        "expense": q(borrowings_before * Decimal(str(b.funding_rate / 1200))),
        "other": scale(interest, rng.uniform(0.01, 0.05)),
        "opex": scale(equity_before, 0.0032) + scale(interest, 0.12),
        "impairment": b.provisions - provisions_before,
        "nonop": scale(interest, rng.uniform(-0.01, 0.015)),
        "disbursed": disbursed,
        "collected": collected,
        "written_off": scale(categories[4], 0.25) if month_no in (6, 12) else ZERO,
    }
    for key, amount in accrued.items():
        b.ytd[key] += amount
    b.equity = _equity(b)
    sheet = _balance_sheet(b)
    books_view = dict(loans_start=loans_start, categories=categories, required=required, sheet=sheet)
    return {
        "ml_monthly_business": _business(rng, b, month_no, breaches, books_view, disbursed, collected),
        "ml_monthly_financial": _financial(b, month_no, sheet),
        "ml_monthly_funding": _funding(rng, b, categories),
    }


def _drift(rng: random.Random, b: Books, inst: InstitutionPlan, breaches: set[str]) -> None:
    if inst.status == InstitutionStatus.EXITING:
        b.multiple *= 0.96
    elif inst.status == InstitutionStatus.SUSPENDED:
        b.multiple *= 0.98
    elif "leverage" in breaches:
        b.multiple = rng.uniform(2.2, 2.35)
    else:
        b.multiple = drift(rng, min(b.multiple, 1.9), 0.03, 0.5, 1.9)
    b.npl = drift(rng, b.npl, 0.06, 0.005, 0.3)
    b.special = drift(rng, b.special, 0.06, 0.01, 0.09)
    b.cover = drift(rng, b.cover, 0.02, 1.02, 1.4)
    b.largest = drift(rng, b.largest, 0.05, 0.02, 0.088)
    b.rate = drift(rng, b.rate, 0.01, 11.0, 19.0)
    for key in ("security", "use", "size", "term"):
        b.shares[key] = wander(rng, b.shares[key])


def _balance_sheet(b: Books) -> dict[str, Decimal]:
    """Closes the balance sheet on borrowings; a company with more equity than it lends holds cash."""
    loans_net = b.loans - b.provisions
    other_assets = scale(b.equity, b.shares["oa"])
    other_liabilities = scale(b.equity, b.shares["ol"])
    cash = scale(b.loans, b.shares["cash"])
    borrowings = cash + loans_net + other_assets - b.equity - other_liabilities
    if borrowings < 0:
        cash, borrowings = cash - borrowings, ZERO
    b.borrowings = borrowings
    return dict(
        cash=cash, loans_net=loans_net, other_assets=other_assets, borrowings=borrowings, other_liab=other_liabilities
    )


def _business(rng, b: Books, month_no, breaches, view, disbursed, collected) -> dict:
    loans = b.loans
    credit, guaranteed, mortgage, pledge = split(loans, b.shares["security"])
    use = split(loans, b.shares["use"])
    size = split(loans, b.shares["size"])
    term = split(loans, b.shares["term"])
    normal, special, substandard, doubtful, loss = view["categories"]
    base = b.prior_year_end
    ratio = rng.uniform(0.104, 0.132) if "single_borrower" in breaches else b.largest
    largest = min(scale(base, ratio), loans)
    group_ratio = ratio * rng.uniform(1.15, 1.35) if "single_borrower" in breaches else min(ratio * 1.4, 0.145)
    group = min(max(largest, scale(base, group_ratio)), loans)
    weighted = dec(b.rate + rng.uniform(-0.3, 0.3), "0.01")
    return {
        "disbursed_month": disbursed,
        "collected_month": collected,
        "disbursed_ytd": b.ytd["disbursed"],
        "collected_ytd": b.ytd["collected"],
        "disbursed_count_month": count_of(disbursed, b.shares["loan_size"] * 0.9),
        "loans_start": view["loans_start"],
        "loans_total": loans,
        "borrowers_count": count_of(loans, b.shares["loan_size"]),
        "loans_credit": credit,
        "loans_guaranteed": guaranteed,
        "loans_joint_guarantee": scale(guaranteed, 0.18),
        "loans_mortgage": mortgage,
        "loans_pledge": pledge,
        "loans_agri_farmers": use[0],
        "loans_agri_coops": use[1],
        "loans_agri_leading_firms": use[2],
        "loans_agri_other": use[3],
        "loans_industrial": use[4],
        "loans_sole_proprietors": use[5],
        "loans_use_other": use[6],
        "loans_size_upto_200k": size[0],
        "loans_size_200k_300k": size[1],
        "loans_size_300k_500k": size[2],
        "loans_size_over_500k": size[3],
        "loans_term_upto_3m": term[0],
        "loans_term_3m_6m": term[1],
        "loans_term_6m_12m": term[2],
        "loans_term_over_1y": term[3],
        "loans_normal": normal,
        "loans_special_mention": special,
        "loans_substandard": substandard,
        "loans_doubtful": doubtful,
        "loans_loss": loss,
        "net_capital": scale(b.equity, 1 - b.shares["deduction"]),
        "net_assets": b.equity,
        "net_assets_prior_year_end": base,
        "rate_highest": dec(rng.uniform(20.0, 23.9), "0.01"),
        "rate_lowest": dec(rng.uniform(7.2, 10.5), "0.01"),
        "rate_weighted_avg": weighted,
        "provisions_held": b.provisions,
        "provisions_required": view["required"],
        "largest_borrower_balance": largest,
        "largest_borrower_group_balance": group,
    }


def _financial(b: Books, month_no: int, sheet: dict) -> dict:
    net_interest, tax, profit = _net_profit(b.ytd)
    total_assets = sheet["cash"] + sheet["loans_net"] + sheet["other_assets"]
    annualise = Decimal(12) / Decimal(month_no)
    return {
        "cash_and_deposits": sheet["cash"],
        "loans_net": sheet["loans_net"],
        "other_assets": sheet["other_assets"],
        "total_assets": total_assets,
        "borrowings": sheet["borrowings"],
        "other_liabilities": sheet["other_liab"],
        "total_liabilities": sheet["borrowings"] + sheet["other_liab"],
        "equity_paid_in": b.paid_in,
        "capital_reserve": b.capital_reserve,
        "surplus_reserve": b.surplus,
        "general_risk_reserve": b.risk_reserve,
        "undistributed_profit": b.retained + profit,
        "owners_equity": b.equity,
        "interest_income_ytd": b.ytd["interest"],
        "interest_expense_ytd": b.ytd["expense"],
        "net_interest_income_ytd": net_interest,
        "other_income_ytd": b.ytd["other"],
        "operating_expenses_ytd": b.ytd["opex"],
        "impairment_ytd": b.ytd["impairment"],
        "non_operating_net_ytd": b.ytd["nonop"],
        "income_tax_ytd": tax,
        "net_profit_ytd": profit,
        "roaa": (profit * annualise / total_assets).quantize(Decimal("0.0001")) if total_assets > 0 else None,
        "roae": (profit * annualise / b.equity).quantize(Decimal("0.0001")) if b.equity > 0 else None,
    }


def _funding(rng, b: Books, categories: list[Decimal]) -> dict:
    standard = scale(b.borrowings, b.shares["standard"])
    bank, shareholder, other = split(b.borrowings - standard, b.shares["nonstandard"])
    bonds, abs_ = split(standard, [0.3, 0.7])
    substandard, doubtful, loss = categories[2:]
    npl = substandard + doubtful + loss
    over_90 = scale(npl, rng.uniform(0.6, 0.85))
    overdue = over_90 + scale(categories[1], rng.uniform(0.3, 0.7)) + scale(npl - over_90, rng.uniform(0.3, 0.9))
    return {
        "bank_borrowings": bank,
        "lending_banks_count": b.shares["banks"] if bank > 0 else 0,
        "shareholder_borrowings": shareholder,
        "other_nonstandard_funding": other,
        "nonstandard_funding_total": bank + shareholder + other,
        "bonds_outstanding": bonds,
        "abs_outstanding": abs_,
        "standard_funding_total": standard,
        "net_capital": scale(b.equity, 1 - b.shares["deduction"]),
        "net_assets": b.equity,
        "net_assets_prior_year_end": b.prior_year_end,
        "loans_total": b.loans,
        "npl_substandard": substandard,
        "npl_doubtful": doubtful,
        "npl_loss": loss,
        "npl_total": npl,
        "loan_loss_provisions": b.provisions,
        "overdue_loans": overdue,
        "overdue_over_90_days": over_90,
        "written_off_ytd": b.ytd["written_off"],
    }
