"""An arithmetic captcha drawn server-side as a PNG, with no external service and no extra
dependency (a 5×7 bitmap font, jitter and noise, encoded with zlib). The answer lives in the
session only as a hash, and a challenge is used once.

FINSUP_CAPTCHA_DETERMINISTIC (test settings only) fixes the question at 3 + 4, so a browser test
can answer it; a system check refuses it outside DEBUG/test settings."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import struct
import zlib

from django.conf import settings

SESSION_KEY = "finsup_complaint_captcha"

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
    return hmac.new(settings.SECRET_KEY.encode(), answer.strip().encode(), hashlib.sha256).hexdigest()


def new_challenge() -> tuple[str, str]:
    """A question and its answer: a sum, or a difference that is never negative."""
    if settings.FINSUP_CAPTCHA_DETERMINISTIC:
        return "3 + 4 = ?", "7"
    a, b = secrets.randbelow(40) + 10, secrets.randbelow(9) + 1
    if secrets.randbelow(2):
        return f"{a} + {b} = ?", str(a + b)
    return f"{a} - {b} = ?", str(a - b)


def issue(session) -> str:
    """Stores a fresh challenge in the session; returns the question (drawn by `render_png`)."""
    question, answer = new_challenge()
    session[SESSION_KEY] = {"q": question, "a": _digest(answer)}
    return question


def question_of(session) -> str:
    data = session.get(SESSION_KEY) or {}
    return data.get("q") or issue(session)


def verify(session, answer: str) -> bool:
    """True if the answer matches the session's challenge; the challenge is spent either way."""
    data = session.pop(SESSION_KEY, None)
    if not data or not answer:
        return False
    return hmac.compare_digest(data["a"], _digest(answer))


def render_png(text: str) -> bytes:
    rnd = secrets.SystemRandom()
    glyph_w, glyph_h = 6 * _SCALE, 7 * _SCALE
    width, height = glyph_w * len(text) + 16, glyph_h + 20
    pixels = [[235 + rnd.randrange(20) for _ in range(width)] for _ in range(height)]
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
    for _ in range(3):  # stray lines across the text
        y0, y1 = rnd.randrange(height), rnd.randrange(height)
        for px in range(width):
            py = y0 + (y1 - y0) * px // width
            pixels[py][px] = rnd.randrange(60, 160)
    for _ in range(width * height // 40):
        pixels[rnd.randrange(height)][rnd.randrange(width)] = rnd.randrange(256)
    return _png(width, height, pixels)


def _png(width: int, height: int, pixels: list[list[int]]) -> bytes:
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
