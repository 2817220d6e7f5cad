"""The early-warning index's weights as data: which feature words count and how much, and what
each other signal is worth. The file data/weights.toml is the first version; later versions are
rows of WeightSet (a leader saves them on the weights page). Nothing here is code to change."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
DATA_FILE = Path(__file__).resolve().parent / "data" / "weights.toml"

# Every signal a version must set, in the order the page lists them.
SIGNALS = (
    "word_cap",
    "return_over_cap",
    "return_per_point",
    "return_points_cap",
    "complaint",
    "complaint_cap",
    "spread_office",
    "link_disposed",
    "link_licensed",
    "near_duplicate",
    "near_duplicate_threshold",
    "flag_score",
)


class WeightsError(ValueError):
    """The weights do not parse or miss a signal; the message says which, in Chinese."""


@dataclass(frozen=True)
class Weights:
    version: int
    words: dict[str, Decimal]
    signals: dict[str, Decimal]

    def __getitem__(self, signal: str) -> Decimal:
        return self.signals[signal]


def _number(value, where: str) -> Decimal:
    if isinstance(value, bool):
        raise WeightsError(f"{where} 须为不小于 0 的数。")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise WeightsError(f"{where} 须为不小于 0 的数。") from None
    if not number.is_finite() or number < 0:
        raise WeightsError(f"{where} 须为不小于 0 的数。")
    return number


def parse(data: dict, version: int = 0) -> Weights:
    """Checked weights from the decoded data ({"words": {...}, "signals": {...}})."""
    if not isinstance(data, dict):
        raise WeightsError("权重须包含 [words] 和 [signals] 两部分。")
    words, signals = data.get("words"), data.get("signals")
    if not isinstance(words, dict) or not isinstance(signals, dict):
        raise WeightsError("权重须包含 [words] 和 [signals] 两部分。")
    checked_words = {}
    for word, value in words.items():
        word = str(word).strip()
        if not word:
            raise WeightsError("特征词不能为空。")
        checked_words[word] = _number(value, f"特征词“{word}”的分值")
    unknown = sorted(set(signals) - set(SIGNALS))
    if unknown:
        raise WeightsError(f"未知的信号：{'、'.join(unknown)}。")
    missing = [s for s in SIGNALS if s not in signals]
    if missing:
        raise WeightsError(f"缺少信号：{'、'.join(missing)}。")
    checked = {s: _number(signals[s], f"信号 {s}") for s in SIGNALS}
    if checked["near_duplicate_threshold"] > 100:
        raise WeightsError("信号 near_duplicate_threshold 须在 0 到 100 之间。")
    return Weights(version, checked_words, checked)


def parse_toml(text: str, version: int = 0) -> Weights:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WeightsError(f"权重格式有误：{exc}") from None
    return parse(data, version)


def file_data() -> dict:
    return tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


def as_data(weights: Weights) -> dict:
    """JSON-ready data of checked weights (numbers as strings: decimals survive the round trip)."""
    return {
        "words": {w: str(v) for w, v in weights.words.items()},
        "signals": {s: str(v) for s, v in weights.signals.items()},
    }


def as_toml(weights: Weights, comments: dict[str, str] | None = None) -> str:
    """The weights in the file's form, for the page's editor; `comments` after each signal."""

    def line(key: str, value: Decimal) -> str:
        name = key if _BARE_KEY.match(key) else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{name} = {value.normalize():f}"

    rows = ["[words]", *(line(w, v) for w, v in weights.words.items()), "", "[signals]"]
    comments = comments or {}
    rows += [line(s, weights.signals[s]) + (f"  # {comments[s]}" if s in comments else "") for s in SIGNALS]
    return "\n".join(rows) + "\n"
