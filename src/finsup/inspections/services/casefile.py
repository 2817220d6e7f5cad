"""The case file of an inspection (案卷), for the archive: one ZIP with the official documents
(DOCX and PDF), the evidence files with an index of their names and SHA-256, the timeline of the
inspection, and an index (目录) as DOCX and PDF set with the documents app's page layout."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import PermissionDenied
from finsup.documents import layout, pdf
from finsup.documents.selectors import documents_by_id

from ..choices import FindingStatus, InspectionStatus, RectificationDecisionKind
from ..errors import Code
from ..models import (
    EvidenceFile,
    Finding,
    FindingEscalation,
    FollowUpVisit,
    Inspection,
    InspectionEvent,
    IssuedDocument,
    RectificationDecision,
    RectificationReport,
)
from .common import OUTSIDE


@dataclass(frozen=True)
class CaseEvent:
    at: datetime.datetime
    text: str


@dataclass(frozen=True)
class CaseEntry:
    name: str  # path inside the ZIP
    sha256: str
    size: int
    label: str


def casefile_name(inspection: Inspection) -> str:
    return f"inspection-{inspection.pk}-casefile.zip"


def casefile_build(inspection: Inspection, by) -> bytes:
    """The ZIP of the whole inspection; staff of an office over the institution only. Audited."""
    inspection = Inspection.objects.select_related("institution__county", "office").get(pk=inspection.pk)
    if by.is_institution_user:
        raise PermissionDenied(_("Only supervision staff may export a case file."), code=Code.CASE_FILE_STAFF_ONLY)
    require(by, Action.INSPECTION_VIEW, office=inspection.institution.county, denied=OUTSIDE)
    entries: list[CaseEntry] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, content: bytes, label: str) -> None:
            archive.writestr(name, content)
            entries.append(CaseEntry(name, hashlib.sha256(content).hexdigest(), len(content), label))

        documents = _documents(inspection)
        for n, (issued, document) in enumerate(documents, start=1):
            stem = f"documents/{n:02d}-{issued.kind}"
            label = f"{issued.title} {issued.number}".strip()
            for field, ext in ((document.docx, "docx"), (document.pdf, "pdf")):
                if field:
                    with default_storage.open(field.name, "rb") as handle:
                        put(f"{stem}.{ext}", handle.read(), label)
        evidence_rows = []
        for n, evidence in enumerate(EvidenceFile.objects.filter(inspection=inspection).order_by("uploaded_at", "pk")):
            with default_storage.open(evidence.file.name, "rb") as handle:
                content = handle.read()
            actual = hashlib.sha256(content).hexdigest()
            name = f"evidence/{n + 1:03d}-{evidence.original_name}"
            put(name, content, evidence.description or evidence.original_name)
            evidence_rows.append((name, evidence, actual))
        events = inspection_case_events(inspection)
        put("evidence-index.csv", _evidence_csv(evidence_rows), _("Evidence index"))
        put("timeline.csv", _timeline_csv(events), _("Timeline of the inspection"))
        index_docx = _index_docx(inspection, documents, evidence_rows, events, by)
        put("index.docx", index_docx, _("Index of the case file"))
        archive.writestr("index.pdf", pdf.docx_to_pdf(index_docx))
        archive.writestr("SHA256SUMS", "".join(f"{e.sha256}  {e.name}\n" for e in entries))
    content = buffer.getvalue()
    audit_record(
        action=AuditAction.EXPORT,
        obj=inspection,
        changes={
            "casefile": [None, casefile_name(inspection)],
            "sha256": [None, hashlib.sha256(content).hexdigest()],
            "entries": [None, len(entries) + 2],
        },
    )
    return content


def _documents(inspection: Inspection) -> list[tuple[IssuedDocument, object]]:  # with its OfficialDocument
    issued = list(
        IssuedDocument.objects.filter(inspection=inspection, document_id__isnull=False).order_by("issued_at", "pk")
    )
    rows = documents_by_id(i.document_id for i in issued)
    return [(i, rows[i.document_id]) for i in issued if i.document_id in rows]


def inspection_case_events(inspection: Inspection) -> list[CaseEvent]:
    """Every step of one inspection and of its findings' rectification, in time order."""
    events = [CaseEvent(inspection.created_at, _("Inspection planned: %(title)s") % {"title": inspection.title})]
    for e in InspectionEvent.objects.filter(inspection=inspection):
        text = InspectionStatus(e.to_status).label
        events.append(CaseEvent(e.at, f"{text}：{e.note}" if e.note else str(text)))
    findings = Finding.objects.filter(inspection=inspection)
    for f in findings:
        events.append(CaseEvent(f.created_at, _("Finding recorded: %(title)s") % {"title": f.title}))
        if f.closed_at and f.status == FindingStatus.CLOSED:
            events.append(CaseEvent(f.closed_at, _("Finding closed: %(title)s") % {"title": f.title}))
    for r in RectificationReport.objects.filter(finding__in=findings).select_related("finding"):
        text = _("Rectification report (version %(version)s) filed: %(title)s")
        events.append(CaseEvent(r.submitted_at, text % {"version": r.version, "title": r.finding.title}))
    for d in RectificationDecision.objects.filter(finding__in=findings).select_related("finding"):
        text = _("Rectification %(decision)s: %(title)s") % {
            "decision": RectificationDecisionKind(d.decision).label,
            "title": d.finding.title,
        }
        events.append(CaseEvent(d.at, text))
    for s in FindingEscalation.objects.filter(finding__in=findings).select_related("finding"):
        text = _("Rectification of “%(title)s” overdue: escalated (step %(level)s)") % {
            "title": s.finding.title,
            "level": s.level,
        }
        events.append(CaseEvent(_start_of(s.on_date), text))
    for v in FollowUpVisit.objects.filter(inspection=inspection):
        events.append(CaseEvent(_start_of(v.visited_on), _("Follow-up visit: %(notes)s") % {"notes": v.notes}))
    for i in IssuedDocument.objects.filter(inspection=inspection):
        events.append(CaseEvent(i.issued_at, f"{i.title} {i.number}".strip()))
    return sorted(events, key=lambda e: e.at)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _local(at: datetime.datetime) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}"


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets Excel read the Chinese


