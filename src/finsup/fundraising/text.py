"""Reading the texts the office receives about possible illegal fundraising (非法集资): tip-offs,
advertisements, web pages saved as text. Pure Python: no Django, no finsup import.

- `tokens`: Chinese word segmentation (jieba), the phrases of a lexicon kept as single tokens.
- `feature_hits`: which phrases of a lexicon (保本保息, 稳赚不赔 …) a text contains, and how often.
- `promised_returns`: every rate of return or interest the text promises, as percent a year.
- `similarity`, `near_duplicates`: the same advertisement under several company names.

Normalisation. Full-width forms (１８％, ～, ：) are read as their half-width letters, digits and signs
(a one-to-one mapping of characters, so a quote is still the exact span of the original text), and
letters are case-folded where no span is returned (tokens, lexicon phrases).

Rates. A rate is read where a period and a word of return stand before it (年化, 年化收益率, 年息,
年利率, 月息, 月利率, 月收益, 每月返利, 月返, 日息, 日利率, 每天返利, 周息 …), a few filler
characters (为, 高达, 不低于, a colon) allowed between, or where the period follows it (18%/年).
A rate is a percent (18%, 百分之十八, a range 12%-15% / 12%~15% / 12%至15% read as its highest
end), a per mille or per ten thousand (千分之一, 万分之五), or, after 息 / 利 / 利息 / 利率 only, the
folk units 分 and 厘 of private lending (民间借贷). Their convention is custom, not statute: the
customary reading of Chinese interest quotes, 1 分 = 10 厘, and 1 厘 a hundredth of the principal a
year, a thousandth a month, a ten-thousandth a day (年息1厘 = 1%, 月息1厘 = 0.1%, 日息1厘 = 0.01%). So
年息1分 = 10% a year, 年息1厘 = 1% a year; 月息1分 = 1% a month, 月息1厘 = 0.1% a month;
日息1分 = 0.1% a day, 日息1厘 = 0.01% a day. A digit after 分 is tenths of a 分 (厘):
月息一分五 = 月息1分5 = 月息1.5分 = 1.5% a month. Rates are annualised: a month ×12, a week ×52,
a day ×365 (simple interest, no compounding), and quantized to 0.01.
A rate with no stated period (收益率18%) is not read: its period would be a guess. Dates (2026年5月),
phone numbers, 5分钟, 满分 and 3分之1 are not rates: a number is read only beside a period as above.

Chinese numerals: 零〇一二两三四五六七八九十百 and 点 decimals (一点五, 十二, 一十五, 二十), read by a
small converter below (exact Decimals; cn2an reads floats and warns on fragments such as 千).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import unicodedata
import warnings
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from rapidfuzz import fuzz

with warnings.catch_warnings():
    # jieba 0.42.1 imports pkg_resources when it is there, which newer setuptools deprecate.
    warnings.filterwarnings("ignore", message=".*pkg_resources.*")
    import jieba

K = TypeVar("K", bound=Hashable)

# jieba logs its start-up (building the prefix dictionary, the cache file) at DEBUG to stderr.
logging.getLogger("jieba").setLevel(logging.WARNING)

# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------

# Full-width ASCII (U+FF01-U+FF5E) to ASCII, the ideographic space to a space: one character to one.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _half_width(text: str) -> str:
    return text.translate(_HALF_WIDTH)


def _normal(text: str) -> str:
    """Half-width and case-folded: the form tokens and lexicon phrases are compared in."""
    return _half_width(text).casefold()


# ---------------------------------------------------------------------------------------------
# Segmentation
# ---------------------------------------------------------------------------------------------


def _cache_dir() -> str | None:
    """The prefix dictionary's cache: one folder per user under the system temp dir (jieba's own
    default is one file shared by every user of /tmp, which another user's file would block).
    None (jieba's default) when the folder cannot be made."""
    user = os.getuid() if hasattr(os, "getuid") else "user"
    path = os.path.join(tempfile.gettempdir(), f"finsup-jieba-{user}")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return path


# A tokenizer of our own (the lexicon's words do not leak into jieba's global one). It builds its
# prefix dictionary on first use (about 0.9 s; 0.7 s from its cache) under jieba's lock. The cache is
# written to a temp file and renamed over the old one, so processes starting together each write a
# whole file and read a whole file. The version in its name: another jieba, another dictionary.
_TOKENIZER = jieba.Tokenizer()
_TOKENIZER.tmp_dir = _cache_dir()
_TOKENIZER.cache_file = f"jieba-{jieba.__version__}.cache"

_WORDS_LOCK = threading.Lock()
_USER_WORDS: set[str] = set()


def _add_words(lexicon: Iterable[str]) -> None:
    """Make each phrase of the lexicon one token; a phrase is added once per process."""
    phrases = {_normal(p).strip() for p in lexicon}
    phrases = {p for p in phrases if p and not any(c.isspace() for c in p)}
    with _WORDS_LOCK:
        for phrase in sorted(phrases - _USER_WORDS):
            _TOKENIZER.add_word(phrase)
            _USER_WORDS.add(phrase)


def _is_word(token: str) -> bool:
    """Not whitespace nor punctuation nor a symbol alone (Unicode categories Z, P, S, C)."""
    return any(unicodedata.category(c)[0] not in "ZPSC" for c in token)


def tokens(text: str, lexicon: Iterable[str] = ()) -> list[str]:
    """The words of the text (half-width, case-folded), the lexicon's phrases each one token;
    whitespace and punctuation left out."""
    _add_words(lexicon)
    return [t for t in _TOKENIZER.lcut(_normal(text)) if _is_word(t)]


# ---------------------------------------------------------------------------------------------
# Lexicon phrases
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordHit:
    phrase: str  # the lexicon phrase, as the lexicon spells it
    count: int  # non-overlapping occurrences in the text (substring count, see feature_hits)


def _squeezed(text: str) -> str:
    return "".join(_normal(text).split())


def feature_hits(text: str, lexicon: Iterable[str]) -> list[WordHit]:
    """The lexicon's phrases that occur in the text, with their counts, in the order of their first
    occurrence; phrases absent are left out. A count is the non-overlapping occurrences of the phrase
    in the text, both half-width, case-folded and without whitespace (a phrase broken over a line
    still counts). Substrings, not tokens: 高息 counts inside 高息揽储, which is what a reader wants
    here, and a phrase counts the same whatever jieba makes of its neighbours. Phrases of the lexicon
    that are the same once normalised are one phrase (the first spelling is kept)."""
    haystack = _squeezed(text)
    found: dict[str, tuple[int, str, int]] = {}
    for phrase in lexicon:
        needle = _squeezed(phrase)
        if not needle or needle in found:
            continue
        first = haystack.find(needle)
        if first >= 0:
            found[needle] = (first, phrase, haystack.count(needle))
    return [WordHit(phrase, count) for _, phrase, count in sorted(found.values(), key=lambda hit: hit[0])]


# ---------------------------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100}


def cn_number(text: str) -> Decimal:
    """An Arabic or Chinese number: 18, 1.5, 十二, 一十五, 二十, 一百二十, 一点五, 两, 一五 (digit by
    digit). Raises ValueError on anything else."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    whole, _, fraction = text.partition("点")
    if not whole or not all(c in _CN_DIGITS for c in fraction):
        raise ValueError(f"not a number: {text!r}")
    total, current = 0, None
    for c in whole:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c] if current is None else current * 10 + _CN_DIGITS[c]
        elif c in _CN_UNITS:
            total += (1 if current is None else current) * _CN_UNITS[c]
            current = None
        else:
            raise ValueError(f"not a number: {text!r}")
    number = Decimal(total + (current or 0))
    if fraction:
        number += Decimal("0." + "".join(str(_CN_DIGITS[c]) for c in fraction))
    return number


# ---------------------------------------------------------------------------------------------
# Promised returns
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PromisedReturn:
    quote: str  # the exact span of the text matched, e.g. "月息2分"
    annual_percent: Decimal  # the promised return as percent per year, e.g. Decimal("24"), to 0.01
    basis: str  # the period the text states: "year" | "month" | "week" | "day"


_PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 365}
# Percent of the principal that one 分 / 厘 stands for, by the period of the rate.
_FEN = {"year": Decimal(10), "month": Decimal(1), "day": Decimal("0.1")}
_LI = {period: fen / 10 for period, fen in _FEN.items()}
_FRACTION = {"百": Decimal(1), "千": Decimal("0.1"), "万": Decimal("0.01")}  # 百分之N … in percent

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
_DIGIT = r"[0-9零一二两三四五六七八九]"
_SEP = r"\s*(?:-|~|〜|—|–|至|到)\s*"

# The period and the word of return before a rate. 年化, 每月 … stand alone; a bare 年 / 月 / 日 / 周
# needs its word (年息, 月利率) and must not end a date or a duration (2026年, 5月, 3个月, 今年).
_RETURN_WORD = r"(?:收益率|收益|利率|利息|息|利|回报率|回报|返利|返息|返现|返还|返)"
_KEY = (
    rf"(?:年化|月化|日化|每年|每月|月月|每日|每天|天天|每周){_RETURN_WORD}?"
    rf"|(?:(?<![\d零一二两三四五六七八九十去今明前后全同上当近往历])年"
    rf"|(?<![\d零一二两三四五六七八九十个本上下当])月"
    rf"|(?<![\d零一二两三四五六七八九十今昨明本生节假])日"
    rf"|(?<![\d零一二两三四五六七八九十本上下])周){_RETURN_WORD}"
)
_FILLER = r"[\s:为是达到高可约在近超过逾保底证最稳定按至少不低于以上竟然有均仅给付支发]{0,6}?"
_PERCENT = (
    rf"{_NUM}\s*%?{_SEP}{_NUM}\s*%"  # 12%-15%, 12-15%
    rf"|{_NUM}\s*%"  # 18%
    rf"|[百千万]分之{_NUM}(?:{_SEP}(?:[百千万]分之)?{_NUM})?"  # 百分之十八, 千分之一, 百分之十二至十五
)
_FOLK = rf"{_NUM}\s*[分厘](?![钟之])(?:\s*{_DIGIT}厘?(?![\d零一二两三四五六七八九十百千万亿天日月年周个元块次倍%]))?"
_PERIOD_AFTER = r"\s*(?:/|每|一)\s*(?P<after>年|月|日|天|周)"

_RATE = re.compile(
    rf"(?P<key>{_KEY}){_FILLER}(?P<value>{_PERCENT}|{_FOLK})"
    rf"|(?P<bare>{_PERCENT}){_PERIOD_AFTER}"
)
_FOLK_WORDS = ("息", "利", "利息", "利率")
_PERIOD_OF = {"年": "year", "月": "month", "日": "day", "天": "day", "周": "week"}


def _period(key: str) -> str:
    return next(_PERIOD_OF[c] for c in key if c in _PERIOD_OF)


def _percent_value(value: str) -> Decimal:
    """The highest percent a percent form states (a range's upper end)."""
    numbers = re.findall(_NUM, re.sub(r"[百千万]分之", "", value))
    scale = _FRACTION[value[0]] if re.match(r"[百千万]分之", value) else Decimal(1)
    return max(cn_number(n) for n in numbers) * scale


def _folk_value(value: str, period: str) -> Decimal:
    """月息2分, 一分五, 1分5, 1.5分, 8厘 as percent of the principal per period."""
    match = re.fullmatch(rf"(?P<n>{_NUM})\s*(?P<unit>[分厘])(?:\s*(?P<tenth>{_DIGIT})厘?)?", value)
    amount = cn_number(match["n"])
    if match["tenth"]:
        amount += cn_number(match["tenth"]) / 10
    return amount * (_FEN if match["unit"] == "分" else _LI)[period]


def _read(match: re.Match) -> tuple[Decimal, str] | None:
    """The percent per period and the period of one match, or None when it is no rate after all."""
    if match["bare"]:
        return _percent_value(match["bare"]), _PERIOD_OF[match["after"]]
    key, value = match["key"], match["value"]
    period = _period(key)
    if value[-1] in "%" or re.match(r"[百千万]分之", value):
        return _percent_value(value), period
    if key.endswith(_FOLK_WORDS) and period in _FEN:
        return _folk_value(value, period), period
    return None


def promised_returns(text: str) -> list[PromisedReturn]:
    """Every rate of return or interest the text states, once per occurrence in text order, as
    percent a year (see the module's docstring for the forms read)."""
    found = []
    for match in _RATE.finditer(_half_width(text)):
        read = _read(match)
        if read is None:
            continue
        percent, period = read
        annual = (percent * _PER_YEAR[period]).quantize(Decimal("0.01"))
        found.append(PromisedReturn(text[match.start() : match.end()], annual, period))
    return found


# ---------------------------------------------------------------------------------------------
# Near duplicates
# ---------------------------------------------------------------------------------------------


def _token_similarity(a: list[str], b: list[str], cutoff: float = 0) -> float:
    """The Indel similarity of two token sequences (rapidfuzz's ratio on lists: twice the longest
    common subsequence over the total length), 0-100; 0 when either has no word."""
    if not a or not b:
        return 0.0
    return fuzz.ratio(a, b, score_cutoff=cutoff)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0-100, for near duplicates: the same advertisement under another
    company name and phone scores above 90, two texts on the same subject in their own words well
    below 50. Word order counts (a sequence of jieba tokens, not a bag)."""
    return _token_similarity(tokens(a), tokens(b))


def near_duplicates(texts: Mapping[K, str], threshold: float = 90) -> list[tuple[K, K, float]]:
    """Every pair (a, b), a before b in the mapping's order, whose similarity is at least the
    threshold, in that order; each text is segmented once."""
    keyed = [(key, tokens(text)) for key, text in texts.items()]
    pairs = []
    for i, (key_a, tokens_a) in enumerate(keyed):
        for key_b, tokens_b in keyed[i + 1 :]:
            score = _token_similarity(tokens_a, tokens_b, threshold)
            if score >= threshold:
                pairs.append((key_a, key_b, score))
    return pairs


def token_similarity(a: list[str], b: list[str], cutoff: float = 0) -> float:
    """`similarity` of two texts already segmented (their stored tokens)."""
    return _token_similarity(a, b, cutoff)
