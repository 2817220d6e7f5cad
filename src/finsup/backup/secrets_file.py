"""The secrets file: the platform's keys encrypted under a passphrase, kept apart from the data.

AES-256-GCM under a key derived from the passphrase with scrypt (n=2**17, r=8, p=1: 128 MiB and
about half a second per try, the parameters OWASP recommends). The header (format, KDF and its
parameters, salt, nonce) is authenticated with the ciphertext, so a changed parameter fails like
a wrong passphrase. The file is JSON so that an operator can see what it is.
"""

from __future__ import annotations

import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

FORMAT = "finsup-secrets"
VERSION = 1
MIN_PASSPHRASE = 12
SCRYPT = {"n": 2**17, "r": 8, "p": 1}


class SecretsFileError(Exception):
    pass


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _key(passphrase: str, salt: bytes, params: dict) -> bytes:
    return Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"]).derive(passphrase.encode())


def _aad(header: dict) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()


def seal(payload: dict, passphrase: str) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise SecretsFileError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {"name": "scrypt", **SCRYPT, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
    }
    data = json.dumps(payload, sort_keys=True).encode()
    sealed = AESGCM(_key(passphrase, salt, SCRYPT)).encrypt(nonce, data, _aad(header))
    return json.dumps({**header, "ciphertext": _b64(sealed)}, indent=1).encode()


def open_sealed(blob: bytes, passphrase: str) -> dict:
    try:
        envelope = json.loads(blob)
        header = {k: envelope[k] for k in ("format", "version", "kdf", "cipher", "nonce")}
        kdf = header["kdf"]
        if header["format"] != FORMAT or header["version"] != VERSION or kdf["name"] != "scrypt":
            raise SecretsFileError("not a finsup secrets file of a known version")
        key = _key(passphrase, base64.b64decode(kdf["salt"]), kdf)
        data = AESGCM(key).decrypt(
            base64.b64decode(header["nonce"]), base64.b64decode(envelope["ciphertext"]), _aad(header)
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise SecretsFileError("not a finsup secrets file (unreadable)") from exc
    except InvalidTag as exc:
        raise SecretsFileError("wrong passphrase, or the secrets file was altered") from exc
    return json.loads(data)
