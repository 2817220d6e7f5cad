"""The rulebook refuses, at load time and with the file, rule id and problem, anything it
could not evaluate safely."""

import re
import textwrap

import pytest

from finsup.catalogue.context import CONTEXT_COLUMNS
from finsup.rulebook import RulebookError, default_rulebook, load_rulebook

GOOD = {
    "id": "test_rule",
    "report": "pc_quarterly",
    "description_zh": "测试",
    "description_en": "Test",
    "formula": "related_party_investment / registered_capital",
    "comparator": "<=",
    "threshold": "0.10",
    "severity": "serious",
    "status_of_source": "U",
    "citation": '{ document = "文件", article = "第一条" }',
    "effective_from": "2021-01-01",
}


def toml_rule(**changes) -> str:
    fields = {**GOOD, **changes}
    lines = ["[[rules]]"]
    for key, value in fields.items():
        if value is None:
            continue
        raw = key in {
            "threshold",
            "threshold_low",
            "threshold_high",
            "citation",
            "effective_from",
            "effective_to",
            "data_from",
        }
        lines.append(f"{key} = {value}" if raw else f"{key} = {_quote(value)}")
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(tmp_path, text: str, name: str = "rules.toml", kind: str = "private_capital"):
    (tmp_path / name).write_text(f'kind = "{kind}"\n\n' + textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_default_rulebook_loads_with_unique_ids():
    book = default_rulebook()
    ids = [r.id for r in book]
    assert len(ids) == len(set(ids)) >= 40
    assert {r.kind for r in book} == {"microloan", "guarantee", "private_capital", "lending_registry"}


def test_a_good_rule_loads(tmp_path):
    book = load_rulebook(write(tmp_path, toml_rule()))
    assert [r.id for r in book] == ["test_rule"]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"formula": "related_party_investment +"}, "malformed SQL"),
        ({"formula": "no_such_field / registered_capital"}, "unknown column 'no_such_field'"),
        ({"formula": "read_csv('/etc/passwd')"}, "function READ_CSV is not allowed"),
        ({"formula": "eval('1+1')"}, "function EVAL is not allowed"),
        ({"formula": "__import__('os').system('rm -rf /')"}, "is not allowed in a rule expression"),
        ({"formula": "(SELECT 1)"}, "subqueries and statements are not allowed"),
        ({"formula": "related_party_investment; DROP TABLE x"}, "exactly one expression is allowed"),
        ({"formula": "SUM(related_party_investment)"}, "aggregate function SUM is not allowed"),
        ({"formula": "t.related_party_investment"}, "qualified column"),
        ({"formula": "related_party_investment > 0"}, "a formula must give a number"),
        ({"formula": "related_party_investment * 1e3"}, "plain decimal digits"),
        ({"formula": "CAST(related_party_investment AS VARCHAR)"}, "CAST to"),
        ({"formula": "$1"}, "placeholders are not allowed"),
        ({"formula": "registered_capital_avg || 'x'"}, "is not allowed"),
        ({"formula": "related_party_investment + period_end"}, "DuckDB cannot type"),
        ({"threshold": None, "threshold_expr": "period_end"}, "threshold_expr gives DATE, not an exact number"),
        ({"applies_when": "placements_count"}, "a condition must be a comparison"),
        ({"report": "no_such_report"}, "unknown report code 'no_such_report'"),
        ({"report": "gs_quarterly", "formula": "net_assets"}, "belongs to kind 'guarantee'"),
        ({"report": None}, "give exactly one of 'report'"),
        ({"report": None, "source": "trades"}, "unknown data source 'trades'"),
        ({"comparator": "=="}, "'comparator' must be one of"),
        ({"comparator": "between"}, "needs threshold_low and threshold_high"),
        ({"comparator": "between", "threshold": None, "threshold_low": "0.5", "threshold_high": "0.2"}, "greater"),
        ({"threshold_expr": "3"}, "exactly one of threshold or threshold_expr"),
        ({"threshold": None}, "exactly one of threshold or threshold_expr"),
        ({"threshold": '"ten"'}, "must be a number"),
        ({"threshold_low": "0.1"}, "only for comparator 'between'"),
        ({"effective_to": "2020-12-31"}, "effective_to 2020-12-31 is before effective_from 2021-01-01"),
        ({"effective_from": '"2021-01-01"'}, "must be a TOML date"),
        ({"severity": "fatal"}, "'severity' must be one of"),
        ({"status_of_source": "X"}, "'status_of_source' must be one of"),
        ({"citation": '"a string"'}, "citation must be a table"),
        ({"description_en": None}, "'description_en' is required"),
        ({"id": "Bad Id"}, "id must be lower_snake_case"),
        ({"treshold": "0.1"}, "unknown key 'treshold'"),
        # prohibited_trading_balance exists only from version 2 (2020-08-03) of the report
        ({"formula": "prohibited_trading_balance", "effective_from": "2019-01-01"}, "missing from version 1"),
        ({"effective_from": "1999-01-01", "effective_to": "1999-12-31"}, "no version of report"),
    ],
)
def test_bad_rule_is_refused_at_load_time(tmp_path, changes, problem):
    write(tmp_path, toml_rule(**changes))
    with pytest.raises(RulebookError) as caught:
        load_rulebook(tmp_path)
    message = str(caught.value)
    assert "rules.toml" in message
    assert problem in message, message
    rule_name = changes.get("id", "test_rule")
    assert f"rule {rule_name}" in message or "rule #1" in message


