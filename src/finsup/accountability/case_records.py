"""The records an oversight body reads through the cases it holds (finsup.core.scoping's case
reads): those linked to a case it may see, the discipline commission every case of the offices it
oversees, the other bodies the cases sent to them (selectors._visible). Each such read is audited."""

from __future__ import annotations

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.scoping import CaseRecords

from .models import CaseLink
from .selectors import case_list


def linked_records(user) -> dict[str, set[int]]:
    rows = CaseLink.objects.filter(case__in=case_list(actor=user)).values_list(
        "content_type__app_label", "content_type__model", "object_id"
    )
    records: dict[str, set[int]] = {}
    for app_label, model, pk in rows:
        records.setdefault(f"{app_label}.{model}", set()).add(pk)
    return records


def audit_read(user, label: str, pk: int) -> None:
    audit_record(
        action=AuditAction.READ,
        object_type=label,
        object_id=str(pk),
        office_path=user.office.path,
        subject=f"{label}:{pk}",
    )


SOURCE = CaseRecords(reader=linked_records, audit=audit_read)
