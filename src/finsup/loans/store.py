"""Where the loan store is: the one root every writer (feeds, sweep, commands) and reader
(evaluation) of the loan-level Parquet files starts from."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def store_dir() -> Path:
    return Path(settings.FINSUP_LOAN_STORE)
