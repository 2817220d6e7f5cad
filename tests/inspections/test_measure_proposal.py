"""A proposal's legal basis and deadline are kept, shown on the measure page and carried into the
leader's decision form as its starting values (they were once lost on the way)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError
from finsup.inspections import services as s
from finsup.inspections.choices import MeasureKind, MeasureStatus
from finsup.inspections.models import Measure

BASIS = "《山东省地方金融条例》第四十四条"


def _in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def test_an_inspector_proposes_a_basis_and_deadline_that_are_kept_and_audited(world, client):
    client.force_login(world.lanshan["inspector"])
    url = reverse("measures:measure_new", args=[world.inst_lanshan.pk])
    deadline = _in_a_week()
    data = {"kind": MeasureKind.RECTIFICATION_ORDER, "grounds": "贷款五级分类不准确", "basis": BASIS}
    assert client.post(url, data | {"deadline": deadline.isoformat()}).status_code == 302
    measure = Measure.objects.get(institution=world.inst_lanshan)
    assert (measure.status, measure.proposed_basis, measure.proposed_deadline) == (
        MeasureStatus.PROPOSED,
        BASIS,
        deadline,
    )
    assert (measure.basis, measure.deadline) == ("", None)  # nothing is decided yet
    entry = AuditEntry.objects.filter(object_type="inspections.measure", object_id=str(measure.pk)).latest("pk")
    assert entry.changes["proposed_basis"] == [None, BASIS]
    assert entry.changes["proposed_deadline"] == [None, deadline.isoformat()]


def test_the_measure_page_shows_the_proposal_and_the_leaders_form_starts_from_it(world, client, papers):
    deadline = _in_a_week()
    measure = s.measure_propose(
        by=world.lanshan["inspector"],
        institution=world.inst_lanshan,
        kind=MeasureKind.RECTIFICATION_ORDER,
        proposal="贷款五级分类不准确",
        basis=BASIS,
        deadline=deadline,
    )
    page_url = reverse("measures:measure_detail", args=[measure.pk])
    client.force_login(world.lanshan["inspector"])
    page = client.get(page_url).content.decode()
    assert BASIS in page and deadline.isoformat() in page and 'name="basis"' not in page  # no form for staff

    client.force_login(world.lanshan["leader"])
    page = client.get(page_url).content.decode()
    form = page[page.index(reverse("measures:measure_decide", args=[measure.pk])) :]
    assert ">\n贷款五级分类不准确</textarea>" in form
    assert f">\n{BASIS}</textarea>" in form  # the legal basis field starts from the proposal
    assert f'name="deadline" value="{deadline.isoformat()}"' in form

    # The leader may change them: the decision says what the leader wrote.
    response = client.post(
        reverse("measures:measure_decide", args=[measure.pk]),
        {"reasons": "贷款分类不准确，责令改正。", "basis": BASIS + "、第四十五条", "deadline": deadline.isoformat()},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.basis, measure.deadline, measure.proposed_basis) == (BASIS + "、第四十五条", deadline, BASIS)
    page = client.get(page_url).content.decode()
    assert "建议的法律依据" in page and "第四十五条" in page


def test_a_proposed_deadline_in_the_past_is_refused_and_nothing_is_written(world):
    with pytest.raises(ApplicationError) as refused:
        s.measure_propose(
            by=world.lanshan["inspector"],
            institution=world.inst_lanshan,
            kind=MeasureKind.REMINDER,
            proposal="提示",
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert refused.value.field == "deadline"
    assert not Measure.objects.exists()


def test_a_later_proposal_of_the_same_kind_updates_the_suggestion(world):
    kwargs = {"by": world.lanshan["inspector"], "institution": world.inst_lanshan, "kind": MeasureKind.REMINDER}
    first = s.measure_propose(proposal="报表质量", basis="第四十二条", **kwargs)
    again = s.measure_propose(proposal="报表质量（补充）", deadline=_in_a_week(), **kwargs)
    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.proposed_basis, again.proposed_deadline) == ("第四十二条", _in_a_week())
