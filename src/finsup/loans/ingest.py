"""Loan-level batch ingestion: read a company's file, validate every row in DuckDB, pseudonymise
the borrowers and write Parquet partitioned by company (one file per company and batch, the
contract month a column in it: ``<store>/loans/company=<credit code>/<batch id>.parquet``).

A batch is all-or-nothing: one rejected row and nothing is written. Every check is one SQL
expression evaluated over the whole batch in a single pass, so speed does not depend on Python.
Clear-text ID numbers and phones stay in memory: they are replaced by keyed hashes before
anything is written, and never go to a temporary file.

Reading (reading.py) is capped before the data is read (caps.py: columns, rows, an .xlsx's
unpacked size); a file that cannot be read at all raises IngestError with a code (errors.py), never
the reader's own exception. Writing goes through a staging folder sealed with a manifest (staging.py): ingest_file
publishes it at once, or with ``publish=False`` leaves it to the feed service, which records the
batch first and then publishes, so a crash leaves nothing or a complete, recorded batch.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from finsup.catalogue.context import LOAN_STORED_COLUMNS
from finsup.core.personal_data import lookup_hash

from . import caps, keyring, layout, staging
from .crash_points import checkpoint
from .errors import Code, IngestError
from .reading import excel_text, load_columns, load_file

CONTRACT_VERSION = "1"

# The input columns of the contract, in file order; the optional ones may be absent from the file.
INPUT_COLUMNS = (
    "company_credit_code",
    "loan_id",
    "loan_version",
    "borrower_id",
    "borrower_phone",
    "borrower_group_id",
    "borrower_type",
    "borrower_county",
    "principal",
    "annual_rate_all_in",
    "upfront_deduction",
    "contract_date",
    "start_date",
    "due_date",
    "status",
    "outstanding",
    "overdue_days",
    "security",
    "purpose",
    "industry",
    "related_party",
)
OPTIONAL_COLUMNS = frozenset({"borrower_phone", "borrower_group_id"})
IDENTIFIER_COLUMNS = ("company_credit_code", "borrower_id", "borrower_group_id")

# The stored columns, in order, as the rulebook reads them (one definition of the stored contract).
# No clear-text identifier of a borrower, ever.
STORED_COLUMNS = tuple(LOAN_STORED_COLUMNS)

BORROWER_TYPES = ("person", "sole_proprietor", "farmer", "enterprise")
STATUSES = ("normal", "overdue", "settled", "written_off")
SECURITIES = ("credit", "guarantee", "mortgage", "pledge")
PURPOSES = ("agriculture", "small_business", "consumer", "business", "real_estate", "securities", "other")
TRUE_WORDS = ("true", "1", "yes", "y", "t")
FALSE_WORDS = ("false", "0", "no", "n", "f")

COLUMN_LABELS_ZH = {
    "company_credit_code": "公司统一社会信用代码",
    "loan_id": "贷款编号",
    "loan_version": "贷款版本号",
    "borrower_id": "借款人证件号码",
    "borrower_phone": "借款人手机号码",
    "borrower_group_id": "借款人所属集团控制方证件号码",
    "borrower_type": "借款人类型",
    "borrower_county": "借款人所在县（区）",
    "principal": "贷款本金",
    "annual_rate_all_in": "综合年化利率",
    "upfront_deduction": "预扣利息及费用",
    "contract_date": "合同签订日",
    "start_date": "放款日",
    "due_date": "到期日",
    "status": "贷款状态",
    "outstanding": "贷款余额",
    "overdue_days": "逾期天数",
    "security": "担保方式",
    "purpose": "贷款用途",
    "industry": "行业分类",
    "related_party": "是否关联方",
}

MAX_LISTED_REJECTIONS = 1000
FILE_LEVEL_ROW = 1  # problems with the header are reported on the header row

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class Rejection:
    row: int  # the row in the file, the header being row 1
    column: str
    reason: str  # in Chinese, for the company's staff

    def as_text(self) -> str:
        label = COLUMN_LABELS_ZH.get(self.column, self.column)
        return f"第{self.row}行 {label}（{self.column}）：{self.reason}"


@dataclass(frozen=True)
class IngestReport:
    batch_id: str
    source: str
    rows_read: int
    rows_written: int
    rows_replayed: int  # (company, loan_id, loan_version) already stored: skipped
    rejected_rows: int
    rejections: tuple[Rejection, ...]  # at most MAX_LISTED_REJECTIONS, sorted by row
    already_ingested: bool
    files: tuple[str, ...]  # the Parquet files written, relative to the store
    companies: tuple[str, ...] = ()  # the credit codes of an accepted batch
    staged: Path | None = None  # the sealed staging folder still to publish (ingest_file(publish=False))

    @property
    def accepted(self) -> bool:
        return not self.rejected_rows and not self.rejections

    def as_text(self) -> str:
        """The per-batch report in Chinese."""
        if self.already_ingested:
            return f"批次 {self.batch_id[:12]}：该文件此前已导入，本次未写入任何数据。"
        if not self.accepted:
            if self.rejected_rows:
                found = f"共 {self.rows_read} 行，其中 {self.rejected_rows} 行未通过校验"
            else:
                found = "文件列名不符合数据规范 v1"
            head = f"批次 {self.batch_id[:12]}：{found}，整批未导入。请更正后重新报送整个文件。"
            lines = [r.as_text() for r in self.rejections]
            if self.rejected_rows and len(self.rejections) >= MAX_LISTED_REJECTIONS:
                lines.append(f"（仅列出前 {MAX_LISTED_REJECTIONS} 条错误）")
            return "\n".join([head, *lines])
        return (
            f"批次 {self.batch_id[:12]}：共 {self.rows_read} 行，导入 {self.rows_written} 行，"
            f"此前已报送而跳过 {self.rows_replayed} 行。"
        )


# --- reading -------------------------------------------------------------------------------


def file_batch_id(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _load_records(con: duckdb.DuckDBPyConnection, records: list[Mapping[str, object]]) -> None:
    """raw_in from pushed records (JSON objects): the union of their keys, in contract order first."""
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(record))
    header = [c for c in INPUT_COLUMNS if c in keys] + [k for k in keys if k not in INPUT_COLUMNS]
    load_columns(con, [(h, [excel_text(r.get(h)) for r in records]) for h in header])


def _header_rejections(present: list[str]) -> list[Rejection]:
    out = []
    for column in INPUT_COLUMNS:
        if column not in present and column not in OPTIONAL_COLUMNS:
            out.append(Rejection(FILE_LEVEL_ROW, column, "缺少必填列"))
    for column in present:
        if column not in INPUT_COLUMNS:
            out.append(Rejection(FILE_LEVEL_ROW, column, "未知列：不属于数据规范 v1"))
    return out


# Typed input (a Parquet file's own column types). A column of one of these types keeps its values
# as they are instead of going through text, and its format check is the typed equivalent of the
# text one: true for exactly the values whose text (DuckDB's cast to VARCHAR) fails the text check.
# Any other type (a DECIMAL with more places than allowed, a DOUBLE, a TIMESTAMP...) goes through
# text as before, so the rejections are those of the same values in a CSV file.
_AMOUNT_PLACES = {"principal": 2, "annual_rate_all_in": 4, "upfront_deduction": 2, "outstanding": 2}
_DATE_COLUMNS = ("contract_date", "start_date", "due_date")
_INTEGER_COLUMNS = ("loan_version", "overdue_days")
_INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
)


def _typed_columns(types: Mapping[str, str]) -> frozenset[str]:
    typed = set()
    for column, type_ in types.items():
        if column in _AMOUNT_PLACES:
            m = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", type_)
            # at most the allowed places and 16 digits before the point: the text always matches
            # the amount pattern but for the sign
            if m and int(m[2]) <= _AMOUNT_PLACES[column] and int(m[1]) - int(m[2]) <= 16:
                typed.add(column)
        elif (
            (column in _DATE_COLUMNS and type_ == "DATE")
            or (column in _INTEGER_COLUMNS and type_ in _INTEGER_TYPES)
            or (column == "related_party" and type_ == "BOOLEAN")
        ):
            typed.add(column)
    return frozenset(typed)


def _typed_bad(column: str) -> str:
    """The typed format check of a column of _typed_columns (see there)."""
    if column in _AMOUNT_PLACES:
        return f"{column} < 0"
    if column in _DATE_COLUMNS:  # the text of other dates has 5 digits of year, ' (BC)' or 'infinity'
        return f"NOT (isfinite({column}) AND {column} BETWEEN DATE '0001-01-01' AND DATE '9999-12-31')"
    if column == "related_party":
        return "false"
    raise ValueError(column)


def _build_src(con: duckdb.DuckDBPyConnection, present: list[str], typed: frozenset[str] = frozenset()) -> None:
    """src: one text column per contract column, trimmed, empty as NULL, identifiers upper-cased;
    _phone = the phone reduced to its digits (the form that is hashed). A typed column stays typed.

    The rows are inserted in file order (preserve_insertion_order, on until the write), so a row's
    rowid is its place in the file: the row of the report is rowid + 2 (_ROW). Numbering them with
    row_number() OVER () instead ran single-threaded: 2-4 s of 10 M rows."""
    parts = []
    for column in INPUT_COLUMNS:
        if column in typed:
            expr = f'"{column}"'
        elif column in present:
            expr = f"NULLIF(TRIM(CAST(\"{column}\" AS VARCHAR)), '')"
            if column in IDENTIFIER_COLUMNS:
                expr = f"UPPER({expr})"
        else:
            expr = "NULL::VARCHAR"
        parts.append(f'{expr} AS "{column}"')
    con.execute("SET preserve_insertion_order = true")
    numbered = f"SELECT {', '.join(parts)} FROM raw_in"
    con.execute(f"CREATE TEMP TABLE src AS SELECT *, {_phone_norm('borrower_phone')} AS _phone FROM ({numbered})")


_ROW = "(src.rowid + 2)"  # the row in the file, the header being row 1


# --- checks --------------------------------------------------------------------------------


def _uscc_valid(col: str) -> str:
    total = " + ".join(
        f"(strpos('{_USCC_ALPHABET}', substr({col}, {i + 1}, 1)) - 1) * {w}" for i, w in enumerate(_USCC_WEIGHTS)
    )
    return (
        f"(CASE WHEN regexp_full_match({col}, '[0-9]{{8}}[{_USCC_ALPHABET}]{{10}}') "
        f"THEN substr('{_USCC_ALPHABET}', ((31 - (({total}) % 31)) % 31) + 1, 1) = substr({col}, 18, 1) "
        "ELSE false END)"
    )


def _ric_valid(col: str) -> str:
    total = " + ".join(f"(ascii(substr({col}, {i + 1}, 1)) - 48) * {w}" for i, w in enumerate(_RIC_WEIGHTS))
    return (
        f"(CASE WHEN regexp_full_match({col}, '[1-9][0-9]{{16}}[0-9X]') "
        f"AND try_strptime(substr({col}, 7, 8), '%Y%m%d') IS NOT NULL "
        f"THEN substr('10X98765432', (({total}) % 11) + 1, 1) = substr({col}, 18, 1) ELSE false END)"
    )


def _in(col: str, values) -> str:
    return f"{col} IN ({', '.join(_sql_str(v) for v in values)})"


def _amount_bad(col: str, places: int) -> str:
    return f"NOT regexp_full_match({col}, '[0-9]{{1,16}}(\\.[0-9]{{1,{places}}})?')"


def _date_bad(col: str) -> str:
    return f"(NOT regexp_full_match({col}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') OR TRY_CAST({col} AS DATE) IS NULL)"


def _phone_norm(col: str) -> str:
    digits = f"regexp_replace({col}, '[^0-9]', '', 'g')"
    return f"(CASE WHEN length({digits}) = 13 AND {digits} LIKE '86%' THEN substr({digits}, 3) ELSE {digits} END)"


# (column, reason in Chinese, SQL true when the value is wrong). A check runs only where its
# column has a value: the empty required ones are reported once, as missing.
_PRINCIPAL = "TRY_CAST(principal AS DECIMAL(18,2))"
_OUTSTANDING = "TRY_CAST(outstanding AS DECIMAL(18,2))"
_UPFRONT = "TRY_CAST(upfront_deduction AS DECIMAL(18,2))"
_CHECKS: tuple[tuple[str, str, str], ...] = (
    (
        "company_credit_code",
        "统一社会信用代码格式或校验码错误（GB 32100）",
        "NOT _company_uscc",
    ),
    ("loan_id", "贷款编号不得超过64个字符", "length(loan_id) > 64"),
    ("loan_version", "版本号须为不小于1的整数", "COALESCE(TRY_CAST(loan_version AS INTEGER) < 1, true)"),
    (
        "borrower_type",
        "借款人类型须为 person、sole_proprietor、farmer 或 enterprise",
        f"NOT {_in('borrower_type', BORROWER_TYPES)}",
    ),
    (
        "borrower_id",
        "企业借款人须填写有效的统一社会信用代码（GB 32100）",
        "borrower_type = 'enterprise' AND NOT _borrower_uscc",
    ),
    (
        "borrower_id",
        "个人借款人须填写有效的公民身份号码（GB 11643，18位，校验码正确）",
        "borrower_type IN ('person', 'farmer') AND NOT _borrower_ric",
    ),
    (
        "borrower_id",
        "个体工商户须填写有效的公民身份号码或统一社会信用代码",
        "borrower_type = 'sole_proprietor' AND NOT _borrower_ric AND NOT _borrower_uscc",
    ),
    (
        "borrower_id",
        "证件号码须为有效的公民身份号码或统一社会信用代码",
        f"NOT {_in('borrower_type', BORROWER_TYPES)} AND NOT _borrower_ric AND NOT _borrower_uscc",
    ),
    (
        "borrower_group_id",
        "集团控制方证件号码须为有效的公民身份号码或统一社会信用代码",
        "NOT _group_ric AND NOT _group_uscc",
    ),
    ("borrower_phone", "手机号码格式错误", "NOT regexp_full_match(_phone, '[0-9]{7,15}')"),
    ("borrower_county", "县（区）须为6位行政区划代码", "NOT regexp_full_match(borrower_county, '[1-9][0-9]{5}')"),
    ("principal", "本金须为以元为单位、最多两位小数的数字", _amount_bad("principal", 2)),
    ("principal", "本金须大于0", f"{_PRINCIPAL} <= 0"),
    ("annual_rate_all_in", "综合年化利率须为百分数、最多四位小数的数字", _amount_bad("annual_rate_all_in", 4)),
    ("annual_rate_all_in", "综合年化利率须在0至100（%）之间", "TRY_CAST(annual_rate_all_in AS DECIMAL(9,4)) > 100"),
    ("upfront_deduction", "预扣利息及费用须为以元为单位、最多两位小数的非负数", _amount_bad("upfront_deduction", 2)),
    ("upfront_deduction", "预扣利息及费用须小于本金", f"{_UPFRONT} >= {_PRINCIPAL}"),
    ("contract_date", "日期须为 YYYY-MM-DD 格式的有效日期", _date_bad("contract_date")),
    ("start_date", "日期须为 YYYY-MM-DD 格式的有效日期", _date_bad("start_date")),
    ("due_date", "日期须为 YYYY-MM-DD 格式的有效日期", _date_bad("due_date")),
    ("start_date", "放款日不得早于合同签订日", "TRY_CAST(start_date AS DATE) < TRY_CAST(contract_date AS DATE)"),
    ("due_date", "到期日须晚于放款日", "TRY_CAST(due_date AS DATE) <= TRY_CAST(start_date AS DATE)"),
    ("status", "贷款状态须为 normal、overdue、settled 或 written_off", f"NOT {_in('status', STATUSES)}"),
    ("outstanding", "贷款余额须为以元为单位、最多两位小数的非负数", _amount_bad("outstanding", 2)),
    ("outstanding", "贷款余额不得超过本金", f"{_OUTSTANDING} > {_PRINCIPAL}"),
    ("overdue_days", "逾期天数须为不小于0的整数", "COALESCE(TRY_CAST(overdue_days AS INTEGER) < 0, true)"),
    (
        "overdue_days",
        "仅逾期（overdue）状态的贷款可填写大于0的逾期天数",
        "TRY_CAST(overdue_days AS INTEGER) > 0 AND status <> 'overdue'",
    ),
    ("security", "担保方式须为 credit、guarantee、mortgage 或 pledge", f"NOT {_in('security', SECURITIES)}"),
    ("purpose", "贷款用途须为规范列出的取值之一", f"NOT {_in('purpose', PURPOSES)}"),
    ("industry", "行业分类不得超过10个字符", "length(industry) > 10"),
    ("related_party", "是否关联方须为 true 或 false", f"NOT {_in('lower(related_party)', TRUE_WORDS + FALSE_WORDS)}"),
)
_DUPLICATE_REASON = "同一文件中公司、贷款编号与版本号重复"
_MISSING_REASON = "必填项为空"


def _reasons(checks) -> list[tuple[str, str]]:
    """Code -> (column, reason), the code being the index in this list."""
    required = [(c, _MISSING_REASON) for c in INPUT_COLUMNS if c not in OPTIONAL_COLUMNS]
    return required + [(c, r) for c, r, _ in checks] + [("loan_version", _DUPLICATE_REASON)]


def _company_check(company: str) -> tuple[str, str, str]:
    return (
        "company_credit_code",
        "与报送机构的统一社会信用代码不一致：只能报送本公司的贷款",
        f"company_credit_code <> {_sql_str(company)}",
    )


def _check_identifiers(con: duckdb.DuckDBPyConnection) -> None:
    """ids(v, ric_ok, uscc_ok): the check characters are computed once per distinct identifier."""
    con.execute(
        f"""CREATE TEMP TABLE ids AS SELECT v, {_ric_valid("v")} AS ric_ok, {_uscc_valid("v")} AS uscc_ok
        FROM (SELECT DISTINCT v FROM (
            SELECT company_credit_code AS v FROM src UNION ALL SELECT borrower_id FROM src
            UNION ALL SELECT borrower_group_id FROM src) WHERE v IS NOT NULL)"""
    )


def _checks(typed: frozenset[str]) -> tuple[tuple[str, str, str], ...]:
    """_CHECKS with the typed format check of each typed column (same columns, reasons and order)."""
    text_format = {_amount_bad(c, places): c for c, places in _AMOUNT_PLACES.items()}
    text_format |= {_date_bad(c): c for c in _DATE_COLUMNS}
    text_format[f"NOT {_in('lower(related_party)', TRUE_WORDS + FALSE_WORDS)}"] = "related_party"
    return tuple(
        (column, reason, _typed_bad(column) if text_format.get(bad) == column and column in typed else bad)
        for column, reason, bad in _CHECKS
    )


def _validate(
    con: duckdb.DuckDBPyConnection, company: str | None = None, typed: frozenset[str] = frozenset()
) -> tuple[int, list[Rejection]]:
    """One pass over src: a list of failed check codes per row. Returns (rejected rows, first rejections).
    With ``company``, every row must be that company's."""
    checks = _checks(typed) + ((_company_check(company),) if company else ())
    _check_identifiers(con)
    con.execute(
        """CREATE TEMP TABLE dups AS SELECT company_credit_code, loan_id, loan_version FROM src
        GROUP BY ALL HAVING count(*) > 1"""
    )
    has_dups = con.execute("SELECT count(*) FROM dups").fetchone()[0] > 0
    # (condition, code): the code of each failed check, the index in _reasons.
    failed = [(f'"{c}" IS NULL', i) for i, c in enumerate(INPUT_COLUMNS) if c not in OPTIONAL_COLUMNS]
    n = len(failed)
    failed += [
        (f'"{column}" IS NOT NULL AND COALESCE({bad}, false)', n + i) for i, (column, _, bad) in enumerate(checks)
    ]
    dup_join = ""
    if has_dups:
        failed.append(("_dup IS NOT NULL", n + len(checks)))
        dup_join = """LEFT JOIN dups AS d ON d.company_credit_code IS NOT DISTINCT FROM src.company_credit_code
            AND d.loan_id IS NOT DISTINCT FROM src.loan_id AND d.loan_version IS NOT DISTINCT FROM src.loan_version"""
    cases = [f"CASE WHEN {cond} THEN {code} END" for cond, code in failed]
    checked = f"""
        SELECT src.*, {_ROW} AS rn, c.uscc_ok AS _company_uscc, b.ric_ok AS _borrower_ric, b.uscc_ok AS _borrower_uscc,
            g.ric_ok AS _group_ric, g.uscc_ok AS _group_uscc{", d.loan_id AS _dup" if has_dups else ""}
        FROM src
        LEFT JOIN ids AS c ON c.v = src.company_credit_code
        LEFT JOIN ids AS b ON b.v = src.borrower_id
        LEFT JOIN ids AS g ON g.v = src.borrower_group_id
        {dup_join}"""
    # Most batches are clean: one pass counts the rows failing any check (the same conditions
    # as the codes below, OR-ed), and the per-row lists of codes are built only if some fail.
    any_failed = " OR ".join(f"({cond})" for cond, _ in failed)
    if not con.execute(f"SELECT count(*) FROM ({checked}) AS src WHERE {any_failed}").fetchone()[0]:
        return 0, []
    con.execute(
        f"""CREATE TEMP TABLE failures AS
        SELECT rn, codes FROM (
            SELECT rn, list_filter([{", ".join(cases)}], lambda x: x IS NOT NULL) AS codes
            FROM ({checked}) AS src
        ) WHERE len(codes) > 0"""
    )
    rejected = con.execute("SELECT count(*) FROM failures").fetchone()[0]
    reasons = _reasons(checks)
    rows = con.execute(
        f"SELECT rn, unnest(codes) FROM (SELECT * FROM failures ORDER BY rn LIMIT {MAX_LISTED_REJECTIONS}) "
        f"ORDER BY rn LIMIT {MAX_LISTED_REJECTIONS}"
    ).fetchall()
    return rejected, [Rejection(int(rn), *reasons[code]) for rn, code in rows]


