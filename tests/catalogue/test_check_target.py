"""Where an identity check's failure is shown: its target field (the total of a sum), the fields it
reads in the order written, and, for an equality, the expression the target should equal."""

from finsup.catalogue import default_catalogue


def _check(report: str, check_id: str):
    version = default_catalogue()[report].versions[-1]
    return next(c for c in version.checks if c.id == check_id)


def test_a_sum_points_at_its_total_and_knows_what_the_items_give():
    check = _check("ml_monthly_financial", "assets_sum")
    assert check.target == "total_assets"
    assert check.fields == ("cash_and_deposits", "loans_net", "other_assets", "total_assets")
    assert check.expected_sql == '"cash_and_deposits" + "loans_net" + "other_assets"'


def test_a_total_written_first_is_still_the_target():
    check = _check("ml_monthly_financial", "equity_is_net_assets")
    assert (check.target, check.expected_sql) == ("owners_equity", '"total_assets" - "total_liabilities"')


def test_an_inequality_points_at_its_bound_and_has_no_expected_value():
    check = _check("lr_monthly", "overdue_within_outstanding")
    assert (check.target, check.expected_sql) == ("outstanding_end", None)
