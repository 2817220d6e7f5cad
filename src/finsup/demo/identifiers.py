"""Valid, unique identifiers for the demo data: credit codes, resident ID numbers, phones, document numbers."""

from __future__ import annotations

import datetime
import random

from stdnum.cn import ric, uscc

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Region codes of Linyi in resident ID numbers, with the years they were assigned: the prefecture
# (临沂地区, 3728xx) became the city of Linyi (3713xx) in 1994, and the check of python-stdnum
# accepts a code only for people born while it was in use.
ID_REGIONS = [
    ("372801", 1983, 1994),
    ("372822", 0, 1994),
    ("372823", 0, 1994),
    ("372824", 0, 1994),
    ("372827", 0, 1994),
    ("372829", 0, 1994),
    ("372830", 0, 1994),
    ("372831", 0, 1994),
    ("372832", 0, 1994),
    ("372833", 0, 1994),
    ("371302", 1994, 9999),
    ("371311", 1994, 9999),
    ("371312", 1994, 9999),
    ("371321", 1994, 9999),
    ("371322", 1994, 9999),
    ("371323", 1994, 9999),
    ("371324", 2014, 9999),
    ("371325", 1994, 9999),
    ("371326", 1994, 9999),
    ("371327", 1994, 9999),
    ("371328", 1994, 9999),
    ("371329", 1994, 9999),
]


def _org_code(body8: str) -> str:
    """The organisation code of GB 11714: eight characters and their check character."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


class Mint:
    """Hands out identifiers that are valid and never repeat within one demo data set."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._credit_codes: set[str] = set()
        self._id_numbers: set[str] = set()
        self._phones: set[str] = set()
        self._doc_numbers: dict[tuple[str, int], set[int]] = {}
        self._enterprise_codes: dict[str, str] = {}

    def credit_code(self, area: str, year: int) -> str:
        """A company's unified social credit code: '91', its registration area, its organisation code.
        Companies registered since the 2015 reform carry the new 'MA' organisation codes."""
        while True:
            if year >= 2016:
                body8 = "MA" + "".join(self.rng.choice(_USCC_ALPHABET) for _ in range(6))
            else:
                body8 = "".join(self.rng.choice("0123456789") for _ in range(8))
            body = "91" + area + _org_code(body8)
            code = body + uscc.calc_check_digit(body)
            if code not in self._credit_codes:
                assert uscc.is_valid(code), code
                self._credit_codes.add(code)
                return code

    def enterprise_code(self, name: str, area: str, year: int) -> str:
        """The same enterprise keeps the same code wherever it appears."""
        if name not in self._enterprise_codes:
            self._enterprise_codes[name] = self.credit_code(area, year)
        return self._enterprise_codes[name]

    def id_number(self, *, born_from: int = 1955, born_to: int = 1995) -> str:
        """A resident ID number (GB 11643-1999) of someone born in Linyi between the two years."""
        span = (datetime.date(born_to, 12, 31) - datetime.date(born_from, 1, 1)).days
        while True:
            birth = datetime.date(born_from, 1, 1) + datetime.timedelta(days=self.rng.randrange(span))
            region = self.rng.choice([code for code, start, end in ID_REGIONS if start <= birth.year <= end])
            body = f"{region}{birth:%Y%m%d}{self.rng.randrange(1, 1000):03d}"
            # calc_check_digit() takes the whole number and ignores its last character.
            number = body + ric.calc_check_digit(body + "0")
            if number not in self._id_numbers:
                assert ric.is_valid(number), number
                self._id_numbers.add(number)
                return number

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(["13", "15", "18"]) + f"{self.rng.randrange(10**9):09d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def landline(self, prefix: str) -> str:
        """A local number after a prefix such as '0539-82' (seven digits in Linyi, eight in Jinan)."""
        digits = 8 if prefix.startswith("0531") else 7
        rest = digits - (len(prefix) - prefix.index("-") - 1)
        while True:
            number = prefix + f"{self.rng.randrange(10**rest):0{rest}d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def doc_no(self, agency: str, year: int) -> str:
        """An official document number, agency code〔year〕serial号, unique per agency and year."""
        used = self._doc_numbers.setdefault((agency, year), set())
        while True:
            serial = self.rng.randrange(1, 180)
            if serial not in used:
                used.add(serial)
                return f"{agency}〔{year}〕{serial}号"
