"""A licensing application as a matter of the archive (finsup.archives.registry), once decided
(approved or refused), kept by the county office it was filed with.

Retention, under 机关文件材料归档范围和文书档案保管期限规定 (国家档案局令第8号), by what was decided:

- an approved establishment or termination: 永久. It is the evidence of the institution's coming
  into being or its end (第三条(二) 凭证价值 for the rights of the state, of collectives and of
  citizens) and among the office's important business records (第七条(三) 重要业务文件材料);
- an approved change and any refused application: 定期30年, the office's ordinary business
  records (第八条(一) 一般性业务文件材料), kept the longer of the two fixed terms (第六条) because
  the registry's history and later applications of the same institution refer back to them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from finsup.archives.choices import Retention
from finsup.archives.registry import Attachment, Matter, MatterKind, register_matter_kind

from . import selectors
from .choices import ApplicationStatus, ApplicationType

KIND = "application"
PERMANENT_WHEN_APPROVED = (ApplicationType.ESTABLISH, ApplicationType.TERMINATE)


def retention_of(application) -> str:
    if application.status == ApplicationStatus.APPROVED and application.type in PERMANENT_WHEN_APPROVED:
        return Retention.PERMANENT
    return Retention.YEARS_30


def _load(pk: int, *, lock: bool) -> Matter | None:
    application = selectors.application_for_archive(pk=pk, lock=lock)
    if application is None:
        return None
    decided_at = selectors.application_decided_at(application=application)
    return Matter(
        kind=KIND,
        pk=application.pk,
        office=application.county,
        title=str(application),
        reference=application.decision_doc_no or str(application),
        closed=decided_at is not None,
        closed_at=decided_at,
        retention=retention_of(application),
        subject=application,
        url=reverse("licensing:application_detail", args=[application.pk]),
        institution_name=application.subject_name,
        attachments=[
            Attachment(
                name=d.original_name,
                title=d.title,
                path=d.file.name,
                sha256=d.sha256,
                size=d.size,
                date=timezone.localtime(d.uploaded_at).date(),
                audit_type="licensing.applicationdocument",
                audit_id=str(d.pk),
            )
            for d in selectors.application_files(application=application)
        ],
    )


def _visible(actor, pk: int) -> bool:
    return selectors.application_visible(actor=actor, pk=pk)


register_matter_kind(MatterKind(key=KIND, label=_("Licensing application"), load=_load, visible=_visible, order=20))
