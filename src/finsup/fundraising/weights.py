"""The early-warning index's weights as data: which feature words count and how much, and what
each other signal is worth. The file data/weights.toml is the first version; later versions are
rows of WeightSet (a leader saves them on the weights page). Nothing here is code to change."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

_WORD_LINE = re.compile(r"^(.+?)\s*[\s=:：]\s*([0-9]+(?:\.[0-9]+)?)$")
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


def file_data() -> dict:
    return tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


def as_data(weights: Weights) -> dict:
    """JSON-ready data of checked weights (numbers as strings: decimals survive the round trip)."""
    return {
        "words": {w: str(v) for w, v in weights.words.items()},
        "signals": {s: str(v) for s, v in weights.signals.items()},
    }


def words_from_lines(text: str) -> dict[str, str]:
    """The feature words of the page's box: one per line, the word then its points ("保本保息 8",
    "保本保息=8" or "保本保息：8"); blank lines are skipped; a word twice is refused."""
    words: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _WORD_LINE.match(line)
        if not match:
            raise WeightsError(f"第 {number} 行须为“特征词 分值”，如：保本保息 8。")
        word, points = match.group(1).strip(), match.group(2)
        if word in words:
            raise WeightsError(f"特征词“{word}”出现了两次（第 {number} 行）。")
        words[word] = points
    if not words:
        raise WeightsError("至少须有一个特征词。")
    return words


def words_as_lines(weights: Weights) -> str:
    return "\n".join(f"{w} {v.normalize():f}" for w, v in weights.words.items()) + "\n"
