"""Who may open the page of the office's overdue duties, and its parameters."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests import factories as f
from tests.complaints.factories import file_complaint
from tests.conftest import CITY, LANSHAN, LUOZHUANG

URL = "/accountability/"
pytestmark = pytest.mark.django_db


def test_staff_and_oversight_see_the_page_institutions_do_not(world, client):
    assert reverse("accountability:duties") == URL
    oversight = f.make_user("city_discipline", "oversight", CITY, oversight_body="discipline")
    for user in [oversight, *world.city.values(), *world.lanshan.values()]:
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 200, user
        assert "accountability/duties.html" in [t.name for t in response.templates]
    # Of the oversight bodies only the discipline commission reads the office's own records; the
    # procuratorate (and police, courts, legal affairs office) read the cases sent to them.
    procuratorate = f.make_user("city_procuratorate", "oversight", CITY, oversight_body="procuratorate")
    for user in (world.clerk_lanshan_inst, world.clerk_luozhuang_inst, procuratorate):
        client.force_login(user)
        assert client.get(URL).status_code == 404
    client.force_login(procuratorate)
    assert f'href="{URL}"' not in client.get(reverse("accountability:case_list")).content.decode()
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_office_filter_stays_within_the_jurisdiction(world, client):
    complaint = file_complaint(world.inst_lanshan, now=timezone.now() - datetime.timedelta(days=6))
    client.force_login(world.city["leader"])
    assert complaint.get_absolute_url() in client.get(URL).content.decode()
    assert complaint.get_absolute_url() in client.get(f"{URL}?office={LANSHAN}").content.decode()
    assert complaint.get_absolute_url() not in client.get(f"{URL}?office={LUOZHUANG}").content.decode()
    assert client.get(f"{URL}?office=999999").status_code == 404
    assert client.get(f"{URL}?as_of=yesterday").status_code == 404

    client.force_login(world.luozhuang["leader"])
    assert client.get(f"{URL}?office={LANSHAN}").status_code == 404
    assert complaint.get_absolute_url() not in client.get(URL).content.decode()


def test_the_case_link_only_where_cases_can_be_opened(world, client):
    file_complaint(world.inst_lanshan, now=timezone.now() - datetime.timedelta(days=6))
    try:
        reverse("accountability:case_create")
        installed = True
    except NoReverseMatch:
        try:
            reverse("accountability:case_open")
            installed = True
        except NoReverseMatch:
            installed = False
    client.force_login(world.lanshan["leader"])
    assert ("?source=complaints.complaint%3A" in client.get(URL).content.decode()) == installed
    client.force_login(world.lanshan["clerk"])  # may see the duties, may not open cases
    assert "?source=" not in client.get(URL).content.decode()
