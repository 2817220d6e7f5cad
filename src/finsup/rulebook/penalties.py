"""The penalty ranges of the regulations (``data/penalties.toml``): which article fines what conduct,
how much at least and at most (yuan, inclusive), for which kinds of institution, from when.

Documents that impose a fine cite one of them and the amount must lie in its range. Checked whole at
load time (unknown keys, duplicate ids, a range upside down, an unknown kind): every problem of the
file is reported at once. No Django here; the services word the errors.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from .loader import RulebookError

PENALTIES_FILE = Path(__file__).parent / "data" / "penalties.toml"
KINDS = ("microloan", "guarantee", "private_capital", "lending_registry")
STATUSES = ("V", "S", "U")
IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
REQUIRED_TEXT = ("document", "document_en", "article", "conduct_zh", "conduct_en", "source")
KEYS = {*REQUIRED_TEXT, "id", "low", "high", "kinds", "status_of_source", "effective_from", "effective_to"}
WAN = Decimal(10000)


class PenaltyError(RulebookError):
    """Problems of the penalties file, all at once (as the rule files report theirs)."""


@dataclass(frozen=True)
class Penalty:
    id: str
    document: str  # 山东省地方金融条例
    document_en: str
    article: str  # 第五十条
    conduct_zh: str
    conduct_en: str
    low: Decimal  # yuan, inclusive
    high: Decimal  # yuan, inclusive
    kinds: tuple[str, ...]
    status_of_source: str
    source: str  # where the range was read
    effective_from: datetime.date
    effective_to: datetime.date | None = None

    @property
    def citation(self) -> str:
        """《山东省地方金融条例》第五十条"""
        return f"《{self.document}》{self.article}"

    @property
    def range_zh(self) -> str:
        """The range in the words of the regulations: 1万元以上3万元以下."""
        return f"{amount_zh(self.low)}以上{amount_zh(self.high)}以下"

    @property
    def basis_zh(self) -> str:
        """As decisions print it: 《山东省地方金融条例》第五十条（…，处1万元以上3万元以下罚款）."""
        return f"{self.citation}（{self.conduct_zh}，处{self.range_zh}罚款）"

    def allows(self, amount: Decimal) -> bool:
        return self.low <= amount <= self.high

    def applies_to(self, kind: str, day: datetime.date) -> bool:
        in_force = self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)
        return kind in self.kinds and in_force


def amount_zh(yuan: Decimal) -> str:
    """10000 → 1万元, 25000 → 2.5万元, 1234.5 → 1,234.50元: whole 万 as the regulations write them."""
    if yuan >= WAN and yuan % 100 == 0:
        wan = (yuan / WAN).normalize()
        return f"{wan:f}万元"
    return f"{yuan:,.2f}元"


def load_penalties(path: Path | str | None = None) -> dict[str, Penalty]:
    source = Path(path) if path is not None else PENALTIES_FILE
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise PenaltyError([f"{source.name}: cannot be read: {err}"]) from None
    problems: list[str] = []
    for key in sorted(set(data) - {"penalties"}):
        problems.append(f"{source.name}: unknown key '{key}'")
    raw = data.get("penalties")
    if not isinstance(raw, list) or not raw:
        raise PenaltyError([*problems, f"{source.name}: at least one [[penalties]] table is required"])
    out: dict[str, Penalty] = {}
    for i, item in enumerate(raw):
        name = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{i + 1}"
        found: list[str] = []
        penalty = _penalty(item, found)
        problems += [f"{source.name}: penalty {name}: {p}" for p in found]
        if penalty is None:
            continue
        if penalty.id in out:
            problems.append(f"{source.name}: penalty {name}: the id is used twice")
        out[penalty.id] = penalty
    if problems:
        raise PenaltyError(problems)
    return out


@cache
def default_penalties() -> dict[str, Penalty]:
    return load_penalties()


def penalties_for(kind: str, day: datetime.date) -> list[Penalty]:
    """The ranges an institution of `kind` may be fined under on `day`, in the file's order."""
    return [p for p in default_penalties().values() if p.applies_to(kind, day)]


def _penalty(item, problems: list[str]) -> Penalty | None:
    if not isinstance(item, dict):
        problems.append("must be a table")
        return None
    for key in sorted(set(item) - KEYS):
        problems.append(f"unknown key '{key}'")
    if not isinstance(item.get("id"), str) or not IDENT.match(item["id"]):
        problems.append("id must be lower_snake_case text")
    for key in REQUIRED_TEXT:
        if not isinstance(item.get(key), str) or not item[key].strip():
            problems.append(f"'{key}' is required text")
    low, high = _yuan(item, "low", problems), _yuan(item, "high", problems)
    if low is not None and high is not None and low > high:
        problems.append(f"low {low} is greater than high {high}")
    kinds = item.get("kinds")
    if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds):
        problems.append(f"'kinds' must be a non-empty list of {', '.join(KINDS)}")
    if item.get("status_of_source") not in STATUSES:
        problems.append(f"'status_of_source' must be one of {', '.join(STATUSES)}")
    start, end = _date(item, "effective_from", problems, required=True), _date(item, "effective_to", problems)
    if start and end and end < start:
        problems.append(f"effective_to {end} is before effective_from {start}")
    if problems:
        return None
    return Penalty(
        id=item["id"],
        document=item["document"],
        document_en=item["document_en"],
        article=item["article"],
        conduct_zh=item["conduct_zh"],
        conduct_en=item["conduct_en"],
        low=low,
        high=high,
        kinds=tuple(kinds),
        status_of_source=item["status_of_source"],
        source=item["source"],
        effective_from=start,
        effective_to=end,
    )


def _yuan(item: dict, key: str, problems: list[str]) -> Decimal | None:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int | str):
        problems.append(f"'{key}' must be an amount in yuan (a whole number or a decimal text)")
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        problems.append(f"'{key}' must be an amount in yuan (got {value!r})")
        return None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        problems.append(f"'{key}' must be a non-negative amount in yuan with at most two decimals")
        return None
    return amount


def _date(item: dict, key: str, problems: list[str], *, required: bool = False) -> datetime.date | None:
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        problems.append(f"'{key}' must be a TOML date such as 2016-07-01")
        return None
    return value
