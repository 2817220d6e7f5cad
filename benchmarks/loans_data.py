"""The loan benchmark's data: valid loans-v1 input generated in DuckDB SQL, the same on every run.

Every value is a function of the row number and the seed through DuckDB's ``hash()`` (no
``random()``), so the files are identical whatever the number of threads. Identifiers carry
valid check characters (GB 11643 and GB 32100, computed in SQL as ``finsup.loans.ingest``
checks them). A small share of the loans hits the rules: rates above 4 × LPR (about 2 %),
borrowers outside the approved counties (1.5 %), related parties (0.5 %), banned purposes (1 %),
upfront deductions (2 %), overdue loans (8 %, some past 90 days), a second version for one loan
in 25, a few very large loans (single-borrower concentration).

    generate(workdir, loans=10_000_000, companies=500, borrowers=2_000_000, seed=20250101)

writes ``<workdir>/data-<params>/loans.csv``, ``loans.parquet`` (typed columns) and
``companies.json`` (net assets and approved counties per company), and reuses them when they
exist. The identifiers are made up; still, keep the directory outside the repository.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# Linyi's counties (the approved area is two of them per company) and two outside the city.
COUNTIES = (
    "371302", "371311", "371312", "371321", "371322", "371323",
    "371324", "371325", "371326", "371327", "371328", "371329",
)  # fmt: skip
OUTSIDE = ("370102", "371402")
INDUSTRIES = ("A01", "A03", "C13", "C18", "F51", "F52", "G54", "I65", "K70", "O80")
VERSION_EVERY = 25  # row i with i % 25 == 24 is version 2 of the loan of row i - 1
AS_OF = "2025-12-31"


@dataclass(frozen=True)
class Dataset:
    directory: Path
    csv: Path
    parquet: Path
    companies: Path
    loans: int

    def company_context(self) -> dict[str, dict]:
        from decimal import Decimal

        raw = json.loads(self.companies.read_text())
        return {
            c: {"net_assets": Decimal(v["net_assets"]), "approved_counties": v["approved_counties"]}
            for c, v in raw.items()
        }


def _list(values) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def _uscc(body: str) -> str:
    """body (17 characters) followed by its GB 32100 check character."""
    total = " + ".join(
        f"(strpos('{USCC_ALPHABET}', substr({body}, {i + 1}, 1)) - 1) * {w}" for i, w in enumerate(USCC_WEIGHTS)
    )
    return f"({body} || substr('{USCC_ALPHABET}', ((31 - (({total}) % 31)) % 31) + 1, 1))"


def _ric(body: str) -> str:
    """body (17 digits) followed by its GB 11643 check character."""
    total = " + ".join(f"(ascii(substr({body}, {i + 1}, 1)) - 48) * {w}" for i, w in enumerate(RIC_WEIGHTS))
    return f"({body} || substr('10X98765432', (({total}) % 11) + 1, 1))"


def _base31(expr: str, width: int) -> str:
    """expr (a non-negative integer below 31**width) written in the USCC alphabet, fixed width."""
    digits = [f"substr('{USCC_ALPHABET}', (({expr}) // {31**k}) % 31 + 1, 1)" for k in reversed(range(width))]
    return " || ".join(digits)


def _macros(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    # h(i, k): a 63-bit hash of the row and a tag (BIGINT); u(i, k): uniform in [0, 1).
    con.execute(f"CREATE MACRO h(i, k) AS (hash(i, k, {int(seed)}) >> 1)::BIGINT")
    con.execute("CREATE MACRO u(i, k) AS (h(i, k) % 1000000) / 1000000.0")
    con.execute("CREATE MACRO pick(lst, i, k) AS lst[(h(i, k) % len(lst))::BIGINT + 1]")


def _companies_sql(n: int) -> str:
    body = "'913713' || lpad((c % 100)::VARCHAR, 2, '0')"
    body += f" || {_base31('c', 2)} || {_base31('h(c, 1) % 923521', 4)} || 'LY0'"
    return f"""
        SELECT c, {_uscc(f"({body})")} AS code,
            [{_list(COUNTIES)}[c % 12 + 1], {_list(COUNTIES)}[(c + 5) % 12 + 1]] AS approved
        FROM range({n}) t(c)"""


def _borrowers_sql(n: int) -> str:
    groups = max(1, n // 100)
    # persons: county + birth date + sequence, unique per index; enterprises and groups: a
    # credit code holding the index in base 31. The check characters are added outside.
    birth = "strftime(DATE '1960-01-01' + (b % 16000)::INTEGER, '%Y%m%d')"
    person = f"{_list(COUNTIES)}[(h(b, 2) % 12)::BIGINT + 1] || {birth} || lpad((b // 16000)::VARCHAR, 3, '0')"
    enterprise = (
        f"'913713' || lpad((h(b, 3) % 100)::VARCHAR, 2, '0') || {_base31('b', 5)} || {_base31('h(b, 4) % 923521', 4)}"
    )
    group = f"'923713' || lpad((g % 100)::VARCHAR, 2, '0') || {_base31('g', 5)} || {_base31('h(g, 6) % 923521', 4)}"
    phone = "'13' || lpad((h(b, 7) % 1000000000)::VARCHAR, 9, '0')"
    return f"""
        SELECT b, borrower_type,
            CASE WHEN borrower_type = 'enterprise' THEN {_uscc("ent")} ELSE {_ric("per")} END AS borrower_id,
            borrower_phone,
            CASE WHEN grp IS NOT NULL THEN {_uscc("grp")} END AS borrower_group_id
        FROM (
            SELECT b,
                CASE WHEN b % 10 = 9 THEN 'enterprise'
                     ELSE pick(['person', 'person', 'person', 'farmer', 'farmer', 'sole_proprietor'], b, 8)
                END AS borrower_type,
                CASE WHEN b % 10 = 9 THEN {enterprise} END AS ent,
                CASE WHEN b % 10 <> 9 THEN {person} END AS per,
                CASE WHEN b % 10 = 9 OR u(b, 9) >= 0.7 THEN NULL
                     WHEN u(b, 10) < 0.01 THEN '+86 ' || {phone}
                     ELSE {phone} END AS borrower_phone,
                CASE WHEN u(b, 11) < 0.05 THEN {group} END AS grp
            FROM (SELECT b, h(b, 12) % {groups} AS g FROM range({n}) t(b))
        )"""


def _loans_sql(n: int, companies: int, borrowers: int) -> str:
    per_company = max(1, borrowers // companies)
    purposes = (
        ["agriculture"] * 300 + ["small_business"] * 300 + ["consumer"] * 150 + ["business"] * 200
        + ["other"] * 40 + ["real_estate"] * 7 + ["securities"] * 3
    )  # fmt: skip
    # L: the loan of the row (the row before for a second version); attributes of the loan are
    # functions of L, those of the version (status, balance) of the row i.
    return f"""
        WITH r AS (
            SELECT i, CASE WHEN i % {VERSION_EVERY} = {VERSION_EVERY - 1} THEN i - 1 ELSE i END AS l,
                   CASE WHEN i % {VERSION_EVERY} = {VERSION_EVERY - 1} THEN 2 ELSE 1 END AS v
            FROM range({n}) t(i)
        ), a AS (
            SELECT i, l, v, (h(l, 1) % {companies})::BIGINT AS c,
                CASE WHEN u(l, 2) < 0.95
                    THEN ((h(l, 1) % {companies}) * {per_company} + h(l, 3) % {per_company}) % {borrowers}
                     ELSE h(l, 4) % {borrowers} END AS b,
                DATE '2023-01-01' + (h(l, 5) % 1000)::INTEGER AS contract_date,
                CASE WHEN u(l, 6) < 0.00005 THEN 10000000 + (h(l, 7) % 50000000)
                     ELSE 1000 + floor(pow(u(l, 7), 2) * 299000) END::DECIMAL(18,2) AS principal,
                u(i, 8) AS s
            FROM r
        )
        SELECT
            co.code AS company_credit_code,
            'L' || lpad(a.l::VARCHAR, 9, '0') AS loan_id,
            a.v::INTEGER AS loan_version,
            bo.borrower_id, bo.borrower_phone, bo.borrower_group_id, bo.borrower_type,
            CASE WHEN u(a.l, 9) < 0.985 THEN co.approved[(h(a.l, 10) % 2)::BIGINT + 1]
                 ELSE pick({_list(OUTSIDE + COUNTIES)}, a.l, 11) END AS borrower_county,
            a.principal,
            (CASE WHEN u(a.l, 12) < 0.04 THEN 12 + (h(a.l, 13) % 2400) / 100.0
                  ELSE 6 + (h(a.l, 13) % 600) / 100.0 END)::DECIMAL(9,4) AS annual_rate_all_in,
            CASE WHEN u(a.l, 14) < 0.02 THEN round(a.principal * 0.05, 2) ELSE 0
                END::DECIMAL(18,2) AS upfront_deduction,
            a.contract_date,
            a.contract_date + (h(a.l, 15) % 6)::INTEGER AS start_date,
            a.contract_date + (h(a.l, 15) % 6)::INTEGER + [90, 180, 365, 730][(h(a.l, 16) % 4)::BIGINT + 1] AS due_date,
            CASE WHEN a.s < 0.55 THEN 'normal' WHEN a.s < 0.63 THEN 'overdue'
                 WHEN a.s < 0.98 THEN 'settled' ELSE 'written_off' END AS status,
            CASE WHEN a.s >= 0.63 AND a.s < 0.98 THEN 0
                 ELSE round(a.principal * (10 + h(a.i, 17) % 91) / 100, 2) END::DECIMAL(18,2) AS outstanding,
            CASE WHEN a.s >= 0.55 AND a.s < 0.63 THEN 1 + (h(a.i, 18) % 400) ELSE 0 END::INTEGER AS overdue_days,
            pick(['credit', 'guarantee', 'mortgage', 'pledge'], a.l, 19) AS security,
            pick({_list(purposes)}, a.l, 20) AS purpose,
            pick({_list(INDUSTRIES)}, a.l, 21) AS industry,
            u(a.l, 22) < 0.005 AS related_party
        FROM a
        JOIN companies co ON co.c = a.c
        JOIN borrowers bo ON bo.b = a.b
        ORDER BY a.i"""


def generate(
    workdir: Path | str,
    *,
    loans: int = 10_000_000,
    companies: int = 500,
    borrowers: int = 2_000_000,
    seed: int = 20250101,
    say=print,
) -> Dataset:
    base = Path(workdir) / f"data-l{loans}-c{companies}-b{borrowers}-s{seed}-v{duckdb.__version__}"
    data = Dataset(base, base / "loans.csv", base / "loans.parquet", base / "companies.json", loans)
    if (base / "done").exists():
        return data
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # duckdb 2: no longer accepted in connect(config=)
    con.execute(f"SET temp_directory = '{base / 'tmp'}'")
    _macros(con, seed)
    con.execute(f"CREATE TABLE companies AS {_companies_sql(companies)}")
    con.execute(f"CREATE TABLE borrowers AS {_borrowers_sql(borrowers)}")
    con.execute(f"COPY ({_loans_sql(loans, companies, borrowers)}) TO '{data.parquet}' (FORMAT PARQUET)")
    say(f"  generated {data.parquet.name} in {time.perf_counter() - started:.1f} s")
    # The CSV: the same rows as text, as a company's export would write them.
    con.execute(f"COPY (SELECT * FROM read_parquet('{data.parquet}')) TO '{data.csv}' (HEADER, DELIMITER ',')")
    say(f"  wrote {data.csv.name} in {time.perf_counter() - started:.1f} s")
    # Net assets: the company's live outstanding divided by a leverage of 1.2 to 2.0.
    rows = con.execute(
        f"""SELECT co.code, co.approved, round(s.live / (1.2 + u(co.c, 30) * 0.8), 2)::DECIMAL(20,2)
        FROM companies co JOIN (SELECT company_credit_code AS code, sum(outstanding) AS live
            FROM read_parquet('{data.parquet}') WHERE status IN ('normal', 'overdue') GROUP BY 1) s USING (code)
        ORDER BY 1"""
    ).fetchall()
    data.companies.write_text(
        json.dumps({code: {"net_assets": str(na), "approved_counties": list(ap)} for code, ap, na in rows}, indent=0)
    )
    con.close()
    shutil.rmtree(base / "tmp", ignore_errors=True)
    (base / "done").write_text("ok\n")
    return data
