"""`accounts.policies.require`: the one question every service asks before it writes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import OfficeLevel, Role
from finsup.accounts.policies import Action, may, require
from finsup.core.errors import OutOfScope, PermissionDenied, status_of

from .. import factories as f
from ..conftest import CITY, LANSHAN, LUOZHUANG

MESSAGES = {"denied": "denied", "outside": "outside", "wrong_level": "wrong level"}


def refusal(user, action, **where) -> str | None:
    """The message `require` raises (None when it lets the user through); `may` must agree."""
    try:
        require(user, action, **where, **MESSAGES)
    except PermissionDenied as error:
        # Outside the user's jurisdiction is a 404 (issue 15), a role that lacks the action a 403.
        assert (error.code, status_of(error)) == (
            ("not_found", 404) if isinstance(error, OutOfScope) else ("forbidden", 403)
        )
        assert may(user, action, **where) is False
        return error.message
    assert may(user, action, **where) is True
    return None


def test_a_role_without_the_action_is_refused_with_the_default_message(world):
    inspector = world.lanshan[Role.INSPECTOR]
    with pytest.raises(PermissionDenied) as refused:
        require(inspector, Action.INSTITUTION_CHANGE, office=f.office(LANSHAN))
    assert refused.value.message == "您无权进行此操作。"
    assert refusal(inspector, Action.INSTITUTION_CHANGE, office=f.office(LANSHAN)) == "denied"
    assert refusal(inspector, Action.INSPECTION_RUN, office=f.office(LANSHAN)) is None


def test_staff_act_in_their_office_and_the_offices_below_it(world):
    lanshan, luozhuang = f.office(LANSHAN), f.office(LUOZHUANG)
    assert refusal(world.lanshan[Role.CLERK], Action.INSTITUTION_CHANGE, office=lanshan) is None
    assert refusal(world.city[Role.CLERK], Action.INSTITUTION_CHANGE, office=lanshan) is None
    assert refusal(world.city[Role.CLERK], Action.INSTITUTION_CHANGE, office=luozhuang) is None


def test_a_county_user_may_not_act_on_another_county(world):
    leader = world.lanshan[Role.LEADER]
    assert refusal(leader, Action.CASE_MANAGE, office=f.office(LUOZHUANG)) == "outside"
    assert refusal(leader, Action.INSTITUTION_CHANGE, institution=world.inst_luozhuang) == "outside"
    assert refusal(leader, Action.INSTITUTION_CHANGE, institution=world.inst_lanshan) is None


def test_a_county_user_may_not_act_on_the_city(world):
    assert refusal(world.lanshan[Role.LEADER], Action.CASE_MANAGE, office=f.office(CITY)) == "outside"
    assert refusal(world.city[Role.LEADER], Action.CASE_MANAGE, office=f.office(CITY)) is None


def test_the_refusal_outside_defaults_to_the_refusal_of_the_role(world):
    with pytest.raises(PermissionDenied) as refused:
        require(world.lanshan[Role.LEADER], Action.CASE_MANAGE, office=f.office(CITY), denied="no")
    assert refused.value.message == "no"


def test_institution_users_act_only_for_their_own_institution(world):
    user = world.clerk_lanshan_inst
    assert refusal(user, Action.FILING_SUBMIT) is None
    assert refusal(user, Action.FILING_SUBMIT, institution=world.inst_lanshan) is None
    assert refusal(user, Action.FILING_SUBMIT, institution=world.inst_luozhuang) == "denied"
    assert refusal(user, Action.FILING_SUBMIT, institution=None) == "denied"
    # Never for an office, not even the county of their own institution.
    assert refusal(user, Action.INSPECTION_VIEW, office=f.office(LANSHAN)) == "denied"
    # Nor with a staff action.
    assert refusal(user, Action.INSTITUTION_CHANGE, institution=world.inst_lanshan) == "denied"
    # Staff do not file for an institution.
    assert refusal(world.lanshan[Role.CLERK], Action.FILING_SUBMIT, institution=world.inst_lanshan) == "denied"


def test_oversight_users_have_their_actions_in_the_offices_below_theirs(world):
    discipline = world.city[Role.OVERSIGHT]
    assert discipline.is_oversight_user
    assert refusal(discipline, Action.TRANSFER_RESPOND, office=f.office(CITY)) is None
    assert refusal(discipline, Action.CASE_VIEW, office=f.office(LANSHAN)) is None
    assert refusal(discipline, Action.CASE_MANAGE, office=f.office(CITY)) == "denied"
    assert refusal(world.lanshan[Role.OVERSIGHT], Action.CASE_VIEW, office=f.office(CITY)) == "outside"


def test_an_inactive_user_is_refused_whatever_the_role_and_the_office(world):
    leader = world.city[Role.LEADER]
    leader.is_active = False
    assert refusal(leader, Action.CASE_MANAGE, office=f.office(LANSHAN)) == "denied"
    assert refusal(leader, None, office=f.office(LANSHAN)) == "denied"
    assert refusal(None, Action.CASE_MANAGE) == "denied"
    assert refusal(AnonymousUser(), Action.DASHBOARD_VIEW) == "denied"


def test_naming_no_office_lets_nobody_through(world):
    assert refusal(world.city[Role.LEADER], Action.CASE_MANAGE, office=None) == "outside"


def test_levels_are_checked_after_the_jurisdiction(world):
    city_step = (OfficeLevel.CITY, OfficeLevel.PROVINCE)
    county_leader = world.lanshan[Role.LEADER]
    assert refusal(county_leader, Action.FILING_REVIEW, office=f.office(LANSHAN), levels=city_step) == "wrong level"
    assert refusal(county_leader, Action.FILING_REVIEW, office=f.office(LUOZHUANG), levels=city_step) == "outside"
    assert refusal(world.city[Role.LEADER], Action.FILING_REVIEW, office=f.office(LANSHAN), levels=city_step) is None
    with pytest.raises(PermissionDenied) as refused:
        require(county_leader, Action.RATING_REVIEW, levels=(OfficeLevel.CITY,), outside="not here")
    assert refused.value.message == "not here"


def test_without_an_action_only_office_staff_pass(world):
    assert refusal(world.lanshan[Role.INSPECTOR], None, office=f.office(LANSHAN)) is None
    assert refusal(world.lanshan[Role.INSPECTOR], None, office=f.office(CITY)) == "outside"
    assert refusal(world.clerk_lanshan_inst, None) == "denied"


def test_translated_messages_are_given_in_the_active_language(world):
    with pytest.raises(PermissionDenied) as refused:
        require(world.lanshan[Role.INSPECTOR], Action.CASE_MANAGE, denied=gettext_lazy("You may not do this."))
    assert refused.value.message == "您无权进行此操作。"
    assert type(refused.value.message) is str


def test_out_of_scope_answers_as_not_found_and_a_missing_role_as_forbidden(world):
    leader, inst_user = world.lanshan[Role.LEADER], world.clerk_lanshan_inst
    for user, where in (
        (leader, {"office": f.office(LUOZHUANG)}),
        (leader, {"institution": world.inst_luozhuang}),
        (inst_user, {"institution": world.inst_luozhuang}),
    ):
        with pytest.raises(OutOfScope) as refused:
            require(user, Action.FILING_SUBMIT if user is inst_user else Action.CASE_MANAGE, **where)
        assert status_of(refused.value) == 404
    with pytest.raises(PermissionDenied) as refused:
        require(world.lanshan[Role.INSPECTOR], Action.INSTITUTION_CHANGE, office=f.office(LANSHAN))
    assert not isinstance(refused.value, OutOfScope) and status_of(refused.value) == 403
