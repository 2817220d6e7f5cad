"""`finsup loans sweep`, also run at the start of every upload, push, `loans ingest` and `loans inbox`:
what a killed worker left behind is removed or finished.

- Spool files (clear text) older than FINSUP_LOAN_SPOOL_MAX_AGE are deleted (spool.py), and so are the
  inbox's unreadable files set aside in ``rejected/`` once older than FINSUP_LOAN_REJECTED_MAX_AGE.
- The store's staging folders are recovered (staging.py): a batch recorded as accepted is published
  (its files join the store; its company is evaluated, which the killed run did not get to), any
  other folder is deleted. This part runs only when no ingestion holds the store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from finsup.core import clock

from . import keyring, staging
from .choices import BatchOutcome
from .models import LoanBatch
from .spool import rejected_sweep, spool_sweep
from .store import store_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepSummary:
    spool_removed: int
    published: tuple[str, ...]  # batch ids whose files were moved into the store
    discarded: tuple[str, ...]  # staging folders deleted
    store_busy: bool  # an ingestion held the store: its staging was left for the next sweep
    rejected_removed: int = 0

    def as_text(self) -> str:
        busy = "；存储正被导入占用，暂存目录留待下次清理" if self.store_busy else ""
        return (
            f"清理：删除过期上传暂存文件 {self.spool_removed} 个，补完已登记批次 {len(self.published)} 个，"
            f"删除未完成的写入目录 {len(self.discarded)} 个，删除过期的无法读取收件 {self.rejected_removed} 个{busy}。"
        )


def _recorded(batch_id: str) -> bool:
    return LoanBatch.objects.filter(batch_id=batch_id, outcome=BatchOutcome.ACCEPTED).exists()


def loans_sweep(*, max_age: float | None = None, now: float | None = None) -> SweepSummary:
    removed = spool_sweep(max_age=settings.FINSUP_LOAN_SPOOL_MAX_AGE if max_age is None else max_age, now=now)
    rejected = rejected_sweep(Path(settings.FINSUP_LOAN_INBOX), max_age=settings.FINSUP_LOAN_REJECTED_MAX_AGE, now=now)
    store = store_dir()
    published: list[str] = []
    discarded: list[str] = []
    busy = False
    if staging.staging_root(store).is_dir():
        with keyring.store_lock(store, exclusive=True, wait=False) as held:
            busy = not held
            if held:
                published, discarded = staging.recover(store, _recorded)
    summary = SweepSummary(removed, tuple(published), tuple(discarded), busy, rejected)
    if removed or published or discarded or rejected:
        log.warning("loan sweep: %s", summary.as_text())
    if published:
        from .evaluation import loans_evaluate

        recorded = LoanBatch.objects.filter(batch_id__in=published).select_related("institution")
        institutions = {b.institution_id: b.institution for b in recorded}
        loans_evaluate(as_of=clock.today(), institutions=list(institutions.values()))
    return summary
