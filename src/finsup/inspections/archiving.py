"""An on-site inspection as a matter of the archive (finsup.archives.registry), once closed.

Retention: 定期30年. Under 机关文件材料归档范围和文书档案保管期限规定 (国家档案局令第8号), an
inspection's file is "本机关职能活动中形成的一般性业务文件材料" (第八条(一), fixed term) rather
than the "重要业务文件材料" kept permanently (第七条(三)); of the two fixed terms (第六条: 30 or 10
years) it takes 30 because it is evidence (第三条(二) 凭证价值) for what may follow over the long
term: the next inspections and their escalation, supervisory measures and penalties, ratings,
accountability for the office's own conduct of the inspection. A fixed-term file is appraised when
its term ends (not destroyed unseen). An office whose own 保管期限表 (第十二条) keeps inspections
with penalties longer changes it here."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from finsup.archives.choices import Retention
from finsup.archives.registry import Attachment, Matter, MatterKind, register_matter_kind

from . import selectors
from .choices import InspectionStatus

KIND = "inspection"
RETENTION = Retention.YEARS_30


def _load(pk: int, *, lock: bool) -> Matter | None:
    inspection = selectors.inspection_for_archive(pk=pk, lock=lock)
    if inspection is None:
        return None
    files = selectors.inspection_files(inspection=inspection)
    return Matter(
        kind=KIND,
        pk=inspection.pk,
        office=inspection.office,
        title=inspection.title,
        reference=inspection.title,
        closed=inspection.status == InspectionStatus.CLOSED,
        closed_at=inspection.closed_at,
        retention=RETENTION,
        subject=inspection,
        url=reverse("inspections:detail", args=[inspection.pk]),
        institution_name=inspection.institution.name,
        attachments=[
            Attachment(
                name=e.original_name,
                title=e.description or e.original_name,
                path=e.file.name,
                sha256=e.sha256,
                size=e.size,
                date=timezone.localtime(e.uploaded_at).date(),
                audit_type="inspections.evidencefile",
                audit_id=str(e.pk),
            )
            for e in files
        ],
    )


def _visible(actor, pk: int) -> bool:
    return selectors.inspection_visible(actor=actor, pk=pk)


register_matter_kind(MatterKind(key=KIND, label=_("On-site inspection"), load=_load, visible=_visible, order=10))