def _evidence_csv(rows) -> bytes:
    header = [_("file in the case file"), _("original name"), _("SHA-256"), _("size (bytes)"), _("intact")]
    body = [
        [name, e.original_name, e.sha256, str(e.size), _("yes") if actual == e.sha256 else _("no")]
        for name, e, actual in rows
    ]
    return _csv([header, *body])


def _timeline_csv(events: list[CaseEvent]) -> bytes:
    return _csv([[_("time"), _("event")], *[[_local(e.at), e.text] for e in events]])


def _index_docx(inspection, documents, evidence_rows, events, by) -> bytes:
    institution = inspection.institution
    doc = layout.new_document()
    layout.title(doc, _("Case file of the on-site inspection"))
    layout.body(doc, institution.name, lead=_("Institution: "))
    layout.body(doc, inspection.title, lead=_("Inspection: "))
    period = f"{inspection.planned_start:%Y-%m-%d} — {inspection.planned_end:%Y-%m-%d}"
    layout.body(doc, f"{inspection.office.name}，{period}", lead=_("Conducted by: "))
    layout.heading(doc, _("1. Official documents"))
    for n, (issued, document) in enumerate(documents, start=1):
        layout.body(doc, f"{n}. {issued.title} {issued.number}（{_local(issued.issued_at)}）")
        if document.is_final and not document.pdf:  # the DOCX is in the file; its PDF is not made yet
            layout.body(
                doc, _("PDF not in this file: {state}.").format(state=document.get_pdf_state_display()), indent_chars=4
            )
    if not documents:
        layout.body(doc, _("None."))
    layout.heading(doc, _("2. Evidence files"))
    for name, evidence, _actual in evidence_rows:
        layout.body(doc, f"{name}（{evidence.size} B）")
        layout.body(doc, f"SHA-256 {evidence.sha256}", indent_chars=4)
    if not evidence_rows:
        layout.body(doc, _("None."))
    layout.heading(doc, _("3. Timeline"))
    for e in events:
        layout.body(doc, f"{_local(e.at)}　{e.text}")
    layout.signature(doc, office=inspection.office.full_name, date=_chinese_date(clock.today()))
    return layout.to_bytes(doc, title=_("Case file of the on-site inspection"), author=str(by))
