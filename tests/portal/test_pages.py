import pytest
from django.urls import reverse

from finsup.accounts.choices import Role
from tests.factories import make_user

PAGES = ["portal:home", "portal:responsibilities", "portal:directory", "portal:contacts"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitor_can_open_every_portal_page(db, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_home_links_to_the_portal_pages_and_the_login(db, client):
    content = client.get(reverse("portal:home")).content.decode()
    for name in [*PAGES[1:], "accounts:login"]:
        assert f'href="{reverse(name)}"' in content


def test_home_shows_the_anti_illegal_fundraising_service(db, client):
    content = client.get(reverse("portal:home")).content.decode()
    assert "防范、打击非法集资宣传" in content
    assert "银行科" in content
    assert "0539-8726072" in content


def test_portal_pages_have_no_inline_script(db, client):
    for name in PAGES:
        content = client.get(reverse(name)).content.decode()
        assert "<script>" not in content
        assert "onclick=" not in content


def test_portal_pages_refuse_post(db, client):
    assert client.post(reverse("portal:directory")).status_code == 405


def test_home_leads_a_logged_in_user_to_the_workbench_not_the_login(db, client):
    client.force_login(make_user("lanshan_clerk_home", Role.CLERK, "371302"))
    content = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("dashboard:home")}"' in content
    assert "进入工作台" in content
    assert f'class="button" href="{reverse("accounts:login")}"' not in content
