from finsup.accounts.choices import Role
from finsup.accounts.policies import POLICY, Action


def test_who_may_do_what_in_on_site_supervision():
    def holders(action):
        return {role for role, actions in POLICY.items() if action in actions}

    assert holders(Action.MEASURE_DECIDE) == {Role.LEADER}
    assert holders(Action.INSPECTION_PLAN_APPROVE) == {Role.LEADER}
    assert holders(Action.INSPECTION_RUN) == {Role.INSPECTOR, Role.LEAD_SUPERVISOR}
    assert holders(Action.RECTIFICATION_FILE) == {Role.INSTITUTION}
    # the oversight bodies read cases only; a resident bank's users answer surveys only
    assert holders(Action.INSPECTION_VIEW) == set(Role) - {Role.OVERSIGHT, Role.PARTNER}