def test_data_from_marks_the_first_period_with_the_figures(tmp_path):
    book = load_rulebook(write(tmp_path, toml_rule(data_from="2022-01-01")))
    rule = book.get("test_rule")
    assert str(rule.data_from) == "2022-01-01"
    assert rule.version != load_rulebook(write(tmp_path, toml_rule())).get("test_rule").version


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"data_from": "2020-01-01"}, "is not after effective_from"),
        ({"data_from": "2023-01-01", "effective_to": "2022-12-31"}, "is after effective_to"),
        ({"data_from": '"soon"'}, "'data_from' must be a TOML date"),
    ],
)
def test_bad_data_from_is_refused(tmp_path, changes, problem):
    with pytest.raises(RulebookError, match=re.escape(problem)):
        load_rulebook(write(tmp_path, toml_rule(**changes)))


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path, toml_rule(), name="a.toml")
    write(tmp_path, toml_rule(), name="b.toml")
    with pytest.raises(RulebookError, match=re.escape("b.toml: rule test_rule: the id is also used in a.toml")):
        load_rulebook(tmp_path)


def test_every_problem_is_reported_at_once(tmp_path):
    write(tmp_path, toml_rule(id="one", formula="nope") + toml_rule(id="two", severity="loud"))
    with pytest.raises(RulebookError) as caught:
        load_rulebook(tmp_path)
    assert len(caught.value.problems) == 2


def test_malformed_toml(tmp_path):
    write(tmp_path, "[[rules]]\nid = 'x\n")
    with pytest.raises(RulebookError, match="rules.toml: not valid TOML"):
        load_rulebook(tmp_path)


def test_bad_kind_and_empty_folder(tmp_path):
    with pytest.raises(RulebookError, match="no rule files"):
        load_rulebook(tmp_path)
    write(tmp_path, "", kind="bank")
    with pytest.raises(RulebookError, match="'kind' must be one of"):
        load_rulebook(tmp_path)


def test_context_columns_are_usable_in_formulas(tmp_path):
    exprs = " + ".join(f"COALESCE(CAST({n} AS INT), 0)" for n in ("rated_I_consecutive_years", "company_age_years"))
    book = load_rulebook(write(tmp_path, toml_rule(formula=exprs)))
    assert {"rated_i_consecutive_years", "company_age_years"} <= book.get("test_rule").formula.columns
    assert "rated_i_consecutive_years" in CONTEXT_COLUMNS


def test_every_rule_is_read_in_the_unit_the_regulation_states():
    """finsup.rulebook.units: ratios in per cent, multiples in times, money in 万元, loan counts."""
    from finsup.catalogue import default_catalogue
    from finsup.rulebook import default_rulebook
    from finsup.rulebook.units import unit_of

    catalogue = default_catalogue()
    units = {rule.id: unit_of(rule, catalogue) for rule in default_rulebook()}
    expected = {
        "fg2017_leverage": "times",  # a computed limit of 10 or 15 times
        "fg2018_weighted_leverage": "times",
        "pc_funding_multiple": "times",
        "ml2020_nonstandard_leverage": "times",  # "不得超过净资产的1倍"
        "ml2008_provision_adequacy": "percent",  # "不低于100%"
        "fg2017_single_party": "percent",
        "ml2008_single_shareholder": "percent",  # a registry column that is a ratio
        "pc_main_investor": "percent",  # between 20% and 51%
        "fg2017_min_capital": "wan_yuan",
        "ml2008_min_capital": "wan_yuan",  # a computed limit of money
        "loan_rate_cap_4x_lpr": "count",
        "loan_npl_ratio": "percent",
        "pc_placement_investors": "plain",
    }
    assert {rule_id: units[rule_id] for rule_id in expected} == expected
    assert set(units.values()) <= {"percent", "times", "wan_yuan", "count", "plain"}
