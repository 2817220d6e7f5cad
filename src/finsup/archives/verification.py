"""Holding an archive package against the database and the audit trail.

For each file the entry archived: it is in the package, its SHA-256 there is the one archived
(ArchiveItem, append-only), the record it came from still stores that SHA-256 (the document's
pdf_sha256, the evidence file's sha256), and the audit entry that recorded it is intact and
recorded the same. The manifest must be the one archived (its SHA-256 is on the entry and in the
entry's own audit record), and the package may hold no file the entry does not list. Every
difference is reported, in words, with what differs; nothing is written."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from finsup.audit.selectors import recorded_value, recorded_values
from finsup.documents.selectors import document_files

from .models import ArchiveEntry, ArchiveItem
from .package import CATALOGUE, FIXED, MANIFEST
from .registry import matter_kind
from .services import DOCUMENT_TYPE


@dataclass
class VerifyReport:
    number: str = ""
    entry: ArchiveEntry | None = None
    checked: int = 0  # files held against the database and the trail
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.entry is not None and not self.problems


def _short(digest) -> str:
    return f"{digest}"[:16] + "…" if digest else "—"


def package_verify(*, content: bytes, actor=None) -> VerifyReport:
    """The report on one package. With `actor`, only an entry the actor may see is found (the page);
    without, any (the command, run by the operator)."""
    report = VerifyReport()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        manifest_raw = archive.read(MANIFEST)
        manifest = json.loads(manifest_raw)
        report.number = str(manifest["archive_number"])
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
        report.problems.append(_("This is not an archive package: a ZIP with its manifest.json is expected."))
        return report
    entries = ArchiveEntry.objects.for_user(actor) if actor is not None else ArchiveEntry.objects.all()
    entry = entries.select_related("office").filter(number=report.number).first()
    if entry is None:
        report.problems.append(_("No archive entry has the number {number}.").format(number=report.number))
        return report
    report.entry = entry
    _check_manifest(report, entry, manifest_raw)
    items = list(entry.items.order_by("position"))
    stored = _stored_digests(entry, items)
    for item in items:
        report.checked += 1
        _check_item(report, archive, names, item, stored.get((item.source_type, item.source_id)))
    for name in sorted(names - {i.name for i in items} - set(FIXED)):
        report.problems.append(_("“{name}”: this file is not part of the archived matter.").format(name=name))
    if CATALOGUE not in names:
        report.problems.append(_("The catalogue ({name}) is missing from the package.").format(name=CATALOGUE))
    return report


def _check_manifest(report: VerifyReport, entry: ArchiveEntry, raw: bytes) -> None:
    actual = hashlib.sha256(raw).hexdigest()
    if actual != entry.manifest_sha256:
        report.problems.append(
            _(
                "manifest.json differs from the one archived: SHA-256 {actual} in the package, {archived} archived."
            ).format(actual=_short(actual), archived=_short(entry.manifest_sha256))
        )
    recorded = recorded_values(object_type="archives.archiveentry", object_ids=[entry.pk], key="manifest_sha256")
    audit = recorded.get(str(entry.pk))
    if audit is None or not audit.intact or audit.value != entry.manifest_sha256:
        report.problems.append(_("The audit trail does not confirm this archive entry's manifest."))


def _stored_digests(entry: ArchiveEntry, items: list[ArchiveItem]) -> dict[tuple[str, str], str]:
    """What the records the files came from store today, by (source type, id)."""
    stored: dict[tuple[str, str], str] = {}
    documents = document_files(int(i.source_id) for i in items if i.source_type == DOCUMENT_TYPE)
    for document in documents.values():
        stored[(DOCUMENT_TYPE, str(document.id))] = document.pdf_sha256
    kind = matter_kind(entry.kind)
    matter = kind.load(entry.object_id, lock=False) if kind is not None else None
    for attachment in matter.attachments if matter is not None else []:
        stored[(attachment.audit_type, str(attachment.audit_id))] = attachment.sha256
    return stored


def _check_item(report: VerifyReport, archive, names: set[str], item: ArchiveItem, stored: str | None) -> None:
    problems = report.problems
    if item.name not in names:
        problems.append(_("“{name}” is missing from the package.").format(name=item.name))
    else:
        actual = hashlib.sha256(archive.read(item.name)).hexdigest()
        if actual != item.sha256:
            problems.append(
                _("“{name}” has been altered: SHA-256 {actual} in the package, {archived} archived.").format(
                    name=item.name, actual=_short(actual), archived=_short(item.sha256)
                )
            )
    if stored != item.sha256:
        problems.append(
            _("“{name}”: its record now stores SHA-256 {stored}, {archived} was archived.").format(
                name=item.name, stored=_short(stored), archived=_short(item.sha256)
            )
        )
    if item.audit_seq is None:
        problems.append(_("“{name}”: no audit entry records its SHA-256.").format(name=item.name))
        return
    recorded = recorded_value(
        seq=item.audit_seq, object_type=item.source_type, object_id=item.source_id, key=item.audit_key
    )
    if recorded is None or not recorded.intact:
        problems.append(
            _("“{name}”: audit entry no. {seq} is missing or has been altered.").format(
                name=item.name, seq=item.audit_seq
            )
        )
    elif recorded.value != item.sha256:
        problems.append(
            _("“{name}”: audit entry no. {seq} recorded SHA-256 {recorded}, {archived} was archived.").format(
                name=item.name, seq=item.audit_seq, recorded=_short(recorded.value), archived=_short(item.sha256)
            )
        )
