"""Generated loan rows that satisfy the loans-v1 contract (valid check characters included)."""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

from stdnum.cn import ric, uscc

from finsup.loans.ingest import INPUT_COLUMNS

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(rng: random.Random) -> str:
    body = "9137" + "".join(rng.choice("0123456789") for _ in range(4))
    body += "".join(rng.choice(_USCC_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def make_ric(rng: random.Random) -> str:
    year = rng.randint(1960, 2004)
    region = "372801" if year < 1994 else "371302"  # Linyi: 3728xx before 1994, 3713xx from 1994
    birth = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)).strftime("%Y%m%d")
    body = region + birth + f"{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")


def make_rows(n: int, *, seed: int = 1, companies: int = 2, borrowers: int | None = None) -> list[dict[str, str]]:
    rng = random.Random(seed)
    codes = [make_uscc(rng) for _ in range(companies)]
    pool = [make_ric(rng) for _ in range(borrowers or max(1, n // 2))]
    phones = {b: f"13{rng.randint(100000000, 999999999)}" for b in pool}
    enterprises = [make_uscc(rng) for _ in range(max(1, len(pool) // 10))]
    groups = [make_uscc(rng) for _ in range(max(1, len(pool) // 50))]
    rows = []
    for i in range(n):
        contract = datetime.date(2025, rng.randint(1, 12), rng.randint(1, 28))
        start = contract + datetime.timedelta(days=rng.randint(0, 5))
        principal = rng.randint(1000, 500000)
        status = rng.choice(["normal", "normal", "overdue", "settled"])
        enterprise = i % 10 == 9
        borrower = rng.choice(enterprises) if enterprise else rng.choice(pool)
        rows.append(
            {
                "company_credit_code": codes[i % companies],
                "loan_id": f"L{i:08d}",
                "loan_version": "1",
                "borrower_id": borrower,
                "borrower_phone": "" if i % 3 == 0 or enterprise else phones[borrower],
                "borrower_group_id": "" if i % 4 else rng.choice(groups),
                "borrower_type": "enterprise" if enterprise else rng.choice(["person", "farmer", "sole_proprietor"]),
                "borrower_county": "371302",
                "principal": f"{principal}.00",
                "annual_rate_all_in": f"{rng.randint(600, 2400) / 100:.2f}",
                "upfront_deduction": "0.00" if i % 5 else f"{principal // 20}.50",
                "contract_date": contract.isoformat(),
                "start_date": start.isoformat(),
                "due_date": (start + datetime.timedelta(days=rng.choice([90, 180, 365]))).isoformat(),
                "status": status,
                "outstanding": "0.00" if status == "settled" else f"{principal // 2}.25",
                "overdue_days": str(rng.randint(1, 200)) if status == "overdue" else "0",
                "security": rng.choice(["credit", "guarantee", "mortgage", "pledge"]),
                "purpose": rng.choice(["agriculture", "small_business", "consumer", "business", "other"]),
                "industry": rng.choice(["A01", "C13", "F51", "I65"]),
                "related_party": "true" if i % 50 == 0 else "false",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(INPUT_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path
