"""Quarterly statements of one private capital manager (民间资本管理机构).

Investment is sized on registered capital plus funding: equity and debt investment carry most of
it, short-term financial investment stays under 30 % of capital and funding, most of it goes to
agriculture and small business, provisions cover what the risk rules require. Directed
placements are described (investors, smallest contribution) whenever a company has any."""

from __future__ import annotations

import random
from dataclasses import dataclass

from finsup.institutions.choices import InstitutionStatus

from .filings_money import ZERO, drift, q, scale, split, wan
from .plan import InstitutionPlan


@dataclass
class Book:
    capital: object  # registered capital, 万元
    funding: float  # funding / registered capital
    channels: list[float]  # bank, shareholder loans, preferred, placements, other
    equity: float
    debt: float
    short: float
    agri: float
    single: float
    related: float
    cover: float
    placements: int
    investors: int
    entrusted: float


def start_book(rng: random.Random, inst: InstitutionPlan) -> Book:
    placements = rng.choice([0, 0, 0, 0, 1, 2])
    weak = inst.status != InstitutionStatus.OPERATING
    return Book(
        capital=wan(inst.registered_capital),
        funding=rng.uniform(0.1, 0.5) if weak else rng.uniform(0.3, 1.6),
        channels=[
            rng.uniform(0.2, 0.5),
            rng.uniform(0.05, 0.3),
            rng.choice([0.0, 0.0, rng.uniform(0.05, 0.15)]),
            rng.uniform(0.15, 0.35) if placements else 0.0,
            rng.uniform(0.0, 0.15),
        ],
        equity=rng.uniform(0.25, 0.45),
        debt=rng.uniform(0.45, 0.6),
        short=rng.uniform(0.06, 0.2),
        agri=rng.uniform(0.64, 0.86),
        single=rng.uniform(0.1, 0.26),
        related=rng.uniform(0.0, 0.07),
        cover=rng.uniform(1.04, 1.4),
        placements=placements,
        investors=rng.randint(8, 30),
        entrusted=rng.choice([0.0, 0.0, rng.uniform(0.1, 0.6)]),
    )


def quarter(rng: random.Random, book: Book, inst: InstitutionPlan, breaches: set[str]) -> dict:
    """Advances one quarter; returns the quarterly statement (万元)."""
    _drift(rng, book, inst)
    capital = book.capital
    funding = scale(capital, book.funding)
    bank, shareholder, preferred, placed, other = split(funding, book.channels)
    base = capital + funding - placed
    equity = scale(capital, book.equity)
    debt = scale(capital, book.debt) + scale(funding, 0.55)
    short = scale(base, rng.uniform(0.31, 0.37) if "short_term" in breaches else book.short)
    total = scale(equity + debt + short, rng.uniform(0.97, 1.03))
    single = min(scale(capital, rng.uniform(0.31, 0.36) if "single_project" in breaches else book.single), total)
    required = scale(debt, 0.012) + scale(short, 0.006)
    figures = {
        "registered_capital_avg": capital,
        "equity_investment_avg": equity,
        "debt_investment_avg": debt,
        "short_term_investment_avg": short,
        "investment_total": total,
        "agri_small_investment": scale(total, rng.uniform(0.46, 0.57) if "agri_share" in breaches else book.agri),
        "single_project_investment_max": single,
        "single_enterprise_financing_max": scale(single, rng.uniform(0.6, 1.0)),
        "related_party_investment": scale(
            capital, rng.uniform(0.11, 0.15) if "related_party" in breaches else book.related
        ),
        "entrusted_assets": scale(capital, book.entrusted) if book.entrusted else None,
        "new_investments_count": rng.randint(1, 9),
        "new_investments_amount": scale(total, rng.uniform(0.05, 0.2)),
        "prohibited_trading_balance": ZERO,
        "bank_funding_avg": bank,
        "shareholder_loans_avg": shareholder,
        "preferred_shareholder_avg": preferred,
        "directed_placement_avg": placed,
        "other_funding_avg": other,
        "funding_total_avg": funding,
        "placements_count": book.placements,
        "placement_amount": scale(placed, rng.uniform(0.97, 1.03)),
        "provisions_held": scale(required, rng.uniform(0.82, 0.95) if "provisions" in breaches else book.cover),
        "provisions_required": required,
    }
    if book.placements:
        smallest = rng.choice([200, 200, 300, 500])
        figures.update(
            placement_investors_max=book.investors,
            placement_investors_total=book.investors + rng.randint(0, 20) * (book.placements - 1),
            placement_min_contribution=q(smallest),
        )
    return figures


def _drift(rng: random.Random, book: Book, inst: InstitutionPlan) -> None:
    if inst.status != InstitutionStatus.OPERATING:
        book.funding *= 0.92
    else:
        book.funding = drift(rng, book.funding, 0.06, 0.1, 2.2)
    book.equity = drift(rng, book.equity, 0.04, 0.24, 0.5)
    book.debt = drift(rng, book.debt, 0.04, 0.45, 0.7)
    book.short = drift(rng, book.short, 0.06, 0.03, 0.22)
    book.agri = drift(rng, book.agri, 0.03, 0.62, 0.9)
    book.single = drift(rng, book.single, 0.05, 0.06, 0.27)
    book.related = drift(rng, book.related, 0.08, 0.0, 0.08)
    book.cover = drift(rng, book.cover, 0.03, 1.02, 1.5)
