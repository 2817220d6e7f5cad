"""Writing official documents: draft, revise, check (核稿), sign off (签发). Every write is atomic
and audited.

A document is a series of versions (rows sharing `series`). Drafts carry the placeholder number
`临金办检〔 〕号`. The latest draft is checked by a lead supervisor or leader of the issuing office
(or above it) who did not draft that version; a revision after the check is a new draft, checked
again. A leader of the issuing office itself signs the checked version off: that gives it the next
number of the office, year and word under a row lock on the counter, renders the DOCX and the PDF
with that number and the day of signing, stores both with their SHA-256 and locks the series: no
revision and no second sign-off afterwards. A document addressed to the institution it concerns is
delivered to it in the platform in the same transaction (finsup.documents.delivery). Whoever
drafts (an inspector recording a step) can never number a document alone.

The sign-off stores the numbered DOCX and its SHA-256 inside the transaction, with the counter
locked (fast: no LibreOffice), and queues the PDF when it commits (finsup.documents.queue). The
PDF state of the final version is then pending; the worker converts the stored DOCX outside any
lock and stores the PDF and its SHA-256 in one write (`document_pdf_convert`: a failure leaves no
file and no sha), retries a failed conversion with a back-off (PDF_RETRY_DELAYS) and after the
last attempt marks it failed, in the audit trail and in a notification to the signer; staff
retry from the document (`document_pdf_retry`). Files are written before the transaction
commits: a failure in these services deletes them, and a step that issues documents runs in
`documents_step`, which deletes them when the step fails after they were written
(tests/documents/test_finalise_failure.py, tests/inspections/test_issuing_failure.py).

Which roles may draft which kind is the calling workflow's decision (inspections, interviews,
measures); these services check jurisdiction (the drafter is staff of the issuing office or above
it, the institution is under the issuing office) and the office's rule of who checks and who signs
(finsup.accounts.policies: DOCUMENT_CHECK, DOCUMENT_SIGN_OFF). Procedures that record the numbers
of their documents listen to `signals.signed_off`.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.lifecycle import Lifecycle, move, refused_move
from finsup.notifications.services import notify

from . import delivery, pdf, queue, signals
from .builders import Sheet, render
from .choices import ALLOWED_TRANSITIONS, KIND_WORDS, DocumentKind, DocumentStatus, PdfState, document_title
from .context import validate
from .errors import Code
from .models import DocumentCounter, OfficialDocument

DRAFT_NUMBER = "{prefix}{word}〔 〕号"
FINAL_NUMBER = "{prefix}{word}〔{year}〕{seq}号"
# A document has no event table: its finalisation is in the audit trail. The series is checked
# before (_lock_for_finalise: no version final yet, the latest one only), with its own refusals.
_REFUSAL = refused_move(gettext_lazy("A document that is “%(from)s” cannot become “%(to)s”."), DocumentStatus)
DOCUMENT = Lifecycle(
    model=OfficialDocument, table=ALLOWED_TRANSITIONS, refusal=_REFUSAL, changed_at_field="finalised_at"
)
DOCUMENT_CHECK = Lifecycle(
    model=OfficialDocument, table=ALLOWED_TRANSITIONS, refusal=_REFUSAL, changed_at_field="checked_at"
)
# After a failed conversion, the next attempt waits this long; after the last one the PDF is failed.
PDF_RETRY_DELAYS = (datetime.timedelta(seconds=30), datetime.timedelta(minutes=5))
PDF_ATTEMPTS = len(PDF_RETRY_DELAYS) + 1
log = logging.getLogger(__name__)
_STEP_FILES: ContextVar[list[str] | None] = ContextVar("documents_step_files", default=None)


@contextlib.contextmanager
def documents_step():
    """The transaction of a step that issues documents. If the step fails after documents were
    stored (here or later in the caller: the record of what was issued, a status change), its
    rollback takes the rows and the numbers back and this deletes their files: no numbered DOCX
    or PDF is left on disk that the register does not hold. Only a step nested in a transaction
    that rolls back after the step succeeded escapes it; the steps are the outermost transaction
    of their views and commands."""
    outer, names = _STEP_FILES.get(), []
    token = _STEP_FILES.set(names)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for name in names:
            default_storage.delete(name)
        raise
    finally:
        _STEP_FILES.reset(token)
    if outer is not None:  # the enclosing step deletes them too if it fails later
        outer.extend(names)


@transaction.atomic
def document_draft(*, kind, office, institution=None, context: dict, by, subject=None) -> OfficialDocument:
    """Version 1 of a new document, a draft with its DOCX (no number yet)."""
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise ApplicationError(
            _("Unknown kind of document: {kind}").format(kind=kind), field="kind", code=Code.UNKNOWN_DOCUMENT_KIND
        ) from None
    require(by, None, office=office, **_ISSUER)
    _check_under_office(office, institution)
    context = validate(kind, context)
    document = _new_version(
        OfficialDocument(
            kind=kind,
            office=office,
            institution=institution,
            content_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
            object_id=subject.pk if subject is not None else None,
            word=KIND_WORDS[kind],
            title=document_title(kind, context),
        ),
        context=context,
        by=by,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=document,
        changes={
            "kind": [None, kind.value],
            "series": [None, str(document.series)],
            "version": [None, 1],
            "institution": [None, institution.pk if institution is not None else None],
            "docx_sha256": [None, document.docx_sha256],
        },
    )
    return document


@transaction.atomic
def document_revise(*, document: OfficialDocument, context: dict, by) -> OfficialDocument:
    """A new version of the series with a new context; earlier versions stay as they were."""
    versions = _lock_series(document)
    require(by, None, office=document.office, **_ISSUER)
    _check_under_office(document.office, document.institution)
    if any(v.status == DocumentStatus.FINAL for v in versions):
        raise InvalidTransition(
            _("This document is signed off and can no longer be revised."), code=Code.DOCUMENT_FINAL
        )
    latest = versions[-1]
    clean = validate(latest.kind, context)
    fields = ("kind", "office", "institution", "content_type", "object_id", "series", "word")
    title = document_title(latest.kind, clean)  # a request's title follows its matter
    revision = _new_version(
        OfficialDocument(**{f: getattr(latest, f) for f in fields}, title=title, version=latest.version + 1),
        context=clean,
        by=by,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=revision,
        changes={
            "series": [None, str(revision.series)],
            "version": [latest.version, revision.version],
            "context": [latest.context, clean],
            "docx_sha256": [None, revision.docx_sha256],
        },
    )
    return revision


@transaction.atomic
def document_check(*, document: OfficialDocument, by, note: str = "") -> OfficialDocument:
    """核稿: the latest draft is checked by a lead supervisor or leader of the issuing office or
    above it who did not draft this version."""
    versions = _lock_series(document)
    latest = _latest_open(versions, document)
    require(by, Action.DOCUMENT_CHECK, office=latest.office, **_CHECKER)
    if latest.status != DocumentStatus.DRAFT:
        raise InvalidTransition(_("This version is already checked."), code=Code.ALREADY_CHECKED)
    if latest.created_by_id == by.pk:
        raise InvalidTransition(
            _("A draft is checked by someone other than the person who drafted it."), code=Code.CHECKER_IS_DRAFTER
        )
    checked, _event = move(
        latest,
        to=DocumentStatus.CHECKED,
        by=by,
        note=note,
        lifecycle=DOCUMENT_CHECK,
        locked=True,
        fields={"checked_by": by},
    )
    return checked


def document_sign_off(*, document: OfficialDocument, by) -> OfficialDocument:
    return documents_sign_off(documents=[document], by=by)[0]


@transaction.atomic
def documents_sign_off(*, documents: list[OfficialDocument], by) -> list[OfficialDocument]:
    """签发: a leader of the issuing office signs checked documents off, which numbers them in the
    order given, dates them today, stores their numbered DOCX and locks them. Their PDFs are
    queued for the worker when the transaction commits (pending until then)."""
    if len({d.series for d in documents}) != len(documents):
        raise ApplicationError(_("A document can be signed off only once."), code=Code.ALREADY_FINALISED)
    locked = {}
    for document in sorted(documents, key=lambda d: d.pk):  # one lock order: no deadlock
        locked[document.pk] = _lock_for_sign_off(document, by)
    targets = [locked[d.pk] for d in documents]
    today = clock.today()
    counters = _lock_counters(targets, today.year)
    numbered = []
    for document in targets:
        counter = counters[(document.office_id, document.word)]
        counter.last += 1
        number = FINAL_NUMBER.format(
            prefix=_prefix(document.office), word=document.word, year=today.year, seq=counter.last
        )
        numbered.append(_Numbered(document, counter.last, number))
    stored: list[str] = []
    try:
        now = clock.now()
        for n in numbered:
            docx = render(_sheet(n.document, number=n.number, date=today, signer=_person_name(by)))
            _finalise_row(n, docx, year=today.year, at=now, by=by, stored=stored)
        for counter in counters.values():
            counter.save(update_fields=["last"])
        finals = [n.document for n in numbered]
        delivery.deliver_signed(finals, by=by, at=now)
        signals.signed_off.send(sender=OfficialDocument, documents=finals)
        for document in finals:
            queue.enqueue_pdf(document.pk)
        if queue.runs_at_once():  # converted already: the caller sees the PDF
            for document in finals:
                document.refresh_from_db(fields=["pdf", "pdf_sha256", "pdf_state", "pdf_attempts", "pdf_error"])
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return finals


def document_pdf_convert(*, document_id: int) -> str:
    """The worker's step: converts the stored DOCX of a final version whose PDF is pending, and
    stores the PDF with its SHA-256 in one write. A failed conversion is an attempt: retried after
    a back-off, failed after the last (audited, the signer told). Runs outside any transaction in
    the worker: LibreOffice takes seconds, and no lock is held meanwhile. Returns the PDF state."""
    document = OfficialDocument.objects.select_related("office").filter(pk=document_id).first()
    if document is None or document.pdf_state != PdfState.PENDING:
        return document.pdf_state if document is not None else ""  # done already, or retried by staff
    try:
        with document.docx.open("rb") as handle:
            docx = handle.read()
        if _sha256(docx) != document.docx_sha256:
            raise ApplicationError(
                _("The stored DOCX does not match its SHA-256; the PDF was not made."), code=Code.DOCX_ALTERED
            )
        return _pdf_store(document_id, pdf.docx_to_pdf(docx))
    except Exception as error:  # the attempt failed, whatever failed: it is counted and retried
        if not isinstance(error, ApplicationError):
            log.exception("PDF of document %s not made", document_id)
        return _pdf_attempt_failed(document_id, error)


@transaction.atomic
def document_pdf_retry(*, document: OfficialDocument, by) -> OfficialDocument:
    """Staff (a lead supervisor or leader of the issuing office or above) queue a failed PDF again,
    with a fresh count of attempts."""
    document = OfficialDocument.objects.select_for_update(of=("self",)).select_related("office").get(pk=document.pk)
    require(by, Action.DOCUMENT_CHECK, office=document.office, **_PDF_RETRIER)
    if document.pdf_state != PdfState.FAILED:
        raise InvalidTransition(
            _("Only a PDF that failed can be made again; this one is “{state}”.").format(
                state=document.get_pdf_state_display()
            ),
            code=Code.PDF_NOT_FAILED,
        )
    changes = {"pdf_state": [document.pdf_state, PdfState.PENDING], "pdf_attempts": [document.pdf_attempts, 0]}
    document.pdf_state, document.pdf_attempts, document.pdf_error = PdfState.PENDING, 0, ""
    document.save(update_fields=["pdf_state", "pdf_attempts", "pdf_error"])
    audit_record(action=AuditAction.UPDATE, obj=document, changes=changes)
    queue.enqueue_pdf(document.pk)
    return document


def documents_pdf_requeue(*, documents) -> int:
    """Queues the PDFs of these documents again if they are still pending (a queued task lost, e.g.
    the queue's table restored from an older backup): an operator's step (`finsup documents pdfs
    --requeue`). A task that finds its PDF made already does nothing."""
    ids = [d.pk for d in documents if d.pdf_state == PdfState.PENDING]
    with transaction.atomic():
        for pk in ids:
            queue.enqueue_pdf(pk)
    return len(ids)


def document_pdf_text(document: OfficialDocument) -> str:
    """The text of the stored PDF (pdftotext), for tests and search."""
    if not document.pdf:
        if document.pdf_state in (PdfState.PENDING, PdfState.FAILED):
            raise ApplicationError(
                _("The PDF of this document is not ready: {state}.").format(state=document.get_pdf_state_display()),
                code=Code.PDF_NOT_READY,
            )
        raise ApplicationError(_("This document has no PDF yet: only final documents have one."), code=Code.NO_PDF_YET)
    with document.pdf.open("rb") as handle:
        return pdf.pdf_text(handle.read())


# -- Steps ----------------------------------------------------------------------------------------


@dataclass
class _Numbered:
    document: OfficialDocument
    seq: int
    number: str


# Who may issue in the name of an office, for `require`: its staff or staff of an office above it
# (which roles, the calling workflow decides).
_ISSUER = {
    "denied": gettext_lazy("Only office staff may issue official documents."),
    "outside": gettext_lazy("You may not issue documents in the name of this office."),
}
_CHECKER = {
    "denied": gettext_lazy("Only a lead supervisor or a leader checks a draft before it is signed off."),
    "outside": gettext_lazy("You may not check documents of this office."),
}
_PDF_RETRIER = {
    "denied": gettext_lazy("Only a lead supervisor or a leader may have a PDF made again."),
    "outside": gettext_lazy("You may not act on documents of this office."),
}
_SIGNER = {
    "denied": gettext_lazy("Only a leader of the issuing office signs off an official document."),
    "outside": gettext_lazy("You may not sign off documents of this office."),
}


def _check_under_office(office, institution) -> None:
    if institution is not None and not office.contains(institution.county):
        raise ApplicationError(
            _("This institution is not under the jurisdiction of the issuing office."),
            field="institution",
            code=Code.INSTITUTION_OUTSIDE_ISSUER,
        )


def _lock_series(document: OfficialDocument) -> list[OfficialDocument]:
    # of=("self",): the institution is a nullable (outer) join, which PostgreSQL refuses to lock
    versions = list(
        OfficialDocument.objects.select_for_update(of=("self",))  # institution may be null: lock the row only
        .filter(series=document.series)
        .select_related("office", "institution")
        .order_by("version")
    )
    if not versions:
        raise ApplicationError(_("This document does not exist."), code=Code.DOCUMENT_NOT_FOUND)
    return versions


def _latest_open(versions: list[OfficialDocument], document: OfficialDocument) -> OfficialDocument:
    """The latest version, which must be `document`, of a series not yet signed off."""
    if any(v.status == DocumentStatus.FINAL for v in versions):
        raise InvalidTransition(_("This document is already signed off."), code=Code.DOCUMENT_FINAL)
    latest = versions[-1]
    if latest.pk != document.pk:
        raise InvalidTransition(
            _("Only the latest version ({version}) can be checked or signed off.").format(version=latest.version),
            code=Code.NOT_LATEST_VERSION,
        )
    return latest


def _lock_for_sign_off(document: OfficialDocument, by) -> OfficialDocument:
    versions = _lock_series(document)
    latest = _latest_open(versions, document)
    require(by, Action.DOCUMENT_SIGN_OFF, office=latest.office, **_SIGNER)
    if by.office_id != latest.office_id:
        raise PermissionDenied(
            _("A document is signed off by a leader of the office that issues it ({office}).").format(
                office=latest.office.name
            ),
            code=Code.SIGNER_OF_ANOTHER_OFFICE,
        )
    _check_under_office(latest.office, latest.institution)
    if latest.status != DocumentStatus.CHECKED:
        raise InvalidTransition(
            _("This version has not been checked yet: a draft is checked before it is signed off."),
            code=Code.NOT_CHECKED,
        )
    return latest


def _lock_counters(documents: list[OfficialDocument], year: int) -> dict[tuple[int, str], DocumentCounter]:
    keys = sorted({(d.office_id, d.word) for d in documents})
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(office_id=office_id, year=year, word=word, last=0) for office_id, word in keys],
        ignore_conflicts=True,
    )
    return {
        (office_id, word): DocumentCounter.objects.select_for_update().get(office_id=office_id, year=year, word=word)
        for office_id, word in keys
    }


def _finalise_row(n: _Numbered, docx: bytes, *, year: int, at, by, stored: list[str]) -> None:
    document = n.document
    docx_name = _store(document, "docx", docx, year=year)
    stored.append(docx_name)
    docx_sha256 = _sha256(docx)
    move(
        document,
        to=DocumentStatus.FINAL,
        by=by,
        lifecycle=DOCUMENT,
        locked=True,  # the whole series is locked (_lock_for_finalise)
        at=at,
        fields={
            "number": n.number,
            "year": year,
            "seq": n.seq,
            "docx": docx_name,
            "docx_sha256": docx_sha256,
            "pdf_state": PdfState.PENDING,
            "finalised_by": by,
        },
        audit_changes={
            "status": [document.status, DocumentStatus.FINAL],
            "number": [None, n.number],
            "docx_sha256": [document.docx_sha256, docx_sha256],
            "pdf_state": [document.pdf_state, PdfState.PENDING],
        },
    )


def _pdf_store(document_id: int, content: bytes) -> str:
    """The PDF and its SHA-256 in one write: the file is deleted if the row is not updated."""
    name = ""
    try:
        with transaction.atomic():
            document = (
                OfficialDocument.objects.select_for_update(of=("self",)).select_related("office").get(pk=document_id)
            )
            if document.pdf_state != PdfState.PENDING:  # staff or another worker got there first
                return document.pdf_state
            name = _store(document, "pdf", content, year=document.year)
            sha256 = _sha256(content)
            document.pdf, document.pdf_sha256, document.pdf_state, document.pdf_error = name, sha256, PdfState.READY, ""
            document.pdf_attempts += 1
            document.save(update_fields=["pdf", "pdf_sha256", "pdf_state", "pdf_error", "pdf_attempts"])
            audit_record(
                action=AuditAction.UPDATE,
                obj=document,
                changes={"pdf_state": [PdfState.PENDING, PdfState.READY], "pdf_sha256": [None, sha256]},
            )
    except BaseException:
        if name:
            default_storage.delete(name)
        raise
    return PdfState.READY


@transaction.atomic
def _pdf_attempt_failed(document_id: int, error: Exception) -> str:
    document = OfficialDocument.objects.select_for_update(of=("self",)).select_related("office").get(pk=document_id)
    if document.pdf_state != PdfState.PENDING:
        return document.pdf_state
    message = (
        str(error.message) if isinstance(error, ApplicationError) else _("The PDF conversion failed unexpectedly.")
    )
    document.pdf_attempts += 1
    document.pdf_error = message[:300]
    if document.pdf_attempts < PDF_ATTEMPTS:
        document.save(update_fields=["pdf_attempts", "pdf_error"])
        queue.enqueue_pdf(
            document.pk, delay=None if queue.runs_at_once() else PDF_RETRY_DELAYS[document.pdf_attempts - 1]
        )
        return PdfState.PENDING
    document.pdf_state = PdfState.FAILED
    document.save(update_fields=["pdf_state", "pdf_attempts", "pdf_error"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=document,
        changes={
            "pdf_state": [PdfState.PENDING, PdfState.FAILED],
            "pdf_attempts": [None, document.pdf_attempts],
            "pdf_error": [None, document.pdf_error],
        },
    )
    notify(
        users=[document.finalised_by],
        title=_("The PDF of {number} could not be made").format(number=document.number),
        body=_("{attempts} attempts failed: {error} Staff may try again from the document.").format(
            attempts=document.pdf_attempts, error=document.pdf_error
        ),
        url=reverse("documents:pdf", args=[document.pk]),
    )
    return PdfState.FAILED


def _new_version(document: OfficialDocument, *, context: dict, by) -> OfficialDocument:
    document.context, document.created_by, document.created_at = context, by, clock.now()
    document.save(force_insert=True)
    _render_draft(document)
    return document


def _render_draft(document: OfficialDocument) -> None:
    content = render(
        _sheet(document, number=DRAFT_NUMBER.format(prefix=_prefix(document.office), word=document.word), date=None)
    )
    year = timezone.localtime(document.created_at).year
    document.docx.name = _store(document, "docx", content, year=year, suffix="-draft")
    document.docx_sha256 = _sha256(content)
    document.save(update_fields=["docx", "docx_sha256"])


def _person_name(user) -> str:
    return str(user)  # the full name, else the user name


def _sheet(document: OfficialDocument, *, number: str, date, signer: str = "") -> Sheet:
    context = document.context
    return Sheet(
        kind=document.kind,
        title=document.title,
        issuer=document.office.full_name,  # the red header's full name: 临沂市兰山区金融工作办公室
        number=number,
        institution=context.get("institution_name") or (document.institution.name if document.institution else ""),
        date=date,
        context=context,
        signer=signer,
    )


def _prefix(office) -> str:
    return office.document_prefix or office.short_name


def _store(document: OfficialDocument, ext: str, content: bytes, *, year: int, suffix: str = "") -> str:
    """documents/<year>/<office code>/<id>-v<version>[-draft].<ext>; the storage never overwrites
    (an existing name gets a new one)."""
    name = f"documents/{year}/{document.office.code}/{document.pk}-v{document.version}{suffix}.{ext}"
    stored = default_storage.save(name, ContentFile(content))
    step = _STEP_FILES.get()
    if step is not None:
        step.append(stored)
    return stored


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
