"""The loan store's layout, and its upgrade from the first one.

Since 2026-11 the store is ``<store>/loans/company=<credit code>/<batch id>.parquet``: one file
per company and batch, the contract month a column (``month``, YYYY-MM) in the file. The first
layout added a level, ``company=<code>/month=<YYYY-MM>/<batch id>.parquet``, month from the folder
name: a backfill of 500 companies over 33 months wrote 16,500 files at 1.5-2.5 ms each.

``finsup loans migrate-store`` rewrites a store of the first layout (the same rows, pseudonyms and
batch ids; one file per company and batch, rows in month order) into a fresh folder, swapped in
when complete, under the store's exclusive lock, as ``rekey`` does. Ingestion refuses to write
into a store of the first layout until then (the two must not mix: the folders are read as hive
partitions); the readers (``company=<code>/**/*.parquet``) read either layout.
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import duckdb

from finsup.catalogue.context import LOAN_STORED_COLUMNS

from . import keyring

LEGACY_LEVEL = "month="


def is_legacy(store: Path) -> bool:
    """True when the store holds files under company=<code>/month=<YYYY-MM>/."""
    loans = Path(store) / "loans"
    return loans.is_dir() and any(loans.glob(f"company=*/{LEGACY_LEVEL}*"))


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def migrate(store: Path) -> int:
    """Rewrites a store of the first layout into the current one. Returns the files written
    (0 when there was nothing to migrate)."""
    store = Path(store)
    with keyring.store_lock(store, exclusive=True):
        if not is_legacy(store):
            return 0
        loans = store / "loans"
        stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
        fresh, old = store / f".loans-layout-{stamp}", store / f".loans-old-{stamp}"
        columns = ", ".join(f'"{c}"' for c in LOAN_STORED_COLUMNS if c != "company")
        con = duckdb.connect()  # pseudonymised data only: it may spill as it likes
        count = 0
        try:
            for company_dir in sorted(p for p in loans.iterdir() if p.is_dir()):
                batches: dict[str, list[Path]] = {}
                for path in sorted(company_dir.rglob("*.parquet")):
                    batches.setdefault(path.name, []).append(path)
                target_dir = fresh / company_dir.name
                target_dir.mkdir(parents=True)
                for name, paths in sorted(batches.items()):
                    listed = ", ".join(_quote(str(p)) for p in paths)
                    # month from the folder name; the files read in the order listed (month order).
                    source = (
                        f"read_parquet([{listed}], hive_partitioning = true, hive_types_autocast = false, "
                        "union_by_name = true)"
                    )
                    target = _quote(str(target_dir / name))
                    con.execute(f"COPY (SELECT {columns} FROM {source}) TO {target} (FORMAT PARQUET)")
                    count += 1
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        finally:
            con.close()
        os.replace(loans, old)
        os.replace(fresh, loans)
        shutil.rmtree(old, ignore_errors=True)
        return count
