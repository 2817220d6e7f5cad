"""Every export to the province validates against its published JSON Schema (issue 18): each kind
built from realistic records (accepted filings of a half-year, a rating cycle through the services,
an office's own report of every office report code of the catalogue), read back from the exact
bytes exported; the schemas are valid draft 2020-12 schemas; a malformed document is rejected."""

from __future__ import annotations

import copy
import hashlib
import json

import jsonschema_rs
import pytest

from finsup.core import clock
from finsup.exchange import documents, services
from finsup.exchange.choices import ExportKind
from finsup.exchange.contract import CONTRACT_DIR, CURRENT_VERSION, published_files, schema, schema_filename
from finsup.reporting import catalogue_access as cat
from finsup.reporting.summaries.periods import summary_period
from tests import factories as f
from tests.ratings.helpers import run_cycle

from .helpers import CITY, LANSHAN, NOW, errors, half_year_filings, office_report_filing, registry

H1 = summary_period("2026H1")


def test_the_schema_files_are_valid_draft_2020_12_schemas():
    files = published_files()
    assert set(files) == {"common-v1.schema.json"} | {schema_filename(k) for k in ExportKind.values}
    for name in files:
        document = schema(name)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["$id"].endswith("/" + name)  # published under its own versioned name
        jsonschema_rs.meta.validate(document, registry=registry())
        jsonschema_rs.validator_for(document, registry=registry())  # every $ref resolves
    for kind in ExportKind.values:
        assert schema(schema_filename(kind))["properties"]["contract_version"]["const"] == CURRENT_VERSION[kind]


def test_a_malformed_schema_is_refused_by_the_meta_check():
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.meta.validate({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "money"})


@pytest.mark.parametrize("rows", [True, False])
def test_consolidated_filings_of_the_city_and_of_a_county_validate(world, rows):
    half_year_filings(world)
    with clock.at(NOW):
        for code in (CITY, LANSHAN):
            document = documents.consolidated_filings(office=f.office(code), period=H1, rows=rows)
            assert errors("consolidated-filings", json.loads(services.document_bytes(document))) == []
            assert ("rows" in document["reports"][0]) is rows
    funding = next(r for r in document["reports"] if r["report_code"] == "ml_monthly_funding")
    # Lanshan: A filed every month; B missed June (its May balance is its latest).
    assert funding["institutions"] == {"owed": 2, "filed": 1, "missing": 1, "late": 0}
    loans = next(x for x in funding["figures"] if x["field"] == "loans_total")
    assert loans == {
        "field": "loans_total",
        "label": loans["label"],
        "type": "money",
        "unit": "元",
        "mode": "latest",
        "value": "20060000.00",  # A's June 12,060,000 + B's May 8,000,000
    }
    guarantee = next(r for r in document["reports"] if r["report_code"] == "gs_quarterly")
    assert guarantee["institutions"]["late"] == 1


def test_a_rating_cycle_validates_while_provisional_and_once_final(world, monkeypatch):
    from finsup.ratings import services as ratings
    from finsup.ratings.selectors import rating_list

    institutions = [world.inst_lanshan, world.inst_luozhuang]
    cycle = run_cycle(world, year=2025, kind="microloan", institutions=institutions, sample_size=1)
    document = documents.rating_results(cycle=cycle, ratings=rating_list(actor=world.city["leader"], cycle=cycle))
    assert errors("rating-results", services.document_bytes(document)) == []
    assert {r["result"] for r in document["ratings"]} == {"final"}
    assert [r["credit_code"] for r in document["ratings"]] == sorted(i.credit_code for i in institutions)
    # A new cycle, rated by the counties only: provisional.
    open_cycle = ratings.cycle_create(by=world.city["leader"], year=2024, kind="microloan", sample_size=0, seed=1)
    from tests.ratings.helpers import full_marks

    ratings.rating_initial(
        cycle=open_cycle,
        institution=world.inst_lanshan,
        by=world.lanshan["lead_supervisor"],
        scores=full_marks(open_cycle.scheme, 80),
    )
    document = documents.rating_results(
        cycle=open_cycle, ratings=rating_list(actor=world.city["leader"], cycle=open_cycle)
    )
    assert errors("rating-results", services.document_bytes(document)) == []
    assert [(r["result"], r["rated_by"]) for r in document["ratings"]] == [("provisional", "county")]
    assert document["cycle"]["finalised_on"] is None


OFFICE_REPORTS = [
    r.code for r in cat.catalogue() if r.kind not in ("microloan", "guarantee", "private_capital", "lending_registry")
]


