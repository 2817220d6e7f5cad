"""Realistic records for the exchange's tests: accepted filings of a half-year, a rating cycle taken
through the services, a county's own report filed as a Submission with no institution, and the
validators of the published contracts (jsonschema-rs, draft 2020-12, formats checked)."""

from __future__ import annotations

import datetime
import json

import jsonschema_rs
from django.utils import timezone

from finsup.exchange.contract import COMMON, published_files, schema
from finsup.institutions.choices import InstitutionKind
from finsup.reporting import catalogue_access as cat
from finsup.reporting.models import Submission
from tests import factories as f

LANSHAN, LUOZHUANG, CITY = "371302", "371311", "371300"
# "Now" in these tests: well after 2026H1's deadlines (local time, Asia/Shanghai).
NOW = timezone.make_aware(datetime.datetime(2026, 11, 27, 10, 0))


def registry() -> jsonschema_rs.Registry:
    common = schema(COMMON)
    return jsonschema_rs.Registry([(common["$id"], common)])


def validator(kind: str, version: str = "1"):
    return jsonschema_rs.validator_for(
        schema(f"{kind}-v{version}.schema.json"), registry=registry(), validate_formats=True
    )


def errors(kind: str, document) -> list[str]:
    """The contract's complaints about `document`, read back from its exact bytes."""
    if isinstance(document, bytes):
        document = json.loads(document.decode("utf-8"))
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator(kind).iter_errors(document)]


def all_schema_files() -> list[str]:
    return published_files()


def _month(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, month, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _file(inst_or_office, code, period, status="accepted", *, version=1, days_after=5, filer=None, **values):
    start, end = period
    institution = None if inst_or_office.__class__.__name__ == "Office" else inst_or_office
    office = inst_or_office if institution is None else institution.county
    report = cat.catalogue()[code]
    return Submission.objects.create(
        institution=institution,
        office=office,
        report_code=code,
        report_version=report.version_for(end).version,
        period_start=start,
        period_end=end,
        version=version,
        status=status,
        values={k: str(v) for k, v in values.items()},
        channel="web",
        submitted_by=filer or f.make_user(f"filer{Submission.objects.count()}", "institution", institution=institution),
        submitted_at=_at(end + datetime.timedelta(days=days_after)),
        status_changed_at=_at(end + datetime.timedelta(days=days_after + 1)),
    )


def half_year_filings(world):
    """Lanshan: two microloan companies (one files every month, one misses June) and a guarantee
    company; Luozhuang: one microloan company. Figures in yuan, as the filings store them."""
    a, c = world.inst_lanshan, world.inst_luozhuang
    b = f.make_institution(LANSHAN, name="临沂市兰山区测试小额贷款有限公司")
    g = f.make_institution(LANSHAN, kind=InstitutionKind.GUARANTEE, name="临沂测试融资担保有限公司")
    for month in range(1, 7):
        for inst, scale in ((a, 1), (c, 3)):
            _file(
                inst,
                "ml_monthly_funding",
                _month(2026, month),
                loans_total=f"{12_000_000 * scale + month * 10_000}.00",
                npl_total=f"{600_000 * scale}.00",
                loan_loss_provisions=f"{900_000 * scale}.00",
                net_assets=f"{51_000_000 * scale}.00",
                nonstandard_funding_total=f"{6_000_000 * scale}.00",
            )
            _file(inst, "ml_monthly_business", _month(2026, month), disbursed_month=f"{2_000_000 * scale}.55")
        if month < 6:
            _file(b, "ml_monthly_funding", _month(2026, month), loans_total="8000000.00", net_assets="30000000.00")
    _file(
        g,
        "gs_quarterly",
        ((datetime.date(2026, 4, 1)), datetime.date(2026, 6, 30)),
        days_after=25,  # late
        outstanding_end="150000000.00",
        guarantee_liability_balance="120000000.00",
        issued_quarter="40000000.00",
        net_assets="100000000.00",
    )
    return {"a": a, "b": b, "c": c, "g": g}


def office_report_filing(world=None, *, code="county_semiannual", version=1, status="submitted", filer=None):
    """The Lanshan office's own report for 2026H1, filed by its clerk: every field of the definition
    in force, counts as integers and narrative texts."""
    report = cat.catalogue()[code]
    period = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    definition = report.version_for(period[1])
    values = {}
    for n, field in enumerate(definition.fields, start=1):
        if field.type == "text":
            values[field.id] = f"{field.label_zh}：上半年依规开展，详见附件。"
        elif field.type == "money":
            values[field.id] = f"{n * 1000}.50"
        elif field.type == "date":
            values[field.id] = "2026-06-30"
        else:
            values[field.id] = str(n)
    office = f.office(LANSHAN)
    filer = filer or world.lanshan["clerk"]
    return _file(office, code, period, status, version=version, filer=filer, **values)