# --- pseudonymisation and writing ----------------------------------------------------------


def _pseudonymise(con: duckdb.DuckDBPyConnection, lookup_key_fn: Callable[[str], str]) -> None:
    """keys(v, k): every distinct identifier of the batch and its keyed hash, computed once each.

    With the platform's ``lookup_hash``, the HMAC is computed in DuckDB (sha256 over the padded
    key's bytes and the UTF-8 value: the same hex digest as Python's hmac, a test checks it);
    the values reaching it are already trimmed and upper-cased in SQL, as lookup_hash would.
    The padded keys travel as parameters, never in the SQL text. Any other function is called
    from Python once per distinct value."""
    distinct = """SELECT DISTINCT v FROM (
        SELECT borrower_id AS v FROM src UNION ALL SELECT borrower_group_id FROM src
        UNION ALL SELECT _phone FROM src) WHERE v IS NOT NULL"""
    if lookup_key_fn is lookup_hash:
        from django.conf import settings

        inner, outer = keyring.hmac_pads(settings.FINSUP_LOOKUP_KEY.encode())
        con.execute("CREATE TEMP TABLE pads AS SELECT $1::BLOB AS inner_pad, $2::BLOB AS outer_pad", [inner, outer])
        con.execute(
            f"""CREATE TEMP TABLE keys AS SELECT v,
                sha256(p.outer_pad || unhex(sha256(p.inner_pad || encode(v)))) AS k
            FROM ({distinct}) AS d, pads AS p"""
        )
        con.execute("DROP TABLE pads")
        return
    values = [r[0] for r in con.execute(distinct).fetchall()]
    hashes = list(map(lookup_key_fn, values))
    con.execute(
        "CREATE TEMP TABLE keys AS SELECT unnest($1::VARCHAR[]) AS v, unnest($2::VARCHAR[]) AS k", [values, hashes]
    )


