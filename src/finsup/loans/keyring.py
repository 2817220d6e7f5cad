"""Rotating the key of the loan store's pseudonyms.

A borrower's key in the store is HMAC-SHA256 of the identifier with FINSUP_LOOKUP_KEY (so one
person has one key in every company), then, for each layer key of FINSUP_LOAN_KEY_LAYERS in order,
HMAC-SHA256 of the previous key's hex digest with that layer. The clear identifiers are gone after
ingestion, so a rotation cannot start from them: rotating adds a layer. `finsup loans rekey` applies
the newest layer to every stored key (a copy of the store, swapped in when complete), and from then
on ingestion applies it too. A copy of the store or of the lookup key taken before the rotation no
longer links to the store as it is.

``<store>/keyring.json`` records the fingerprints of the layers the store carries; ingestion refuses
to write when the settings and the store disagree, so keys of two generations never mix.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb
from django.conf import settings

KEY_COLUMNS = ("borrower_key", "borrower_group_key", "phone_key")
MARKER = "keyring.json"


class KeyringError(Exception):
    """The store's layers and the settings' layers disagree (message in Chinese)."""


def layer_keys() -> list[bytes]:
    return [k.encode() for k in settings.FINSUP_LOAN_KEY_LAYERS if k]


def fingerprint(key: bytes) -> str:
    return hashlib.sha256(b"finsup-loan-layer:" + key).hexdigest()[:16]


def store_layers(store: Path) -> list[str] | None:
    """The fingerprints recorded in the store, or None when the store has no marker yet."""
    marker = store / MARKER
    if not marker.exists():
        return None
    return list(json.loads(marker.read_text(encoding="utf-8"))["layers"])


def _write_marker(store: Path, prints: list[str]) -> None:
    store.mkdir(parents=True, exist_ok=True)
    tmp = store / f".{MARKER}.tmp"
    tmp.write_text(json.dumps({"layers": prints, "updated": datetime.datetime.now().isoformat()}), encoding="utf-8")
    os.replace(tmp, store / MARKER)


def check_for_ingestion(store: Path) -> list[bytes]:
    """The layers to apply at ingestion; records them in a store that has no marker yet."""
    keys = layer_keys()
    prints = [fingerprint(k) for k in keys]
    recorded = store_layers(store)
    if recorded is None:
        _write_marker(store, prints)
        return keys
    if recorded == prints:
        return keys
    if prints[: len(recorded)] == recorded:
        raise KeyringError("贷款数据的假名化密钥已新增一层，须先执行 finsup loans rekey 更新已存数据，才能继续导入。")
    raise KeyringError("设置中的贷款假名化密钥与已存数据不一致，拒绝导入（请核对 FINSUP_LOAN_KEY_LAYERS）。")


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer padded keys of HMAC-SHA256 (RFC 2104)."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def load_pads(con: duckdb.DuckDBPyConnection, keys: list[bytes], table: str = "layer_pads") -> None:
    """A table (i, inner_pad, outer_pad) of the layer keys, passed as parameters (never in SQL text)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (i INTEGER, inner_pad BLOB, outer_pad BLOB)")
    for i, key in enumerate(keys):
        inner, outer = hmac_pads(key)
        con.execute(f"INSERT INTO {table} VALUES ($1, $2::BLOB, $3::BLOB)", [i, inner, outer])


def layered_sql(expr: str, count: int, table: str = "layer_pads") -> str:
    """SQL applying layers 0..count-1 to the hex key ``expr`` (NULL stays NULL)."""
    for i in range(count):
        pads = f"(SELECT {{}} FROM {table} WHERE i = {i})"
        inner, outer = pads.format("inner_pad"), pads.format("outer_pad")
        expr = f"sha256({outer} || unhex(sha256({inner} || encode({expr}))))"
    return expr


@contextlib.contextmanager
def store_lock(store: Path, *, exclusive: bool, wait: bool = True):
    """Ingestions share the store; a rekey has it alone. With ``wait=False`` it yields False at once
    when the lock is held elsewhere (the sweep's recovery then waits for another run)."""
    locks = store / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / "store.lock", "w") as handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rekey(store: Path) -> int:
    """Applies the newest layer of the settings to every stored key. Returns the files rewritten."""
    keys = layer_keys()
    prints = [fingerprint(k) for k in keys]
    with store_lock(store, exclusive=True):
        recorded = store_layers(store) or []
        if recorded == prints:
            return 0
        if len(prints) != len(recorded) + 1 or prints[: len(recorded)] != recorded:
            raise KeyringError("只能在已有密钥层之后新增一层密钥（FINSUP_LOAN_KEY_LAYERS 末尾追加一个新密钥）。")
        loans = store / "loans"
        if not loans.is_dir():
            _write_marker(store, prints)
            return 0
        stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
        fresh, old = store / f".loans-rekey-{stamp}", store / f".loans-old-{stamp}"
        con = duckdb.connect()
        try:
            load_pads(con, keys[-1:])
            count = 0
            for path in sorted(loans.rglob("*.parquet")):
                target = fresh / path.relative_to(loans)
                target.parent.mkdir(parents=True, exist_ok=True)
                source = "read_parquet('" + str(path).replace("'", "''") + "', hive_partitioning = false)"
                columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
                select = ", ".join(f"{layered_sql(c, 1)} AS {c}" if c in KEY_COLUMNS else f'"{c}"' for c in columns)
                out = "'" + str(target).replace("'", "''") + "'"
                con.execute(f"COPY (SELECT {select} FROM {source}) TO {out} (FORMAT PARQUET)")
                count += 1
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        finally:
            con.close()
        os.replace(loans, old)
        os.replace(fresh, loans)
        _write_marker(store, prints)
        shutil.rmtree(old, ignore_errors=True)
        return count
