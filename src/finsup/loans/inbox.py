"""The inbox folder: a company's system drops files in ``<inbox>/<credit code>/`` (CSV, Parquet or
.xlsx; write under a temporary name ending in .part and rename when complete), and
`finsup loans inbox` ingests each through the feed service. The report of each file is written
beside it under ``reports/``; the raw file is then deleted (or kept, see feeds.discard_raw)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from finsup.institutions.models import Institution

from .choices import FeedChannel
from .feeds import discard_raw, loan_batch_receive
from .ingest import Progress
from .models import LoanBatch

ACCEPTED_SUFFIXES = (".csv", ".parquet", ".xlsx")


@dataclass(frozen=True)
class InboxItem:
    path: Path
    batch: LoanBatch | None
    problem: str = ""  # why the file was left where it is


def pending(inbox: Path) -> list[Path]:
    """Complete files waiting, oldest first (hidden files and .part/.tmp ones are still being written)."""
    if not inbox.is_dir():
        return []
    files = [
        p
        for folder in inbox.iterdir()
        if folder.is_dir() and not folder.name.startswith(".")
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in ACCEPTED_SUFFIXES
    ]
    return sorted(files, key=lambda p: (p.stat().st_mtime, str(p)))


def inbox_collect(inbox: Path, *, progress_for: Callable[[Path], Progress] | None = None) -> list[InboxItem]:
    items = []
    companies = {
        i.credit_code: i for i in Institution.objects.filter(credit_code__in=[p.parent.name for p in pending(inbox)])
    }
    for path in pending(inbox):
        institution = companies.get(path.parent.name)
        if institution is None:
            items.append(
                InboxItem(path, None, f"文件夹 {path.parent.name} 不是已登记机构的统一社会信用代码，文件未处理")
            )
            continue
        batch = loan_batch_receive(
            institution=institution,
            channel=FeedChannel.INBOX,
            source_name=path.name,
            path=path,
            progress=progress_for(path) if progress_for else None,
        )
        _write_report(path, batch)
        discard_raw(path, institution=institution)
        items.append(InboxItem(path, batch))
    return items


def _write_report(path: Path, batch: LoanBatch) -> None:
    reports = path.parent / "reports"
    reports.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    (reports / f"{path.name}.{stamp}.txt").write_text(batch.report + "\n", encoding="utf-8")
