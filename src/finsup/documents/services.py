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

The PDF is rendered inside the transaction, with the counter locked: if LibreOffice is missing
or fails, nothing is stored and no number is used, so numbers have no gaps. Finalisations of the
same office, year and word wait for each other meanwhile (a few seconds each). Files are written
before the transaction commits: a failure in these services deletes them, and a step that issues
documents runs in `documents_step`, which deletes them when the step fails after they were
written (tests/documents/test_finalise_failure.py, tests/inspections/test_issuing_failure.py).

Which roles may draft which kind is the calling workflow's decision (inspections, interviews,
measures); these services check jurisdiction (the drafter is staff of the issuing office or above
it, the institution is under the issuing office) and the office's rule of who checks and who signs
(finsup.accounts.policies: DOCUMENT_CHECK, DOCUMENT_SIGN_OFF). Procedures that record the numbers
of their documents listen to `signals.signed_off`.
"""

from __future__ import annotations

import contextlib
import hashlib
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.lifecycle import Lifecycle, move, refused_move

from . import delivery, pdf, signals
from .builders import Sheet, render
from .choices import ALLOWED_TRANSITIONS, KIND_WORDS, DocumentKind, DocumentStatus, document_title
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
    order given (one LibreOffice run for all PDFs), dates them today and locks them."""
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
    docx = [render(_sheet(n.document, number=n.number, date=today, signer=_person_name(by))) for n in numbered]
    pdfs = pdf.docx_to_pdf_many(docx)
    stored: list[str] = []
    try:
        now = clock.now()
        for n, docx_bytes, pdf_bytes in zip(numbered, docx, pdfs, strict=True):
            _finalise_row(n, docx_bytes, pdf_bytes, year=today.year, at=now, by=by, stored=stored)
        for counter in counters.values():
            counter.save(update_fields=["last"])
        finals = [n.document for n in numbered]
        delivery.deliver_signed(finals, by=by, at=now)
        signals.signed_off.send(sender=OfficialDocument, documents=finals)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return finals


def document_pdf_text(document: OfficialDocument) -> str:
    """The text of the stored PDF (pdftotext), for tests and search."""
    if not document.pdf:
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


def _finalise_row(n: _Numbered, docx: bytes, pdf_bytes: bytes, *, year: int, at, by, stored: list[str]) -> None:
    document = n.document
    docx_name = _store(document, "docx", docx, year=year)
    stored.append(docx_name)
    pdf_name = _store(document, "pdf", pdf_bytes, year=year)
    stored.append(pdf_name)
    docx_sha256, pdf_sha256 = _sha256(docx), _sha256(pdf_bytes)
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
            "pdf": pdf_name,
            "docx_sha256": docx_sha256,
            "pdf_sha256": pdf_sha256,
            "finalised_by": by,
        },
        audit_changes={
            "status": [document.status, DocumentStatus.FINAL],
            "number": [None, n.number],
            "docx_sha256": [document.docx_sha256, docx_sha256],
            "pdf_sha256": [None, pdf_sha256],
        },
    )


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
