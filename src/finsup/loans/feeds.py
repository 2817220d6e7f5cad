"""Receiving a microloan company's loan batch, whatever the channel (upload, inbox folder, API
push): one service validates and stores it (all or nothing, `ingest`), records the batch and its
report, and runs the loan rules for the company when new loans arrived.

A batch replayed (the same file, or a push of loan versions already held) changes neither the
store nor the warnings: it is recorded as "already imported" and nothing is re-evaluated.

Order, under the company's lock: the ingestion stages and seals the Parquet files outside the
store's glob; the batch is recorded (one transaction: the step that decides); the files are then
published into the store. Killed before the commit, the sealed folder is rolled back by the sweep
(sweep.py) and a re-upload is a new batch; killed after it, the sweep publishes the files and
evaluates the company. A file that cannot be read at all is a rejected batch whose ``problem``
holds the code of the reason (caps.py, errors.py).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import shutil
import time
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.institutions.choices import InstitutionKind

from . import keyring, staging
from .choices import BatchOutcome, FeedChannel
from .crash_points import checkpoint
from .errors import Code
from .evaluation import loans_evaluate
from .ingest import IngestError, IngestReport, Progress, ingest_file, ingest_records
from .models import LoanBatch
from .store import store_dir

LISTED_REJECTIONS = 200  # kept with the batch; the report text says how many there were


@contextlib.contextmanager
def company_lock(credit_code: str):
    """One ingestion at a time per company: replay detection reads what the last one wrote."""
    locks = store_dir() / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with keyring.store_lock(store_dir(), exclusive=False), open(locks / f"{credit_code}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check_feeder(institution) -> None:
    if institution.kind != InstitutionKind.MICROLOAN:
        raise ApplicationError(_("Only microloan companies feed loan-level data."), code=Code.NOT_A_FEEDER)


def loan_batch_receive(
    *,
    institution,
    channel: str,
    source_name: str,
    path: Path | None = None,
    records: list[Mapping[str, object]] | None = None,
    by=None,
    progress: Progress | None = None,
    evaluate: bool = True,
) -> LoanBatch:
    """Ingests one batch for ``institution`` (a file at ``path`` or pushed ``records``) and records it.
    Every row must be the institution's own. Returns the recorded batch, whatever its outcome; a
    file that cannot be read at all is a rejected batch whose ``problem`` says why (a code).

    The files are staged and sealed by the ingestion, the batch is recorded (the one atomic step),
    then the files are published into the store, all under the company's lock (staging.py: a crash
    at any point leaves nothing or a complete, recorded batch once the sweep has run)."""
    _check_feeder(institution)
    if (path is None) == (records is None):
        raise ValueError("give exactly one of path or records")
    started, problem, report = time.monotonic(), None, None
    with company_lock(institution.credit_code):
        try:
            if path is not None:
                report = ingest_file(
                    path, store_dir=store_dir(), company=institution.credit_code, progress=progress, publish=False
                )
            else:
                report = ingest_records(
                    records,
                    store_dir=store_dir(),
                    source=source_name,
                    company=institution.credit_code,
                    progress=progress,
                    publish=False,
                )
        except IngestError as exc:
            problem = exc
        staged = report.staged if report is not None else None
        if staged is not None:
            checkpoint("sealed")
        seconds = Decimal(time.monotonic() - started).quantize(Decimal("0.001"))
        try:
            batch = _record(institution, channel, source_name, report, seconds, by, problem)
        except BaseException:
            if staged is not None:
                staging.discard(staged)
            raise
        if staged is not None:
            checkpoint("recorded")
            staging.publish(store_dir(), staged)
            checkpoint("published")
    if evaluate and batch.outcome == BatchOutcome.ACCEPTED and batch.rows_written:
        loans_evaluate(as_of=clock.today(), institutions=[institution])
    return batch


def _outcome(report: IngestReport | None) -> str:
    if report is None or not report.accepted:
        return BatchOutcome.REJECTED
    if report.already_ingested or (report.rows_written == 0 and report.rows_replayed > 0):
        return BatchOutcome.DUPLICATE
    return BatchOutcome.ACCEPTED


# durable: the record must really commit before the files are published. Inside a caller's
# transaction a later rollback would drop the batch row and leave its files in the store.
@transaction.atomic(durable=True)
def _record(institution, channel, source_name, report, seconds, by, problem: IngestError | None) -> LoanBatch:
    if report is None:
        text, fields = f"整批未导入：{problem}", {"problem": problem.code}
    else:
        text = report.as_text()
        fields = dict(
            batch_id=report.batch_id,
            rows_read=report.rows_read,
            rows_written=report.rows_written,
            rows_replayed=report.rows_replayed,
            rejected_rows=report.rejected_rows,
            rejections=[
                {"row": r.row, "column": r.column, "reason": r.reason} for r in report.rejections[:LISTED_REJECTIONS]
            ],
        )
    batch = LoanBatch.objects.create(
        institution=institution,
        channel=channel,
        source_name=source_name[:200],
        outcome=_outcome(report),
        report=text,
        submitted_by=by,
        received_at=clock.now(),
        seconds=seconds,
        **fields,
    )
    audit_record(
        action=AuditAction.IMPORT if batch.outcome == BatchOutcome.ACCEPTED else AuditAction.REJECTED,
        obj=batch,
        changes={
            "outcome": [None, batch.outcome],
            "channel": [None, channel],
            "rows_read": [None, batch.rows_read],
            "rows_written": [None, batch.rows_written],
            "rejected_rows": [None, batch.rejected_rows],
        },
    )
    return batch


def discard_raw(path: Path, *, institution) -> Path | None:
    """After ingestion the raw file goes: deleted, or moved to FINSUP_LOAN_RAW_KEEP_DIR when an
    office has decided to keep raw files (it then holds clear identifiers: protect that folder)."""
    keep = settings.FINSUP_LOAN_RAW_KEEP_DIR
    if not keep:
        path.unlink(missing_ok=True)
        return None
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    target = Path(keep) / institution.credit_code / f"{stamp}-{path.name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), target)
    return target


__all__ = ["FeedChannel", "company_lock", "discard_raw", "loan_batch_receive", "store_dir"]
