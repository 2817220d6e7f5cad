from django.urls import reverse

from tests.factories import make_user

LANSHAN = "371302"


def test_contacts_show_lead_supervisors_without_usernames(db, client):
    make_user("ls_lead_zhang", "lead_supervisor", LANSHAN, display_name="张主监", work_phone="0539-8100001")
    make_user("ls_inspector_li", "inspector", LANSHAN, display_name="李检查", work_phone="0539-8100002")
    content = client.get(reverse("portal:contacts")).content.decode()
    assert "张主监" in content and "0539-8100001" in content
    assert "ls_lead_zhang" not in content
    assert "李检查" not in content and "0539-8100002" not in content
    assert "ls_inspector_li" not in content


def test_contacts_list_the_city_first_then_counties_and_zones(db, client):
    content = client.get(reverse("portal:contacts")).content.decode()
    city, lanshan, zone = (content.index(f'id="office-{code}"') for code in ("371300", "371302", "371373"))
    assert city < lanshan < zone
    assert "兰山区金融工作办公室" in content
    assert "0539-8726072" in content
    assert "山东省地方金融监督管理局" not in content


def test_inactive_lead_supervisors_are_not_published(db, client):
    make_user("gone", "lead_supervisor", LANSHAN, display_name="王离职", work_phone="0539-8100003", is_active=False)
    assert "王离职" not in client.get(reverse("portal:contacts")).content.decode()


def test_contacts_take_two_queries(db, client, django_assert_num_queries):
    make_user("lead_a", "lead_supervisor", LANSHAN, display_name="甲", work_phone="0539-8100010")
    make_user("lead_b", "lead_supervisor", "371311", display_name="乙", work_phone="0539-8100011")
    with django_assert_num_queries(2):
        client.get(reverse("portal:contacts"))
