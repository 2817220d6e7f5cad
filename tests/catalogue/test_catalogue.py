"""The report catalogue: its data loads, is consistent, and broken files are refused clearly."""

import datetime
import shutil
from decimal import Decimal

import pytest

from finsup.catalogue import DATA_DIR, CatalogueError, default_catalogue, load_catalogue
from finsup.catalogue.context import CONTEXT_COLUMNS
from finsup.institutions.choices import InstitutionKind

EXPECTED = {
    "ml_monthly_business",
    "ml_monthly_financial",
    "ml_monthly_funding",
    "gs_quarterly",
    "gs_annual",
    "pc_quarterly",
    "lr_monthly",
    "county_semiannual",
    "county_annual",
    # the city's reports to the province (issue 18)
    "city_semiannual",
    "city_annual",
    "city_microloan_annual_review",
}


def test_catalogue_loads_every_report():
    catalogue = default_catalogue()
    assert {r.code for r in catalogue} == EXPECTED


def test_every_institution_kind_has_reports():
    catalogue = default_catalogue()
    for kind in InstitutionKind.values:
        assert catalogue.for_kind(kind), kind
    assert {r.frequency for r in catalogue.for_kind("county")} == {"semiannual", "annual"}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_version_has_unique_field_ids_and_sound_checks(code):
    report = default_catalogue()[code]
    for version in report.versions:
        ids = [f.id for f in version.fields]
        assert len(ids) == len(set(ids)), version.version
        assert 10 <= len(ids) <= 45
        assert not set(ids) & set(CONTEXT_COLUMNS)
        assert {f.group for f in version.fields} <= {g[0] for g in report.groups}
        assert all(f.label_zh and f.label_en for f in version.fields)
        check_ids = [c.id for c in version.checks]
        assert len(check_ids) == len(set(check_ids))


def test_versions_are_dated_back_to_back():
    report = default_catalogue()["ml_monthly_business"]
    v1, v2 = report.versions
    assert v1.effective_to == datetime.date(2024, 12, 31)  # closed by the start of version 2
    assert report.version_for(datetime.date(2024, 12, 31)) is v1
    assert report.version_for(datetime.date(2025, 1, 31)) is v2
    assert report.version_for(datetime.date(2000, 1, 31)) is None
    assert "net_assets_prior_year_end" in v2.field_ids and "net_assets_prior_year_end" not in v1.field_ids
    assert v1.digest != v2.digest
    assert load_catalogue()["ml_monthly_business"].version(1).digest == v1.digest  # stable between loads


def test_derived_version_drops_and_adds():
    report = default_catalogue()["gs_quarterly"]
    v1, v2, *_ = report.versions
    assert "guarantees_to_parent_subsidiaries" in v1.field_ids
    assert "guarantees_to_parent_subsidiaries" not in v2.field_ids
    assert {"assets_tier1", "compensation_receivable"} <= set(v2.field_ids)
    assert {c.id for c in v2.checks} == {c.id for c in v1.checks} | {"tiers_sum"}
    assert report.column_types["guarantees_to_parent_subsidiaries"] == "DECIMAL(20,2)"


def test_money_units():
    field = default_catalogue()["pc_quarterly"].versions[-1].field("equity_investment_avg")
    assert field.unit == "wan_yuan" and field.unit_zh == "万元"
    assert field.multiplier == 10000
    assert field.to_stored(Decimal("1.23456")) == Decimal("12345.60")
    assert field.to_entered(Decimal("12345.60")) == Decimal("1.23456")
    assert default_catalogue()["pc_quarterly"].versions[-1].field("placements_count").multiplier == 1


# --- broken files ---------------------------------------------------------------------

REPORT = """
code = "test_report"
kind = "microloan"
frequency = "monthly"
deadline_days = 10
name_zh = "测试报表"
name_en = "Test report"
groups = [{ id = "g", zh = "组", en = "Group" }]

[[versions]]
version = 1
effective_from = 2020-01-01
fields = [
  { id = "a", group = "g", type = "money", unit = "wan_yuan", label_zh = "甲", label_en = "A" },
  { id = "b", group = "g", type = "money", unit = "wan_yuan", label_zh = "乙", label_en = "B" },
  { id = "total", group = "g", type = "money", unit = "wan_yuan", label_zh = "合计", label_en = "Total" },
  { id = "note", group = "g", type = "text", required = false, label_zh = "说明", label_en = "Note" },
]
checks = [
  { id = "sum", expr = "a + b = total", message_zh = "合计不符", message_en = "Total mismatch" },
]
continuity = []
"""


