"""The six benchmark rules written by hand, once per engine, over the ingested loan store.

Each function takes the store directory, the company context (``{code: {"net_assets": Decimal,
"approved_counties": [...]}}``), the evaluation day and the LPR table, and returns
``{company: (rate hits, outside-region hits, related-party hits, banned-purpose hits,
largest borrower balance / net assets, overdue share of the outstanding)}`` for the companies
with live loans, ratios as floats (None when not applicable). The loans read are the rulebook's:
the highest version of each loan, contracted on or before the day, status normal or overdue.

The six rules (from ``src/finsup/rulebook/rules/loans.toml``), one of each kind:
  loan_rate_cap_4x_lpr  row: rate above 4 × the one-year LPR as of the contract date (dated join)
  loan_outside_region   row: county not in the company's approved list (per-company list)
  loan_related_party    row: a boolean column
  loan_banned_purpose   row: an IN list
  loan_single_borrower  aggregate over a nested aggregate: max per-borrower balance / net assets
  loan_overdue_ratio    aggregate: a conditional sum over a sum
"""

from __future__ import annotations

import datetime
from pathlib import Path

SIX_RULES = (
    "loan_rate_cap_4x_lpr",
    "loan_outside_region",
    "loan_related_party",
    "loan_banned_purpose",
    "loan_single_borrower",
    "loan_overdue_ratio",
)
COLUMNS = (
    "loan_id", "loan_version", "borrower_key", "borrower_county", "annual_rate_all_in",
    "contract_date", "status", "outstanding", "overdue_days", "purpose", "related_party",
)  # fmt: skip
LIVE = ("normal", "overdue")
BANNED = ("real_estate", "securities")


def _glob(store: Path) -> str:
    return str(Path(store) / "loans" / "**" / "*.parquet")


def _lpr_rows(lpr) -> list[tuple[datetime.date, float]]:
    return [(d, float(r)) for d, r in lpr]


def duckdb_six(store: Path, companies: dict, as_of: datetime.date, lpr) -> dict:
    import duckdb

    con = duckdb.connect()
    con.execute("SET temp_directory = ''")
    con.execute("CREATE TABLE lpr (date DATE, rate DECIMAL(9,4))")
    con.executemany("INSERT INTO lpr VALUES (?, ?)", [(d, str(r)) for d, r in lpr])
    con.execute(
        "CREATE TABLE ctx AS SELECT unnest($1::VARCHAR[]) AS company, unnest($2::DECIMAL(20,2)[]) AS net_assets, "
        "unnest($3::VARCHAR[][]) AS approved",
        [
            list(companies),
            [str(c["net_assets"]) for c in companies.values()],
            [c["approved_counties"] for c in companies.values()],
        ],
    )
    cols = ", ".join(COLUMNS)
    sql = f"""
    WITH src AS (
        SELECT company, {cols} FROM read_parquet('{_glob(store)}', hive_partitioning = true,
            hive_types = {{'company': VARCHAR}})
    ), newer AS (
        SELECT company, loan_id, max(loan_version) AS v FROM src WHERE loan_version > 1 GROUP BY ALL
    ), cur AS (
        SELECT s.* FROM src s LEFT JOIN newer n ON n.company = s.company AND n.loan_id = s.loan_id
        WHERE s.contract_date <= $1 AND s.status IN ('normal', 'overdue') AND (n.v IS NULL OR s.loan_version >= n.v)
    ), lpr_at AS (
        SELECT d.contract_date, p.rate FROM (SELECT DISTINCT contract_date FROM cur) d
        ASOF LEFT JOIN lpr p ON d.contract_date >= p.date
    ), per_borrower AS (
        SELECT company, max(balance) AS top FROM (
            SELECT company, borrower_key, sum(outstanding) AS balance FROM cur GROUP BY ALL) GROUP BY ALL
    ), per_loan AS (
        SELECT c.company,
            count(*) FILTER (WHERE c.annual_rate_all_in > 4 * a.rate) AS rate_hits,
            count(*) FILTER (WHERE NOT list_contains(x.approved, c.borrower_county)) AS region_hits,
            count(*) FILTER (WHERE c.related_party) AS related_hits,
            count(*) FILTER (WHERE c.purpose IN ('real_estate', 'securities')) AS purpose_hits,
            sum(CASE WHEN c.overdue_days > 0 THEN c.outstanding ELSE 0 END) AS overdue, sum(c.outstanding) AS total
        FROM cur c JOIN lpr_at a USING (contract_date) LEFT JOIN ctx x ON x.company = c.company GROUP BY ALL
    )
    SELECT l.company, rate_hits, region_hits, related_hits, purpose_hits,
        CAST(b.top AS DOUBLE) / CAST(x.net_assets AS DOUBLE),
        CASE WHEN total <> 0 THEN CAST(overdue AS DOUBLE) / CAST(total AS DOUBLE) END
    FROM per_loan l JOIN per_borrower b USING (company) LEFT JOIN ctx x USING (company)"""
    return {r[0]: tuple(r[1:]) for r in con.execute(sql, [as_of]).fetchall()}