def _apply_layers(con: duckdb.DuckDBPyConnection, layers: list[bytes]) -> None:
    """The store's key layers (keyring.py) on top of the keyed hashes."""
    if not layers:
        return
    keyring.load_pads(con, layers)
    con.execute(f"CREATE TEMP TABLE layered AS SELECT v, {keyring.layered_sql('k', len(layers))} AS k FROM keys")
    con.execute("DROP TABLE keys")
    con.execute("ALTER TABLE layered RENAME TO keys")
    con.execute("DROP TABLE layer_pads")


def store_glob(store_dir: Path | str) -> str:
    return str(Path(store_dir) / "loans" / "**" / "*.parquet")


def company_glob(store_dir: Path | str, company: str) -> str:
    """One company's files (``**``: a store not yet migrated from company=/month= reads as well)."""
    return str(Path(store_dir) / "loans" / f"company={company}" / "**" / "*.parquet")


def loans_scan_sql(store_dir: Path | str) -> str:
    """The table expression that reads the whole store (the partition column stays text)."""
    return (
        f"read_parquet({_sql_str(store_glob(store_dir))}, hive_partitioning = true, "
        "hive_types = {'company': VARCHAR}, union_by_name = true)"
    )


def _existing_files(store_dir: Path, companies: list[str]) -> list[str]:
    files = []
    for company in companies:
        files += sorted(str(p) for p in (store_dir / "loans" / f"company={company}").glob("*.parquet"))
    return files


