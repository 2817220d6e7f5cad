"""An arithmetic captcha drawn server-side as a PNG, with no external service and no extra
dependency (a 5×7 bitmap font, jitter and noise, encoded with zlib). The answer lives in the
session only as a hash, and a challenge is used once.

Who cannot read the picture asks for the text alternative (mode "text"): a fresh sum written out in
words ("十二加五等于几？"), which a screen reader reads aloud; it is the same kind of challenge, kept
the same way, spent the same way, and asking for it counts against the same refresh limit
(rate_limit.captcha_refresh_rate_limit). The mode chosen stays for the session's next challenges.

FINSUP_CAPTCHA_DETERMINISTIC (test settings only) fixes the question at 3 + 4, so a browser test
can answer it; a system check refuses it outside DEBUG/test settings."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import struct
import zlib

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SESSION_KEY = "finsup_complaint_captcha"
MODE_KEY = "finsup_complaint_captcha_mode"
IMAGE, TEXT = "image", "text"
MODES = (IMAGE, TEXT)

_FONT = {
    "0": ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
    "1": ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    "2": ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    "3": ["11110", "00001", "00001", "01110", "00001", "00001", "11110"],
    "4": ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    "5": ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    "6": ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
    "7": ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    "8": ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
    "9": ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
    "+": ["00000", "00100", "00100", "11111", "00100", "00100", "00000"],
    "-": ["00000", "00000", "00000", "11111", "00000", "00000", "00000"],
    "=": ["00000", "00000", "11111", "00000", "11111", "00000", "00000"],
    "?": ["01110", "10001", "00001", "00010", "00100", "00000", "00100"],
    " ": ["00000"] * 7,
}
_SCALE = 5


def _digest(answer: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), answer.encode(), hashlib.sha256).hexdigest()


def new_challenge() -> tuple[str, str]:
    """A question and its answer: a sum, or a difference that is never negative."""
    if settings.FINSUP_CAPTCHA_DETERMINISTIC:
        return "3 + 4 = ?", "7"
    a, b = secrets.randbelow(40) + 10, secrets.randbelow(9) + 1
    if secrets.randbelow(2):
        return f"{a} + {b} = ?", str(a + b)
    return f"{a} - {b} = ?", str(a - b)


def issue(session, mode: str | None = None) -> str:
    """Stores a fresh challenge in the session; returns the question (drawn by `render_png`, or
    written out by `in_words`). `mode` (image or text) is remembered for the next challenges."""
    if mode in MODES:
        session[MODE_KEY] = mode
    question, answer = new_challenge()
    session[SESSION_KEY] = {"q": question, "a": _digest(answer), "v": secrets.token_hex(4)}
    return question


def mode_of(session) -> str:
    return session.get(MODE_KEY) if session.get(MODE_KEY) in MODES else IMAGE


def question_of(session) -> str:
    data = session.get(SESSION_KEY) or {}
    return data.get("q") or issue(session)


def version_of(session) -> str:
    """Changes with every challenge: the picture's address carries it, so no cache shows an old one."""
    question_of(session)
    return session[SESSION_KEY].get("v", "")


def verify(session, answer: str) -> bool:
    """True if the answer matches the session's challenge; the challenge is spent either way."""
    data = session.pop(SESSION_KEY, None)
    answer = normalise(answer)
    if not data or not answer:
        return False
    return hmac.compare_digest(data["a"], _digest(answer))


# -- the text alternative ------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def number_in_words(n: int) -> str:
    """0–99 as written in Chinese: 七, 十二, 二十, 四十五."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def in_words(question: str) -> str:
    """The question written out, for the text alternative: "12 + 5 = ?" → 十二加五等于几？ (in the
    English interface: "What is 12 plus 5?")."""
    a, op, b = question.split()[:3]
    zh = (get_language() or "zh-hans").startswith("zh")
    a_text, b_text = (number_in_words(int(a)), number_in_words(int(b))) if zh else (a, b)
    if op == "+":
        return _("What is %(a)s plus %(b)s?") % {"a": a_text, "b": b_text}
    return _("What is %(a)s minus %(b)s?") % {"a": a_text, "b": b_text}


def normalise(answer: str | None) -> str:
    """An answer as typed: digits (full-width ones too) or the number in Chinese words (十七)."""
    text = (answer or "").strip().translate(_FULL_WIDTH)
    if text and not text.isdigit():
        words = {number_in_words(n): str(n) for n in range(100)}
        text = words.get(text, text)
    return text


def render_png(text: str) -> bytes:
    rnd = secrets.SystemRandom()
    glyph_w, glyph_h = 6 * _SCALE, 7 * _SCALE
    width, height = glyph_w * len(text) + 16, glyph_h + 20
    pixels = [[235 + rnd.randrange(20) for _x in range(width)] for _y in range(height)]
    x = 8
    for ch in text:
        rows = _FONT.get(ch, _FONT[" "])
        dy = 6 + rnd.randrange(-4, 5)
        shade = rnd.randrange(20, 90)
        slant = rnd.choice((-1, 0, 1))  # a whole glyph leans one way: distorted, still legible
        for r, row in enumerate(rows):
            for c, bit in enumerate(row):
                if bit == "1":
                    for yy in range(_SCALE):
                        for xx in range(_SCALE):
                            py, px = dy + r * _SCALE + yy, x + c * _SCALE + xx + slant * (3 - r)
                            if 0 <= py < height and 0 <= px < width:
                                pixels[py][px] = shade
        x += glyph_w
    for _line in range(3):  # stray lines across the text
        y0, y1 = rnd.randrange(height), rnd.randrange(height)
        for px in range(width):
            py = y0 + (y1 - y0) * px // width
            pixels[py][px] = rnd.randrange(60, 160)
    for _dot in range(width * height // 40):
        pixels[rnd.randrange(height)][rnd.randrange(width)] = rnd.randrange(256)
    return _png(width, height, pixels)


def _png(width: int, height: int, pixels: list[list[int]]) -> bytes:
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