@pytest.mark.parametrize("code", OFFICE_REPORTS)
def test_every_office_report_of_the_catalogue_validates(world, code):
    filing = office_report_filing(world, code=code)
    document = documents.office_report(submission=filing)
    assert errors("office-report", services.document_bytes(document)) == []
    definition = cat.catalogue()[code].version_for(filing.period_end)
    assert [x["field"] for x in document["figures"]] + [t["field"] for t in document["texts"]] == [
        fd.id for fd in definition.fields if fd.type not in ("text", "date")
    ] + [fd.id for fd in definition.fields if fd.type in ("text", "date")]
    assert all(x["value"] is not None for x in document["figures"])


def test_office_reports_exist_in_the_catalogue():
    assert {"county_semiannual", "county_annual"} <= set(OFFICE_REPORTS)


def test_each_export_kind_through_the_service_validates_from_its_stored_bytes(world):
    both = [world.inst_lanshan, world.inst_luozhuang]
    cycle = run_cycle(world, year=2025, kind="microloan", institutions=both, sample_size=0)
    half_year_filings(world)
    filing = office_report_filing(world)
    clerk = world.city["clerk"]
    with clock.at(NOW):
        made = [
            services.export_create(by=clerk, kind="consolidated-filings", office_code=CITY, period_label="2026H1"),
            services.export_create(by=clerk, kind="rating-results", cycle_id=cycle.pk),
            services.export_create(by=clerk, kind="office-report", submission_id=filing.pk),
        ]
    for export in made:
        content = bytes(export.content)
        assert hashlib.sha256(content).hexdigest() == export.sha256 and len(content) == export.size
        assert errors(export.kind, content) == []
    assert [e.filename for e in made] == [
        f"{CITY}_consolidated-filings_2026H1_v1.json",
        f"{CITY}_rating-results_microloan_2025_v1.json",
        f"{LANSHAN}_office-report_county_semiannual_2026H1_r1_v1.json",
    ]


def _valid_office_report(world) -> dict:
    return documents.office_report(submission=office_report_filing(world))


MALFORMED = {
    "money as a float": lambda d: d["figures"].append(
        {"field": "x", "label": "x", "type": "money", "unit": "元", "value": 1234.5}
    ),
    "money with one decimal": lambda d: d["figures"].append(
        {"field": "x", "label": "x", "type": "money", "unit": "元", "value": "1234.5"}
    ),
    "money in 万元": lambda d: d["figures"].append(
        {"field": "x", "label": "x", "type": "money", "unit": "万元", "value": "1234.50"}
    ),
    "a count with decimals": lambda d: d["figures"][0].update(value="3.5"),
    "no label": lambda d: d["figures"][0].pop("label"),
    "a period that is not one": lambda d: d["period"].update(label="2026H3"),
    "an unknown field": lambda d: d.update(extra="x"),
    "another contract version": lambda d: d.update(contract_version="2"),
    "an office code of five digits": lambda d: d["office"].update(code="37130"),
    "a time without its offset": lambda d: d.update(generated_at="2026-11-27T10:00:00"),
}


@pytest.mark.parametrize("how", sorted(MALFORMED))
def test_a_malformed_office_report_is_rejected(world, how):
    document = _valid_office_report(world)
    assert errors("office-report", document) == []
    broken = copy.deepcopy(document)
    MALFORMED[how](broken)
    assert errors("office-report", broken) != []


def test_a_malformed_rating_or_consolidation_is_rejected(world):
    both = [world.inst_lanshan, world.inst_luozhuang]
    cycle = run_cycle(world, year=2025, kind="microloan", institutions=both, sample_size=0)
    half_year_filings(world)
    with clock.at(NOW):
        consolidated = documents.consolidated_filings(office=f.office(CITY), period=H1)
    consolidated["reports"][0]["rows"][0]["credit_code"] = "91371300MA3C0000X0"[:-1] + "I"  # I is never used
    assert any("credit_code" in e for e in errors("consolidated-filings", consolidated))
    from finsup.ratings.selectors import rating_list

    rated = documents.rating_results(cycle=cycle, ratings=rating_list(actor=world.city["leader"], cycle=cycle))
    rated["ratings"][0]["level"] = "VI"
    rated["ratings"][0]["score"] = "86.5"
    assert len(errors("rating-results", rated)) == 2


def test_the_contract_folder_holds_only_the_published_files():
    assert sorted(p.name for p in CONTRACT_DIR.iterdir() if p.suffix == ".json") == published_files()
