"""What a rating scheme's office set itself, by name (issue 16: "levels.funding_multiple" was shown)."""

from django.utils import translation

from finsup.ratings.schemes import office_set_name


def test_scheme_keys_read_as_names():
    with translation.override("zh-hans"):
        assert office_set_name("levels.funding_multiple") == "各等级：融资倍数"
        assert office_set_name("levels.III.funding_multiple") == "III级：融资倍数"
        assert office_set_name("bands") == "等级分数线"
        assert office_set_name("levels") == "各等级的监管措施"
