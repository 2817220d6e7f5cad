"""The published contracts of what goes up to the province: one JSON Schema (draft 2020-12) per kind
of export and version, in contract/ beside this module; the shared definitions in common-v1. A new,
incompatible version is a new file (…-v2.schema.json) and a new entry here; the old one stays."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .choices import ExportKind

CONTRACT_DIR = Path(__file__).resolve().parent / "contract"
COMMON = "common-v1.schema.json"
# The version each kind is exported in today.
CURRENT_VERSION = {kind: "1" for kind in ExportKind.values}


def schema_filename(kind: str, version: str | None = None) -> str:
    return f"{kind}-v{version or CURRENT_VERSION[kind]}.schema.json"


def published_files() -> list[str]:
    """Every schema file of the contract, in name order (the page links them, the tests read them)."""
    return sorted(p.name for p in CONTRACT_DIR.glob("*.schema.json"))


@cache
def schema(filename: str) -> dict:
    if filename not in published_files():
        raise KeyError(filename)
    return json.loads((CONTRACT_DIR / filename).read_text(encoding="utf-8"))


def schema_bytes(filename: str) -> bytes:
    if filename not in published_files():
        raise KeyError(filename)
    return (CONTRACT_DIR / filename).read_bytes()