def _batch_exists(store_dir: Path, batch_id: str) -> bool:
    base = store_dir / "loans"
    return base.is_dir() and any(base.glob(f"company=*/{batch_id}.parquet"))


def _stage_select(
    batch_id: str, ingested_at: datetime.datetime, files: list[str], typed: frozenset[str] = frozenset()
) -> str:
    replay = ""
    if files:
        listed = ", ".join(_sql_str(f) for f in files)
        replay = f"""WHERE NOT EXISTS (SELECT 1 FROM read_parquet([{listed}], hive_partitioning = true,
            hive_types = {{'company': VARCHAR}}, union_by_name = true) AS s
            WHERE s.company = src.company_credit_code AND s.loan_id = src.loan_id
            AND s.loan_version = CAST(src.loan_version AS INTEGER))"""
    return f"""
        SELECT
            company_credit_code AS company,
            loan_id,
            CAST(loan_version AS INTEGER) AS loan_version,
            b.k AS borrower_key,
            COALESCE(g.k, b.k) AS borrower_group_key,
            p.k AS phone_key,
            borrower_type,
            borrower_county,
            CAST(principal AS DECIMAL(18,2)) AS principal,
            CAST(annual_rate_all_in AS DECIMAL(9,4)) AS annual_rate_all_in,
            CAST(upfront_deduction AS DECIMAL(18,2)) AS upfront_deduction,
            CAST(contract_date AS DATE) AS contract_date,
            CAST(start_date AS DATE) AS start_date,
            CAST(due_date AS DATE) AS due_date,
            status,
            CAST(outstanding AS DECIMAL(18,2)) AS outstanding,
            CAST(overdue_days AS INTEGER) AS overdue_days,
            security,
            purpose,
            industry,
            {"related_party" if "related_party" in typed else _in("lower(related_party)", TRUE_WORDS)} AS related_party,
            {_sql_str(batch_id)} AS batch_id,
            TIMESTAMP {_sql_str(ingested_at.isoformat(sep=" "))} AS ingested_at,
            strftime(CAST(contract_date AS DATE), '%Y-%m') AS month
        FROM src
        JOIN keys AS b ON b.v = src.borrower_id
        LEFT JOIN keys AS g ON g.v = src.borrower_group_id
        LEFT JOIN keys AS p ON p.v = src._phone
        {replay}"""


