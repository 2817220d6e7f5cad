"""A rule's stage (test → active) and enforcement (supervisory or blocking) in the rule files: read by
the loader with defaults, checked, and kept out of the rule's version."""

from decimal import Decimal

import pytest

from finsup.reporting.choices import RuleStage
from finsup.rulebook import RulebookError, default_rulebook, load_rulebook
from finsup.rulebook.loader import ENFORCEMENTS, STAGES, load_rules_text, with_limit

from .test_loader import toml_rule, write


def _one(tmp_path, **changes):
    return load_rulebook(write(tmp_path, toml_rule(**changes))).get("test_rule")


def test_stage_and_enforcement_default_to_active_and_supervisory(tmp_path):
    rule = _one(tmp_path)
    assert (rule.stage, rule.enforcement) == ("active", "supervisory")
    assert not rule.in_test and not rule.blocks


def test_a_rule_in_test_and_blocking_is_read(tmp_path):
    rule = _one(tmp_path, stage="test", enforcement="blocking")
    assert (rule.stage, rule.enforcement) == ("test", "blocking")
    assert rule.in_test
    assert not rule.blocks  # a blocking rule in test shows what it would refuse, refuses nothing


def test_an_active_blocking_rule_blocks(tmp_path):
    assert _one(tmp_path, enforcement="blocking").blocks


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"stage": "live"}, "'stage' must be one of test, active (got 'live')"),
        ({"enforcement": "hard"}, "'enforcement' must be one of supervisory, blocking (got 'hard')"),
    ],
)
def test_an_unknown_stage_or_enforcement_is_refused(tmp_path, changes, problem):
    with pytest.raises(RulebookError) as err:
        load_rulebook(write(tmp_path, toml_rule(**changes)))
    assert any(problem in p and "rule test_rule" in p for p in err.value.problems)


def test_a_loan_rule_cannot_be_blocking(tmp_path):
    text = """
        [[rules]]
        id = "loan_test"
        source = "loans"
        description_zh = "测试"
        description_en = "Test"
        condition = "outstanding < 0"
        comparator = "="
        threshold = 0
        severity = "warning"
        status_of_source = "U"
        citation = { document = "文件", article = "第一条" }
        effective_from = 2021-01-01
        enforcement = "blocking"
    """
    with pytest.raises(RulebookError, match="only for report rules"):
        load_rulebook(write(tmp_path, text, kind="microloan"))


def test_stage_and_enforcement_do_not_change_the_version(tmp_path):
    """The version names what decides a result; a rule promoted from test to active keeps it (each
    stored result records its stage instead), and so does one made blocking."""
    versions = set()
    kinds = [("test", "supervisory"), ("active", "supervisory"), ("test", "blocking")]
    for i, (stage, enforcement) in enumerate(kinds):
        folder = tmp_path / str(i)
        folder.mkdir()
        versions.add(_one(folder, stage=stage, enforcement=enforcement).version)
    assert len(versions) == 1


def test_the_loader_and_the_stored_choices_agree():
    assert set(STAGES) == set(RuleStage.values)
    assert ENFORCEMENTS == ("supervisory", "blocking")


def test_the_shipped_rulebook_has_its_impossible_figure_rules_in_test():
    book = default_rulebook()
    testing = [r for r in book if r.in_test]
    assert {r.id for r in testing} == {"ml_borrowers_with_balance", "ml_disbursements_counted"}
    assert all(r.enforcement == "blocking" for r in testing)
    # No regulatory limit is an impossible figure: every other rule is supervisory.
    assert all(r.enforcement == "supervisory" for r in book if not r.in_test)


def test_one_rule_file_given_as_text_loads_and_lays_over_the_rulebook():
    current = default_rulebook()
    changed = current.get("pc_short_term_max")
    text = 'kind = "private_capital"\n\n' + toml_rule(id="pc_short_term_max", stage="test")
    uploaded = load_rules_text(text, name="upload.toml")
    merged = current.with_rules(uploaded)
    assert len(merged) == len(current)
    assert merged.get("pc_short_term_max").in_test
    assert merged.get("pc_short_term_max").version != changed.version
    assert [r.id for r in merged] == [r.id for r in current]  # replaced in place
    added = current.with_rules(load_rules_text('kind = "private_capital"\n\n' + toml_rule(id="pc_new_rule")))
    assert [r.id for r in added][-1] == "pc_new_rule" and len(added) == len(current) + 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('kind = "private_capital"\n', "no [[rules]] in the file"),
        ("kind = ", "not valid TOML"),
        ('kind = "private_capital"\n\n' + toml_rule() + toml_rule(), "the id is used twice"),
        ('kind = "private_capital"\n\n' + toml_rule(formula="nope / 1"), "unknown column 'nope'"),
    ],
)
def test_a_bad_rule_file_given_as_text_is_refused(text, problem):
    with pytest.raises(RulebookError) as err:
        load_rules_text(text, name="upload.toml")
    assert any(problem in p and p.startswith("upload.toml") for p in err.value.problems)


def test_a_rule_with_another_limit_gets_another_version():
    rule = default_rulebook().get("pc_short_term_max")
    lower = with_limit(rule, threshold=Decimal("0.25"))
    assert lower.threshold == Decimal("0.25") and lower.version != rule.version
    assert (lower.stage, lower.enforcement, lower.formula) == (rule.stage, rule.enforcement, rule.formula)
    with pytest.raises(RulebookError, match="low and a high"):
        with_limit(default_rulebook().get("pc_main_investor"), threshold=Decimal("0.3"))
    between = with_limit(default_rulebook().get("pc_main_investor"), low=Decimal("0.1"), high=Decimal("0.6"))
    assert (between.threshold_low, between.threshold_high) == (Decimal("0.1"), Decimal("0.6"))
    computed = next(r for r in default_rulebook() if r.threshold_expr is not None)
    with pytest.raises(RulebookError, match="formula"):
        with_limit(computed, threshold=Decimal(1))


def test_a_subset_keeps_the_order_and_the_catalogue():
    book = default_rulebook()
    blocking = book.subset(lambda r: r.enforcement == "blocking")
    assert [r.id for r in blocking] == ["ml_borrowers_with_balance", "ml_disbursements_counted"]
    assert blocking.catalogue is book.catalogue
