"""What was checked of each rule (the optional `verification` key), and the rules whose citation
the check of 2026-12 changed: the 4 × LPR cap split by the text in force, and the articles
marked as still to be checked."""

import datetime
from decimal import Decimal

import pytest

from finsup.rulebook import RulebookError, default_rulebook, load_rulebook

from .test_loader import toml_rule, write

D = datetime.date


def test_verification_is_optional_text_and_loads_stripped(tmp_path):
    write(tmp_path, toml_rule(verification="  2026-12-06 核对：见某文件第一条。 "))
    rule = load_rulebook(tmp_path).get("test_rule")
    assert rule.verification == "2026-12-06 核对：见某文件第一条。"
    assert load_rulebook(write(tmp_path, toml_rule())).get("test_rule").verification == ""


def test_verification_must_be_text(tmp_path):
    text = toml_rule() + "verification = 3\n"
    with pytest.raises(RulebookError, match="'verification' must be text"):
        load_rulebook(write(tmp_path, text))


def test_verification_is_not_part_of_the_version(tmp_path):
    """A note on what was checked changes no result: stored results keep their rule version."""
    plain = load_rulebook(write(tmp_path, toml_rule())).get("test_rule")
    noted = load_rulebook(write(tmp_path, toml_rule(verification="核对说明"))).get("test_rule")
    assert plain.version == noted.version
    other = load_rulebook(write(tmp_path, toml_rule(threshold="0.11"))).get("test_rule")
    assert other.version != plain.version


def test_every_rule_says_what_was_checked():
    for rule in default_rulebook():
        assert rule.verification.startswith("2026-12-06核对："), rule.id
        assert rule.status_of_source in {"V", "S", "U"}, rule.id


def test_unverified_figures_say_so_in_their_note():
    """A rule marked U, or one whose article could not be read, says what is missing."""
    for rule in default_rulebook():
        if rule.status_of_source == "U":
            assert any(w in rule.verification for w in ("未", "无法规出处", "平台设定")), rule.id
        if "待核" in rule.citation.article:
            assert any(w in rule.verification for w in ("待核", "未读到", "未核")), rule.id


def test_the_4x_lpr_cap_cites_the_text_in_force_on_each_day():
    book = default_rulebook()
    first, current = book.get("loan_rate_cap_4x_lpr_2020"), book.get("loan_rate_cap_4x_lpr")
    assert (first.effective_from, first.effective_to) == (D(2020, 8, 20), D(2020, 12, 31))
    assert (current.effective_from, current.effective_to) == (D(2021, 1, 1), None)
    assert "法释〔2020〕6号" in first.citation.document and first.citation.article == "第二十六条"
    assert "法释〔2020〕17号" in current.citation.document and current.citation.article == "第二十五条"
    # The same test, severity and source: only the citation and the dates differ.
    assert first.condition.sql == current.condition.sql
    assert (first.comparator, first.threshold, first.severity) == (current.comparator, current.threshold, "info")
    assert (first.status_of_source, current.status_of_source) == ("V", "V")

    def in_force(day):
        return sorted(r.id for r in book if r.id.startswith("loan_rate_cap_4x_lpr") and r.in_force(day))

    assert in_force(D(2020, 8, 19)) == []
    assert in_force(D(2020, 8, 20)) == in_force(D(2020, 12, 31)) == ["loan_rate_cap_4x_lpr_2020"]
    assert in_force(D(2021, 1, 1)) == in_force(D(2026, 12, 6)) == ["loan_rate_cap_4x_lpr"]


@pytest.mark.parametrize(
    "rule_id, article",
    [
        ("loan_upfront_deduction", "一（七）"),
        ("ml2008_provision_adequacy", "四（待核：或为五）"),
        ("fg2018_net_assets_reserves", "第八条（待核）"),
        ("fg2018_level1", "第九条（待核）"),
        ("fg2018_level1_2", "第九条（待核）"),
        ("fg2018_level3", "第九条（待核）"),
    ],
)
def test_articles_changed_or_marked_by_the_check(rule_id, article):
    assert default_rulebook().get(rule_id).citation.article == article


def test_no_figure_changed_where_no_reliable_text_was_found():
    """fg2018_level1_2 keeps 70 % (the only 60 % seen is a quiz page), marked unverified."""
    rule = default_rulebook().get("fg2018_level1_2")
    assert rule.threshold == Decimal("0.70") and rule.status_of_source == "U"
