"""The parties' keys. A person or an enterprise is keyed by the loan store's pseudonym of its
identifier (ID number or credit code): the platform's lookup hash with the store's key layers on
top (loans/keyring.py), the same key a loan to it carries as `borrower_key`. An address or a phone
is keyed the same way (a phone by its digits, as the loan feed hashes it). A party known only by a
name is keyed by its name within the institution that named it, unless matching finds it
(matching.py)."""

from __future__ import annotations

import hashlib
import hmac
import re

from finsup.core.personal_data import lookup_hash
from finsup.loans.keyring import layer_keys


def layered(hash_hex: str, layers: list[bytes] | None = None) -> str:
    """The store's layers applied to a lookup hash (hex), as ingestion applies them."""
    for layer in layer_keys() if layers is None else layers:
        hash_hex = hmac.new(layer, hash_hex.encode(), hashlib.sha256).hexdigest()
    return hash_hex


def identifier_key(identifier: str, layers: list[bytes] | None = None) -> str:
    """The key of an ID number or a credit code (trimmed and upper-cased, as lookup_hash does)."""
    return layered(lookup_hash(identifier), layers)


def id_hash_key(id_number_hash: str, layers: list[bytes] | None = None) -> str:
    """The key of a person whose ID number the registry keeps as its lookup hash."""
    return layered(id_number_hash, layers)


def phone_digits(phone: str) -> str:
    digits = re.sub(r"[^0-9]", "", phone or "")
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def phone_key(phone: str, layers: list[bytes] | None = None) -> str:
    digits = phone_digits(phone)
    return "" if len(digits) < 7 else "t:" + layered(lookup_hash(digits), layers)


def normal_address(address: str) -> str:
    """An address compared as written, without blanks and punctuation, full-width digits folded."""
    text = (address or "").translate({ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"})
    return re.sub(r"[\s,，。.、（）()#＃\-－—]", "", text)


def address_key(address: str) -> str:
    text = normal_address(address)
    return "" if len(text) < 6 else "a:" + lookup_hash("ADDRESS:" + text)


def name_key(name: str, scope: str) -> str:
    """A party known only by its name, within `scope` (an institution): two records of one
    institution naming 张三 mean one person; two institutions' 张三 need not."""
    return "n:" + lookup_hash(f"NAME:{scope}:{name.strip()}")
