"""An accountability case as a matter of the archive (finsup.archives.registry), once closed.

Retention: 永久. Under 机关文件材料归档范围和文书档案保管期限规定 (国家档案局令第8号) a case is kept
permanently: it decides the responsibility of the office's own staff or of a lower office for a
failure of its duties, which belongs with the records of the office's personnel and organisation
(第七条(五) 机构演变、人事任免等文件材料) and is among the office's important business records
(第七条(三) 重要业务文件材料); a sanction's record must outlive any fixed term, as the persons'
files do."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.archives.choices import Retention
from finsup.archives.registry import Matter, MatterKind, register_matter_kind

from . import selectors
from .choices import CaseStatus

KIND = "case"
RETENTION = Retention.PERMANENT


def _load(pk: int, *, lock: bool) -> Matter | None:
    case = selectors.case_for_archive(pk=pk, lock=lock)
    if case is None:
        return None
    return Matter(
        kind=KIND,
        pk=case.pk,
        office=case.office,
        title=case.title,
        reference=case.number,
        closed=case.status == CaseStatus.CLOSED,
        closed_at=case.closed_at,
        retention=RETENTION,
        subject=case,
        url=reverse("accountability:case_detail", args=[case.pk]),
    )


def _visible(actor, pk: int) -> bool:
    return selectors.case_visible(actor=actor, pk=pk)


register_matter_kind(MatterKind(key=KIND, label=_("Accountability case"), load=_load, visible=_visible, order=30))
