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


def establishment_values(n: int = 900) -> dict:
    """What an establishment carries for the registry: credit code, capital (yuan), two shareholders
    (an enterprise and a person) and two executives."""
    from decimal import Decimal

    return {
        "credit_code": f.credit_code(n),
        "registered_capital": Decimal("100000000"),
        "paid_in_capital": Decimal("100000000"),
        "address": "临沂市兰山区沂蒙路1号",
        "legal_representative": "赵一",
        "shareholders": [
            {
                "name": "临沂发起投资有限公司",
                "holder_type": "enterprise",
                "identifier": f.credit_code(n + 1),
                "stake": Decimal("60"),
                "subscribed_capital": Decimal("60000000"),
            },
            {
                "name": "钱二",
                "holder_type": "person",
                "identifier": f.id_number(n + 2),
                "stake": Decimal("40"),
                "subscribed_capital": Decimal("40000000"),
            },
        ],
        "executives": [
            {"name": "赵一", "position": "chairman", "id_number": f.id_number(n + 3)},
            {"name": "孙三", "position": "general_manager", "id_number": f.id_number(n + 4)},
        ],
    }
