"""Monthly statements of one private lending registration service (民间融资登记服务机构).

Volumes scale with the company's capital and the season (more borrowing before the Spring
Festival and at planting time); registered loans outstanding roll forward with this month's
matches and repayments; rates stay within four times the one-year LPR (3.0 % in 2025-2026)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from finsup.institutions.choices import InstitutionStatus

from .filings_money import count_of, dec, drift, scale, split, wan, wander
from .plan import InstitutionPlan

# Month → seasonal factor of borrowing demand.
SEASON = {1: 1.25, 2: 0.7, 3: 1.15, 4: 1.1, 5: 1.0, 6: 0.95, 7: 0.9, 8: 0.9, 9: 1.05, 10: 1.0, 11: 1.05, 12: 1.2}
TERMS = (0.08, 0.22, 0.32, 0.30, 0.08)  # ≤ 1 month, 1-3, 3-6, 6-12, > 1 year


@dataclass
class Book:
    volume: float  # matched per month / registered capital
    outstanding: object
    rate: float
    terms: list[float]
    loan_size: float  # 万元
    overdue: float


def start_book(rng: random.Random, inst: InstitutionPlan) -> Book:
    capital = wan(inst.registered_capital)
    volume = rng.uniform(0.3, 1.2) if inst.status == InstitutionStatus.OPERATING else rng.uniform(0.05, 0.2)
    return Book(
        volume=volume,
        outstanding=scale(capital, volume * rng.uniform(4, 6)),
        rate=rng.uniform(7.5, 9.5),
        terms=wander(rng, TERMS, 0.3),
        loan_size=rng.uniform(12, 40),
        overdue=rng.uniform(0.01, 0.05),
    )


def month(rng: random.Random, book: Book, inst: InstitutionPlan, month_no: int) -> dict:
    capital = wan(inst.registered_capital)
    if inst.status == InstitutionStatus.OPERATING:
        book.volume = drift(rng, book.volume, 0.08, 0.2, 1.6)
    else:
        book.volume *= 0.85
    book.rate = drift(rng, book.rate, 0.02, 6.5, 10.0)
    book.overdue = drift(rng, book.overdue, 0.08, 0.005, 0.09)
    book.terms = wander(rng, book.terms)
    matched = scale(capital, book.volume * SEASON[month_no] * rng.uniform(0.9, 1.1))
    count = count_of(matched, book.loan_size)
    individuals, sole_props = int(count * rng.uniform(0.45, 0.6)), int(count * rng.uniform(0.2, 0.3))
    book.outstanding = book.outstanding + matched - scale(book.outstanding, rng.uniform(0.15, 0.22))
    overdue = scale(book.outstanding, book.overdue)
    terms = split(matched, book.terms)
    requests = scale(matched, rng.uniform(1.3, 1.9))
    return {
        "lenders_registered_count": count_of(matched, book.loan_size * rng.uniform(0.6, 0.9)),
        "lenders_registered_amount": scale(matched, rng.uniform(1.1, 1.5)),
        "requests_count": count_of(requests, book.loan_size),
        "requests_amount": requests,
        "matched_count": count,
        "matched_amount": matched,
        "rate_weighted_avg": dec(book.rate, "0.01") if count else None,
        "rate_highest": dec(min(book.rate + rng.uniform(0.8, 2.0), 12.0), "0.01") if count else None,
        "matched_individual_count": individuals,
        "matched_sole_proprietor_count": sole_props,
        "matched_enterprise_count": count - individuals - sole_props,
        "term_upto_1m": terms[0],
        "term_1m_3m": terms[1],
        "term_3m_6m": terms[2],
        "term_6m_1y": terms[3],
        "term_over_1y": terms[4],
        "outstanding_end": book.outstanding,
        "overdue_count": count_of(overdue, book.loan_size),
        "overdue_amount": overdue,
        "fee_income": scale(matched, rng.uniform(0.004, 0.008)),
    }
