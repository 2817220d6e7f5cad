"""Builders for the licensing tests."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from finsup.institutions.models import KeyPerson
from finsup.reporting.models import Submission
from tests import factories as f

TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(y, m, d, h=10) -> datetime.datetime:
    return datetime.datetime(y, m, d, h, tzinfo=TZ)


def pdf(content: bytes = b"%PDF-1.4 resolution", name: str = "resolution.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def filing(inst, by, report_code, period_start, period_end, values, status="accepted", submitted_at=None):
    now = submitted_at or timezone.now()
    return Submission.objects.create(
        institution=inst,
        office=inst.county,
        report_code=report_code,
        report_version=1,
        period_start=period_start,
        period_end=period_end,
        status=status,
        values=values,
        channel="web",
        submitted_by=by,
        submitted_at=now,
        status_changed_at=now,
    )


def person(inst, name="李四", n=None, **fields) -> KeyPerson:
    from finsup.core.personal_data import lookup_hash

    id_no = fields.pop("id_number", None) or f.id_number(n)
    return KeyPerson.objects.create(
        institution=inst,
        name=name,
        position=fields.pop("position", "general_manager"),
        id_number=id_no,
        id_number_hash=lookup_hash(id_no),
        phone=fields.pop("phone", ""),
        **fields,
    )