def write(tmp_path, text: str, name: str = "test_report.toml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_good_file_loads(tmp_path):
    catalogue = load_catalogue(write(tmp_path, REPORT))
    assert catalogue["test_report"].versions[0].checks[0].sql == '"a" + "b" = "total"'


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('expr = "a + b = total"', 'expr = "a + c = total"', "unknown column 'c'"),
        ('expr = "a + b = total"', 'expr = "a + = total"', "malformed SQL"),
        ('expr = "a + b = total"', 'expr = "eval(a) = total"', "function EVAL is not allowed"),
        ('expr = "a + b = total"', "expr = \"__import__('os').system('x') = 1\"", "is not allowed"),
        ('expr = "a + b = total"', 'expr = "(SELECT 1) = total"', "subqueries"),
        ('expr = "a + b = total"', 'expr = "a + b"', "a condition must be"),
        ('expr = "a + b = total"', 'expr = "a + note = total"', "version 1: check 'sum'"),
        ('{ id = "b",', '{ id = "a",', "field id 'a' is used twice"),
        ('{ id = "b",', '{ id = "period_end",', "this id is reserved"),
        ('{ id = "b",', '{ id = "B-2",', "lower_snake_case"),
        ('type = "text"', 'type = "blob"', "type must be one of"),
        ('unit = "wan_yuan", label_zh = "甲"', 'unit = "dollars", label_zh = "甲"',
         "unit 'dollars' is not a money unit"),
        ('group = "g", type = "text"', 'group = "zz", type = "text"', "group 'zz' is not declared"),
        ('kind = "microloan"', 'kind = "bank"', "'kind' must be one of"),
        ('frequency = "monthly"', 'frequency = "weekly"', "'frequency' must be one of"),
        ("deadline_days = 10", "deadline_days = -1", "deadline_days"),
        ("effective_from = 2020-01-01", 'effective_from = "2020"', "must be a TOML date"),
        ("effective_from = 2020-01-01", "effective_from = 2020-01-01\neffective_to = 2019-01-01", "is before"),
        ("continuity = []", 'continuity = [{ field = "a", previous = "zz", message_zh = "x", message_en = "x" }]',
         "unknown field 'zz'"),
        ("continuity = []", 'continuity = [{ field = "note", previous = "note", message_zh = "x", message_en = "x" }]',
         "numeric fields only"),
        ("continuity = []", "colour = 1", "unknown key 'colour'"),
        ('name_en = "Test report"', 'name_en = ""', "'name_en' is required text"),
        ("[[versions]]", "[[versions]\n", "not valid TOML"),
    ],
)  # fmt: skip
def test_bad_file_is_refused_with_a_clear_message(tmp_path, old, new, problem):
    assert old in REPORT
    write(tmp_path, REPORT.replace(old, new, 1))
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    message = str(caught.value)
    assert "test_report.toml" in message
    assert problem in message, message


V2 = """
[[versions]]
version = 2
based_on = 1
effective_from = 2022-01-01
"""


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('drop_fields = ["zz"]', "drop_fields: 'zz' is not in version 1"),
        ('fields = [{ id = "a", group = "g", type = "count", unit = "items", label_zh = "甲", label_en = "A" }]',
         "a new meaning needs a new id"),
        ('drop_fields = ["b"]', "unknown column 'b'"),  # the inherited check still reads b
    ],
)  # fmt: skip
def test_bad_derived_version(tmp_path, extra, problem):
    write(tmp_path, REPORT + V2 + extra + "\n")
    with pytest.raises(CatalogueError, match=problem):
        load_catalogue(tmp_path)


def test_overlapping_versions_and_unknown_base(tmp_path):
    write(
        tmp_path,
        REPORT.replace("effective_from = 2020-01-01", "effective_from = 2020-01-01\neffective_to = 2023-01-01") + V2,
    )
    with pytest.raises(CatalogueError, match="versions 1 and 2 overlap"):
        load_catalogue(tmp_path)
    write(tmp_path, REPORT + V2.replace("based_on = 1", "based_on = 7"))
    with pytest.raises(CatalogueError, match="based_on 7"):
        load_catalogue(tmp_path)


def test_duplicate_report_code_across_files(tmp_path):
    write(tmp_path, REPORT, "a.toml")
    write(tmp_path, REPORT, "b.toml")
    with pytest.raises(CatalogueError, match="b.toml: report code 'test_report' is also defined in a.toml"):
        load_catalogue(tmp_path)


def test_packaged_files_copy_and_load(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    assert len(load_catalogue(tmp_path / "data")) == len(EXPECTED)
