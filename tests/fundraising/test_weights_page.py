"""The weights page: every signal and feature word by its Chinese label; a city leader saves a new
version through the form (feature words one per line, one number per signal); a bad line is refused
in Chinese and saves nothing; a county leader sees the weights without the form."""

import datetime

import pytest
from django.urls import reverse

from finsup.fundraising import gather
from finsup.fundraising.models import WeightSet

from .helpers import on

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)
URL = reverse("fundraising:weights")


def _posted(page_form: dict, **changes) -> dict:
    data = {k: v for k, v in page_form.items()}
    data.update(changes)
    return data


def _form_of(response) -> dict:
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields}


def test_a_city_leader_saves_a_new_version_through_the_form(world, client_for):
    client = client_for(world.city["leader"])
    with on(DAY):
        page = client.get(URL)
    html = page.content.decode()
    assert "列为预警的指数下限" in html and "保本保息" in html and 'value="40"' in html
    form = _form_of(page)
    assert "保本保息 8" in form["words"].splitlines()
    words = form["words"].replace("保本保息 8", "保本保息 20") + "\n拉新返现：7\n"
    with on(DAY):
        bad = client.post(URL, _posted(form, words="保本保息 八分", note="调整", valid_from="2026-06-01"))
    assert bad.status_code == 400 and "第 1 行须为“特征词 分值”" in bad.content.decode()
    assert WeightSet.objects.count() == 1
    with on(DAY):
        changes = {"words": words, "flag_score": "35", "note": "调高保本保息", "valid_from": "2026-06-01"}
        saved = client.post(URL, _posted(form, **changes))
    assert saved.status_code == 302
    weights = gather.weights_on(DAY)
    assert weights.version == 2 and weights.words["保本保息"] == 20 and weights.words["拉新返现"] == 7
    assert weights["flag_score"] == 35 and gather.weights_on(DAY - datetime.timedelta(days=1)).version == 1


def test_a_county_leader_reads_the_weights_without_the_form(world, client_for):
    client = client_for(world.lanshan["leader"])
    with on(DAY):
        page = client.get(URL)
    assert page.status_code == 200 and "weights-form" not in page.content.decode()
    assert "保本保息" in page.content.decode()
    with on(DAY):
        refused = client.post(URL, {"words": "保本保息 20", "note": "x", "valid_from": "2026-06-01"})
    assert refused.status_code in (400, 403, 404) and WeightSet.objects.count() == 1
