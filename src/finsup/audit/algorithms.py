"""The audit trail's cryptography: the chain's hash (SHA-256, or SM3 of GB/T 32905) and the
signature of its checkpoints (Ed25519, or SM2 of GB/T 32918 with SM3), by name.

The name of each is stored with what it produced (an entry's `algorithm`, a checkpoint's fields),
so a chain stays verifiable after the settings change. No Django here: settings pass plain values."""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass

HASHES = ("sha256", "sm3")
SIGNATURES = ("ed25519", "sm2")


class UnknownAlgorithm(ValueError):
    pass


def digest(algorithm: str, data: bytes) -> str:
    """The hex digest of `data` (64 characters for both algorithms)."""
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "sm3":
        return _sm3(data)
    raise UnknownAlgorithm(f"unknown hash algorithm {algorithm!r} (one of {', '.join(HASHES)})")


def _sm3(data: bytes) -> str:
    if "sm3" in hashlib.algorithms_available:  # OpenSSL's, about 100 times faster than pure Python
        return hashlib.new("sm3", data).hexdigest()
    from gmssl import func, sm3

    return sm3.sm3_hash(func.bytes_to_list(data))


def _seed(key: str) -> bytes:
    """A signing key as configured: 32 random bytes in (URL-safe) base64 or 64 hex digits."""
    text = key.strip()
    try:
        raw = bytes.fromhex(text) if len(text) == 64 else base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != 32:
        raise ValueError("the audit signing key must be 32 random bytes, base64 or hex encoded")
    return raw


@dataclass(frozen=True)
class Signer:
    algorithm: str
    public_key: str  # hex
    _private: object

    def sign(self, data: bytes) -> str:
        if self.algorithm == "ed25519":
            return self._private.sign(data).hex()
        return _sm2_sign(self._private, self.public_key, data)


def signer(algorithm: str, key: str) -> Signer:
    seed = _seed(key)
    if algorithm == "ed25519":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        private = Ed25519PrivateKey.from_private_bytes(seed)
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        return Signer(algorithm, public, private)
    if algorithm == "sm2":
        d = int.from_bytes(seed, "big") % (_SM2_N - 2) + 1  # a private key must lie in [1, n-2]
        private = f"{d:064x}"
        return Signer(algorithm, _sm2_public(private), private)
    raise UnknownAlgorithm(f"unknown signature algorithm {algorithm!r} (one of {', '.join(SIGNATURES)})")


def verify(algorithm: str, public_key: str, data: bytes, signature: str) -> bool:
    try:
        if algorithm == "ed25519":
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

            try:
                Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(bytes.fromhex(signature), data)
            except InvalidSignature:
                return False
            return True
        if algorithm == "sm2":
            return _sm2_verify(public_key, data, signature)
    except ValueError:  # malformed hex or key
        return False
    raise UnknownAlgorithm(f"unknown signature algorithm {algorithm!r} (one of {', '.join(SIGNATURES)})")


# SM2 through gmssl (pure Python). Two of its defaults are unsafe and are avoided here: it draws
# the signature's nonce from `random` (not a CSPRNG; a predictable nonce reveals the private key),
# and its constructor strips every leading '0' and '4' from a public key given with its 04 prefix.
_SM2_N = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)


def _sm2(private: str | None, public: str):
    from gmssl import sm2

    crypt = sm2.CryptSM2(private_key=private, public_key="")
    crypt.public_key = public  # set after construction: see above
    return crypt


def _sm2_public(private: str) -> str:
    from gmssl import sm2

    return _sm2(private, "")._kg(int(private, 16), sm2.default_ecc_table["g"])


def _sm2_sign(private: str, public: str, data: bytes) -> str:
    crypt = _sm2(private, public)
    while True:  # gmssl returns None for the rare unusable nonce: draw another
        signature = crypt.sign_with_sm3(data, f"{secrets.randbelow(_SM2_N - 1) + 1:064x}")
        if signature:
            return signature


def _sm2_verify(public: str, data: bytes, signature: str) -> bool:
    if len(public) != 128 or len(signature) != 128:
        return False
    r, s = int(signature[:64], 16), int(signature[64:], 16)
    if not (0 < r < _SM2_N and 0 < s < _SM2_N):
        return False
    return bool(_sm2(None, public).verify_with_sm3(signature, data))
