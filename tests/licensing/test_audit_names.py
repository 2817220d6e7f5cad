from django.utils import translation

from finsup.licensing.audit_names import checks_text


def test_an_annual_reviews_checks_read_by_their_names_in_the_trail():
    with translation.override("zh-hans"):
        checks = {"capital_intact": "met", "reports_on_time": "not_met", "audited_statements": "not_assessed"}
        text = checks_text(checks)
    assert text == "资本金足额到位且未抽逃：符合；报表报送完整及时：不符合；已报送经审计的财务报表：尚未评估"