def polars_six(store: Path, companies: dict, as_of: datetime.date, lpr) -> dict:
    import polars as pl

    ctx = pl.LazyFrame(
        {
            "company": list(companies),
            "net_assets": [float(c["net_assets"]) for c in companies.values()],
            "approved": [c["approved_counties"] for c in companies.values()],
        }
    )
    lpr_frame = pl.LazyFrame({"date": [d for d, _ in lpr], "rate_bp": [int(r * 10000) for _, r in lpr]})
    src = pl.scan_parquet(_glob(store), hive_partitioning=True, hive_schema={"company": pl.String}).select(
        "company", *COLUMNS
    )
    newer = src.filter(pl.col("loan_version") > 1).group_by("company", "loan_id").agg(v=pl.col("loan_version").max())
    cur = (
        src.filter((pl.col("contract_date") <= as_of) & pl.col("status").is_in(LIVE))
        .join(newer, on=["company", "loan_id"], how="left")
        .filter(pl.col("v").is_null() | (pl.col("loan_version") >= pl.col("v")))
        .with_columns(
            outstanding=pl.col("outstanding").cast(pl.Float64),
            rate_bp=(pl.col("annual_rate_all_in") * 10000).cast(pl.Int64),
        )
    )
    lpr_at = (
        cur.select("contract_date")
        .unique()
        .sort("contract_date")
        .join_asof(lpr_frame.sort("date"), left_on="contract_date", right_on="date", strategy="backward")
        .select("contract_date", "rate_bp")
        .rename({"rate_bp": "lpr_bp"})
    )
    top = (
        cur.group_by("company", "borrower_key")
        .agg(balance=pl.col("outstanding").sum())
        .group_by("company")
        .agg(top=pl.col("balance").max())
    )
    per_loan = (
        cur.join(lpr_at, on="contract_date", how="left")
        .join(ctx, on="company", how="left")
        .group_by("company")
        .agg(
            rate_hits=(pl.col("rate_bp") > 4 * pl.col("lpr_bp")).sum(),
            region_hits=(~pl.col("approved").list.contains(pl.col("borrower_county"))).sum(),
            related_hits=pl.col("related_party").sum(),
            purpose_hits=pl.col("purpose").is_in(BANNED).sum(),
            overdue=pl.when(pl.col("overdue_days") > 0).then(pl.col("outstanding")).otherwise(0.0).sum(),
            total=pl.col("outstanding").sum(),
            net_assets=pl.col("net_assets").first(),
        )
    )
    result = (
        per_loan.join(top, on="company")
        .select(
            "company",
            "rate_hits",
            "region_hits",
            "related_hits",
            "purpose_hits",
            single=pl.col("top") / pl.col("net_assets"),
            overdue_ratio=pl.when(pl.col("total") != 0).then(pl.col("overdue") / pl.col("total")),
        )  # fmt: skip
        .collect()
    )
    return {r[0]: tuple(r[1:]) for r in result.iter_rows()}