_PARTITION_COLUMNS = ("company",)
_WRITERS = 4  # a few threads overlap the encoding and the file system
_BATCH_ROWS = 1 << 17
_SORT_ROWS = 1_000_000


def _write(
    con: duckdb.DuckDBPyConnection, store_dir: Path, batch_id: str, select: str
) -> tuple[int, Path, tuple[str, ...]]:
    """Writes one Parquet file per company into a private staging folder and seals it (staging.py):
    returns the rows written, the folder and the files' places in the store. Nothing is in the store
    yet: ``staging.publish`` moves the files there (after the feed service recorded the batch).

    A file costs 1.5-2.5 ms whatever its size, so the store is partitioned by company only (the
    contract month is a column): a batch of one company is one file, a backfill of 500 companies
    500 files (it was 16,500 under company=/month=, 500 × 33 months). The rows come out of DuckDB
    sorted by a partition number (company, then month: a file's rows come grouped by month) and
    are streamed as Arrow batches: each company's rows go to a writer thread as soon as the next
    company starts (pyarrow encodes without the GIL). The pseudonymised rows are held once, by
    DuckDB's sort, instead of a whole Arrow table and a reordered copy of it. The files hold the
    stored columns but the partition one, as a hive-partitioned COPY would."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    con.execute(
        """CREATE TEMP TABLE parts AS SELECT company, month, n,
            (row_number() OVER (ORDER BY company, month) - 1)::INTEGER AS pid
        FROM (SELECT company_credit_code AS company,
            strftime(CAST(contract_date AS DATE), '%Y-%m') AS month, count(*) AS n FROM src GROUP BY ALL)"""
    )
    partitions = con.execute("SELECT company, month, n FROM parts ORDER BY pid").fetchall()
    for name in ("ids", "dups"):  # the checks' work tables: memory back before the sort
        con.execute(f"DROP TABLE IF EXISTS {name}")
    names = sorted({company for company, _, _ in partitions})
    index = {company: i for i, company in enumerate(names)}
    company_of = np.array([index[company] for company, _, _ in partitions], dtype=np.int64)
    columns = [c for c in STORED_COLUMNS if c not in _PARTITION_COLUMNS]
    listed = ", ".join(f's."{c}"' for c in columns)
    con.execute("SET preserve_insertion_order = false")
    # Runs of partitions of about _SORT_ROWS rows, sorted and streamed one after the other: the
    # sort holds one run, not the batch (a company may span two runs: its pieces are collected).
    runs: list[tuple[int, int]] = []
    rows = 0
    for pid, (_company, _month, n) in enumerate(partitions):
        if not runs or rows + n > _SORT_ROWS:
            runs.append((pid, pid))
            rows = 0
        runs[-1] = (runs[-1][0], pid)
        rows += n

    def batches():
        for first, last in runs:
            low, high = _sql_str(partitions[first][0]), _sql_str(partitions[last][0])
            reader = con.sql(
                f"SELECT {listed}, p.pid FROM ({select}) AS s "
                "JOIN parts AS p ON p.company = s.company AND p.month = s.month "
                f"WHERE p.pid BETWEEN {first} AND {last} AND s.company BETWEEN {low} AND {high} ORDER BY p.pid"
            ).to_arrow_reader(_BATCH_ROWS)
            try:
                yield from reader
            finally:
                reader.close()

    folder = staging.begin(store_dir, batch_id)

    def one(company: int, pieces: list) -> tuple[str, str]:
        name = f"{company}.parquet"
        pq.write_table(pa.Table.from_batches(pieces).drop_columns(["pid"]), folder / name)
        return name, names[company]

    written = 0
    try:
        with ThreadPoolExecutor(max_workers=_WRITERS) as pool:
            futures, current, pieces = [], -1, []
            for batch in batches():
                cid = company_of[batch.column(batch.num_columns - 1).to_numpy()]
                cuts = [0, *(np.flatnonzero(cid[1:] != cid[:-1]) + 1).tolist(), batch.num_rows]
                for first, stop in zip(cuts, cuts[1:], strict=False):
                    if stop <= first:
                        continue
                    if cid[first] != current:
                        if pieces:
                            futures.append(pool.submit(one, current, pieces))
                        current, pieces = int(cid[first]), []
                    pieces.append(batch.slice(first, stop - first))
                    written += stop - first
            if pieces:
                futures.append(pool.submit(one, current, pieces))
            done = [f.result() for f in futures]
        checkpoint("staging")
        moves = [(name, f"loans/company={company}/{batch_id}.parquet") for name, company in done]
        staging.seal(folder, batch_id, moves)
    except BaseException:
        staging.discard(folder)
        raise
    return written, folder, tuple(relative for _, relative in moves)


Progress = Callable[[str], None]


def records_batch_id(records: list[Mapping[str, object]]) -> str:
    """The batch id of a pushed batch: a digest of its canonical JSON (key order does not matter)."""
    canonical = json.dumps(records, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def ingest_file(
    path: Path | str,
    *,
    store_dir: Path | str,
    lookup_key_fn: Callable[[str], str] = lookup_hash,
    batch_id: str | None = None,
    company: str | None = None,
    progress: Progress | None = None,
    publish: bool = True,
) -> IngestReport:
    """Validates the whole file and, only if every row passes, stores it. Idempotent per file content.
    With ``publish=False`` the files stay in their sealed staging folder (``report.staged``) for the
    caller to publish once it has recorded the batch (staging.py)."""
    path = Path(path)
    return _ingest(
        lambda con: load_file(con, path),
        source=path.name,
        store_dir=Path(store_dir),
        lookup_key_fn=lookup_key_fn,
        batch_id=batch_id or file_batch_id(path),
        company=company,
        progress=progress,
        publish=publish,
    )


def ingest_records(
    records: list[Mapping[str, object]],
    *,
    store_dir: Path | str,
    source: str = "api",
    lookup_key_fn: Callable[[str], str] = lookup_hash,
    batch_id: str | None = None,
    company: str | None = None,
    progress: Progress | None = None,
    publish: bool = True,
) -> IngestReport:
    """The same as ingest_file for a batch pushed as records (one mapping per loan, contract columns);
    the row numbers of the report count the header as row 1, as in a file (record i is row i + 2)."""
    return _ingest(
        lambda con: _load_records(con, records),
        source=source,
        store_dir=Path(store_dir),
        lookup_key_fn=lookup_key_fn,
        batch_id=batch_id or records_batch_id(records),
        company=company,
        progress=progress,
        publish=publish,
    )


def _ingest(
    load: Callable[[duckdb.DuckDBPyConnection], None],
    *,
    source: str,
    store_dir: Path,
    lookup_key_fn: Callable[[str], str],
    batch_id: str,
    company: str | None,
    progress: Progress | None,
    publish: bool,
) -> IngestReport:
    if lookup_key_fn is lookup_hash:
        from django.conf import settings

        if not settings.FINSUP_LOOKUP_KEY:
            raise IngestError(
                "FINSUP_LOOKUP_KEY is not configured: identifiers cannot be pseudonymised", code=Code.STORE_NOT_READY
            )
    say = progress or (lambda _message: None)

    def report(**kw) -> IngestReport:
        base = dict(batch_id=batch_id, source=source, rows_read=0, rows_written=0, rows_replayed=0)
        base |= dict(rejected_rows=0, rejections=(), already_ingested=False, files=())
        return IngestReport(**(base | kw))

    if layout.is_legacy(store_dir):
        raise IngestError(
            "贷款数据存储仍为旧的按月分区格式，须先执行 finsup loans migrate-store 转换后才能继续导入。",
            code=Code.STORE_NOT_READY,
        )
    if _batch_exists(store_dir, batch_id):
        return report(already_ingested=True)

    con = duckdb.connect()  # in memory: nothing of the clear text reaches a database file
    con.execute("SET temp_directory = ''")  # nor a spill file: out of memory is an error, not a swap
    try:
        say("读取")
        try:
            load(con)
            types = {r[0]: r[1] for r in con.execute("DESCRIBE raw_in").fetchall()}
            present = list(types)
            header = _header_rejections(present)
            if header:
                return report(rejections=tuple(header))
            typed = _typed_columns(types)
            _build_src(con, present, typed)  # reads the whole file: a malformed line shows here
        except (duckdb.OutOfMemoryException, duckdb.InterruptException):
            raise
        except duckdb.Error as exc:
            raise caps.reader_failed(source, exc) from exc
        checkpoint("loaded")
        rows_read = con.execute("SELECT count(*) FROM src").fetchone()[0]
        if rows_read > caps.current().rows:
            raise caps.too_many_rows(caps.current())
        say(f"校验 {rows_read} 行")
        rejected, rejections = _validate(con, company, typed)
        if rejected:
            return report(rows_read=rows_read, rejected_rows=rejected, rejections=tuple(rejections))
        say("假名化")
        try:
            layers = keyring.check_for_ingestion(store_dir)
        except keyring.KeyringError as exc:
            raise IngestError(str(exc), code=Code.STORE_NOT_READY) from exc
        _pseudonymise(con, lookup_key_fn)
        _apply_layers(con, layers)
        companies = [r[0] for r in con.execute("SELECT DISTINCT company_credit_code FROM src").fetchall()]
        ingested_at = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
        select = _stage_select(batch_id, ingested_at, _existing_files(store_dir, companies), typed)
        say("写入")
        written, folder, files = _write(con, store_dir, batch_id, select)
        if publish:
            staging.publish(store_dir, folder)
        return report(
            rows_read=rows_read,
            rows_written=written,
            rows_replayed=rows_read - written,
            files=files,
            companies=tuple(sorted(companies)),
            staged=None if publish else folder,
        )
    finally:
        con.close()
