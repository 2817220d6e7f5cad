"""The inbox folder: a company's system drops files in ``<inbox>/<credit code>/`` (CSV, Parquet or
.xlsx; write under a temporary name ending in .part and rename when complete), and
`finsup loans inbox` ingests each through the feed service. The receipt of each file is written
beside it under ``reports/``; the raw file is then deleted (or kept, see feeds.discard_raw).

One bad file never stops the run: a file that cannot be read at all (damaged, over a cap) is moved
to ``<inbox>/<credit code>/rejected/`` with a receipt saying why, and an unexpected failure leaves
the file where it is (the next run tries again); either way the run goes on to the next file. The
command then exits 3 (after processing every file) so that cron reports it; 0 otherwise, including
files whose rows were rejected (their receipt tells the company)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from finsup.institutions.selectors import institutions_by_credit_code

from .choices import FeedChannel
from .feeds import discard_raw, loan_batch_receive
from .ingest import Progress
from .models import LoanBatch

ACCEPTED_SUFFIXES = (".csv", ".parquet", ".xlsx")
REJECTED_FOLDER = "rejected"
REPORTS_FOLDER = "reports"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboxItem:
    path: Path
    batch: LoanBatch | None
    problem: str = ""  # why the file was not ingested
    set_aside: Path | None = None  # where an unreadable file was moved
    failed: bool = False  # an unexpected error: the file is left for the next run

    @property
    def needs_attention(self) -> bool:
        return self.set_aside is not None or self.failed


def pending(inbox: Path) -> list[Path]:
    """Complete files waiting, oldest first (hidden files and .part/.tmp ones are still being written;
    reports/ and rejected/ are folders, so never read)."""
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
    companies = {i.credit_code: i for i in institutions_by_credit_code(p.parent.name for p in pending(inbox))}
    for path in pending(inbox):
        institution = companies.get(path.parent.name)
        if institution is None:
            items.append(
                InboxItem(path, None, f"文件夹 {path.parent.name} 不是已登记机构的统一社会信用代码，文件未处理")
            )
            continue
        items.append(_collect_one(path, institution, progress_for(path) if progress_for else None))
    return items


def _collect_one(path: Path, institution, progress: Progress | None) -> InboxItem:
    try:
        batch = loan_batch_receive(
            institution=institution, channel=FeedChannel.INBOX, source_name=path.name, path=path, progress=progress
        )
    except Exception as exc:  # one file's failure must not stop the other companies' files
        log.exception("loan inbox: %s failed", path)
        return InboxItem(path, None, f"处理失败，文件留待下次处理：{type(exc).__name__}", failed=True)
    if batch.problem:
        target = _set_aside(path)
        _write_report(path, f"{batch.report}\n原文件已移至 {REJECTED_FOLDER}/{target.name}。")
        return InboxItem(path, batch, batch.report, set_aside=target)
    _write_report(path, batch.report)
    discard_raw(path, institution=institution)
    return InboxItem(path, batch)


def _stamp() -> str:
    return datetime.datetime.now().strftime("%Y%m%dT%H%M%S")


def _set_aside(path: Path) -> Path:
    folder = path.parent / REJECTED_FOLDER  # made like reports/: the company's system reads both
    folder.mkdir(exist_ok=True)
    target = folder / f"{_stamp()}-{path.name}"
    path.replace(target)
    return target


def _write_report(path: Path, text: str) -> None:
    reports = path.parent / REPORTS_FOLDER
    reports.mkdir(exist_ok=True)
    (reports / f"{path.name}.{_stamp()}.txt").write_text(text + "\n", encoding="utf-8")
