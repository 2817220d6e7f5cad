"""The help page per role: its statuses are the labels the apps' choices give them, each with a meaning."""

import pytest
from django.utils import translation

from finsup.accounts.choices import Role
from finsup.dashboard.help import GUIDES
from finsup.reporting.choices import SubmissionStatus


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_guide_and_every_status_it_shows_a_meaning(role):
    guide = GUIDES[role]
    assert guide.first_steps
    for statuses in guide.statuses:
        missing = [label for label, meaning in statuses.rows() if not meaning]
        assert not missing, f"{statuses.title}: no meaning for {missing}"
        assert set(statuses.meanings) == set(statuses.choices.values), "a meaning for a status that no longer exists"


def test_the_page_shows_the_roles_steps_and_the_statuses_labels_in_chinese(world, client_for):
    page = client_for(world.lanshan["lead_supervisor"]).get("/dashboard/help/").content.decode()
    assert "帮助" in page and "首先要做的事" in page
    with translation.override("zh-hans"):
        accepted = str(SubmissionStatus.ACCEPTED.label)
    assert accepted != "Accepted by the county" and f"<td>{accepted}</td>" in page  # as the filings list shows it
    assert "县区金融办已受理" in page
    assert 'href="/filings/overdue/"' in page


def test_a_step_links_only_to_a_page_the_user_may_open(world, client_for):
    from tests import factories as f

    discipline = f.make_user("jiwei", "oversight", "371300", oversight_body="discipline")
    page = client_for(discipline).get("/dashboard/help/").content.decode()
    assert 'href="/accountability/cases/"' in page
    inst_page = client_for(world.clerk_lanshan_inst).get("/dashboard/help/").content.decode()
    assert "对报表中的每项违规作出说明" in inst_page and 'href="/warnings/breaches/"' in inst_page
    assert 'href="/audit/"' not in inst_page