def pandas_six(store: Path, companies: dict, as_of: datetime.date, lpr) -> dict:
    import pandas as pd

    df = pd.read_parquet(Path(store) / "loans", columns=["company", *COLUMNS], dtype_backend="pyarrow")
    df["company"] = df["company"].astype("string[pyarrow]")
    df["outstanding"] = df["outstanding"].astype("float64[pyarrow]")
    df["rate_bp"] = (df["annual_rate_all_in"].astype("float64[pyarrow]") * 10000).round().astype("int64[pyarrow]")
    newer = df.loc[df["loan_version"] > 1].groupby(["company", "loan_id"], observed=True)["loan_version"].max()
    cur = df.loc[(df["contract_date"] <= pd.Timestamp(as_of).date()) & df["status"].isin(LIVE)]
    cur = cur.merge(newer.rename("v").reset_index(), on=["company", "loan_id"], how="left")
    cur = cur.loc[cur["v"].isna() | (cur["loan_version"] >= cur["v"])]
    dates = sorted(cur["contract_date"].unique())
    changes = [(d, int(r * 10000)) for d, r in sorted(lpr)]
    at = {d: next((bp for since, bp in reversed(changes) if since <= d), None) for d in dates}
    lpr_bp = cur["contract_date"].map(at).astype("float64")
    approved = {(code, county) for code, c in companies.items() for county in c["approved_counties"]}
    pairs = pd.MultiIndex.from_arrays([cur["company"], cur["borrower_county"]])
    inside = pairs.isin(list(approved))
    hits = pd.DataFrame(
        {
            "company": cur["company"].to_numpy(),
            "rate_hits": (cur["rate_bp"].to_numpy(dtype="float64") > 4 * lpr_bp.to_numpy()),
            "region_hits": ~inside,
            "related_hits": cur["related_party"].to_numpy(dtype=bool),
            "purpose_hits": cur["purpose"].isin(BANNED).to_numpy(),
            "overdue": (cur["outstanding"].where(cur["overdue_days"] > 0, 0.0)).to_numpy(dtype="float64"),
            "total": cur["outstanding"].to_numpy(dtype="float64"),
        }
    )
    per = hits.groupby("company").sum()
    top = cur.groupby(["company", "borrower_key"], observed=True)["outstanding"].sum().groupby(level=0).max()
    out = {}
    for company, row in per.iterrows():
        net = companies.get(company, {}).get("net_assets")
        single = float(top[company]) / float(net) if net else None
        ratio = row["overdue"] / row["total"] if row["total"] else None
        counts = (int(row["rate_hits"]), int(row["region_hits"]), int(row["related_hits"]), int(row["purpose_hits"]))
        out[company] = (*counts, single, ratio)
    return out


def rulebook_values(findings) -> dict:
    """The rulebook's findings in the baselines' shape."""
    out: dict[str, dict] = {}
    for f in findings:
        out.setdefault(f.company, {})[f.rule_id] = f.value
    result = {}
    for company, values in out.items():
        counts = tuple(int(values[r]) for r in SIX_RULES[:4])
        ratios = tuple(None if values[r] is None else float(values[r]) for r in SIX_RULES[4:])
        result[company] = (*counts, *ratios)
    return result


def differences(expected: dict, got: dict, *, places: int = 6) -> list[str]:
    """Where ``got`` differs from ``expected`` (counts exactly, ratios to ``places`` decimals)."""
    problems = []
    if set(expected) != set(got):
        problems.append(f"companies differ: {len(set(expected) ^ set(got))} not in both")
    tolerance = 1.5 * 10 ** (-places)
    for company in sorted(set(expected) & set(got)):
        for rule, want, have in zip(SIX_RULES, expected[company], got[company], strict=True):
            if want is None or have is None:
                same = want is None and have is None
            elif isinstance(want, float) or isinstance(have, float):
                same = abs(float(want) - float(have)) <= tolerance
            else:
                same = int(want) == int(have)
            if not same:
                problems.append(f"{company} {rule}: rulebook {want}, baseline {have}")
    return problems


__all__ = ["SIX_RULES", "differences", "duckdb_six", "pandas_six", "polars_six", "rulebook_values"]
