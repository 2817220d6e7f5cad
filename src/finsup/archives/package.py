"""The package of an archived matter: one ZIP with its official documents (PDF), its attachments,
the catalogue of the file (卷内目录) as an Excel workbook, the manifest (manifest.json: every file
with its SHA-256 and the audit entry that recorded it) and SHA256SUMS. Building it is an audited
export; `verification.package_verify` holds a package against the database and the audit trail."""

from __future__ import annotations

import hashlib
import io
import zipfile

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record

from .choices import Retention
from .models import ArchiveEntry, ArchiveItem
from .services import OUTSIDE, manifest_bytes

MANIFEST, SUMS, CATALOGUE = "manifest.json", "SHA256SUMS", "卷内目录.xlsx"
FIXED = (MANIFEST, SUMS, CATALOGUE)  # the files of every package besides the archived ones


def package_name(entry: ArchiveEntry) -> str:
    return f"{entry.number}.zip"


def package_build(*, actor, entry: ArchiveEntry) -> bytes:
    """The ZIP of the entry, for staff who may read the register of its office. Audited."""
    require(actor, Action.ARCHIVE_VIEW, office=entry.office, denied=OUTSIDE)
    items = list(entry.items.order_by("position"))
    sums: list[tuple[str, str]] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, content: bytes) -> None:
            archive.writestr(name, content)
            sums.append((hashlib.sha256(content).hexdigest(), name))

        for item in items:
            with default_storage.open(item.path, "rb") as handle:
                put(item.name, handle.read())
        put(CATALOGUE, catalogue_xlsx(entry, items))
        put(MANIFEST, manifest_bytes(entry, items))
        archive.writestr(SUMS, "".join(f"{digest}  {name}\n" for digest, name in sums))
    content = buffer.getvalue()
    audit_record(
        action=AuditAction.EXPORT,
        obj=entry,
        changes={
            "package": [None, package_name(entry)],
            "package_sha256": [None, hashlib.sha256(content).hexdigest()],
        },
    )
    return content


def catalogue_xlsx(entry: ArchiveEntry, items: list[ArchiveItem]) -> bytes:
    """卷内目录: the entry's heading, then one row per file: no., document number, title, date,
    pages, size, SHA-256 and the file's name in the package."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Catalogue")[:31]
    bold = Font(bold=True)
    sheet.append([_("Catalogue of the file")])
    sheet["A1"].font = Font(bold=True, size=14)
    heading = [
        (_("Archive number"), entry.number),
        (_("Title"), entry.title),
        (_("Kind of matter"), entry.kind_label),
        (_("Archiving office"), entry.office.name),
        (_("Retention period"), str(Retention(entry.retention).label)),
        (_("Closed on"), timezone.localtime(entry.closed_at).date()),
        (_("Archived on"), timezone.localtime(entry.archived_at).date()),
    ]
    for label, value in heading:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    headers = [
        _("No."),
        _("Document number"),
        _("Title"),
        _("Date"),
        _("Number of pages"),
        _("Size (bytes)"),
        _("SHA-256"),
        _("File in the package"),
    ]
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for item in items:
        sheet.append(
            [item.position, item.doc_number, item.title, item.date, item.pages, item.size, item.sha256, item.name]
        )
        sheet.cell(row=sheet.max_row, column=4).number_format = "yyyy-mm-dd"
        sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0"
    for column, width in zip("ABCDEFGH", (8, 24, 40, 12, 8, 14, 66, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=1, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
