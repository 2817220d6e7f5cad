"""The register of resident institutions and partners: who may register and record (permissions and
scoping), bad input refused in Chinese with nothing written, major matters append-only at the
database, phones masked on screen and encrypted at rest, and a partner's own user seeing only the
surveys sent to it."""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import translation

from finsup.core import clock
from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.partners import selectors, services
from finsup.partners.models import MajorMatter, Partner
from tests import factories as f
from tests.conftest import CITY, LANSHAN, LUOZHUANG

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 9, 15, 4, 0, tzinfo=datetime.UTC)  # noon in Linyi


@pytest.fixture(autouse=True)
def fixed():
    with translation.override("zh-hans"), clock.at(NOON):
        yield


def _bank(by, county=None, **data):
    return services.partner_create(
        by=by,
        county=county or by.office,
        data={"name": "中国工商银行临沂分行", "kind": "bank", "contact_phone": "13905390001", **data},
    )


def test_clerk_registers_a_bank_of_the_city_and_it_is_audited(world):
    bank = _bank(world.city["clerk"], head_office="中国工商银行股份有限公司", city_owned=False)
    assert bank.county.code == CITY and bank.kind == "bank"
    from finsup.audit.models import AuditEntry

    entry = AuditEntry.objects.get(object_id=str(bank.pk), action="create")
    assert "13905390001" not in str(entry.changes)  # the phone is not copied into the trail
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM partners_partner WHERE id = %s", [bank.pk])
        assert "13905390001" not in cursor.fetchone()[0]  # encrypted at rest


def test_bad_input_is_refused_in_chinese_and_writes_nothing(world):
    clerk = world.city["clerk"]
    with pytest.raises(ApplicationError, match="名称"):
        _bank(clerk, name=" ")
    with pytest.raises(ApplicationError, match="类型"):
        _bank(clerk, kind="pawnshop")
    _bank(clerk)
    with pytest.raises(ApplicationError, match="已在"):
        _bank(clerk)
    assert Partner.objects.count() == 1


def test_inspector_may_not_register_and_a_county_may_not_register_in_another(world):
    with pytest.raises(PermissionDenied):
        _bank(world.city["inspector"])
    with pytest.raises(PermissionDenied):
        _bank(world.lanshan["clerk"], county=f.office(LUOZHUANG))
    assert not Partner.objects.exists()


def test_county_staff_see_their_county_and_the_city_sees_all(world):
    lanshan_bank = _bank(world.lanshan["clerk"], name="兰山农商银行")
    luozhuang_bank = _bank(world.luozhuang["clerk"], name="罗庄农商银行")
    assert set(selectors.partner_list(actor=world.city["auditor"])) == {lanshan_bank, luozhuang_bank}
    assert list(selectors.partner_list(actor=world.lanshan["inspector"])) == [lanshan_bank]
    assert not selectors.partner_list(actor=world.clerk_lanshan_inst).exists()


def test_major_matters_are_recorded_checked_and_never_changed(world):
    bank = _bank(world.city["clerk"])
    leader = world.city["leader"]
    with pytest.raises(ApplicationError, match="发生了什么"):
        services.matter_record(
            by=leader, partner=bank, occurred_on=datetime.date(2026, 9, 1), kind="executives", summary=""
        )
    with pytest.raises(ApplicationError, match="不晚于今天"):
        services.matter_record(
            by=leader, partner=bank, occurred_on=datetime.date(2026, 9, 16), kind="executives", summary="行长调整"
        )
    matter = services.matter_record(
        by=leader,
        partner=bank,
        occurred_on=datetime.date(2026, 9, 1),
        kind="executives",
        summary="行长调整为张某",
        action="市金融办领导走访，了解新任行长支持地方经济的安排",
    )
    assert list(selectors.matters_of(bank)) == [matter]
    with pytest.raises(ValueError):
        matter.save()
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017  the database's own refusal
        with connection.cursor() as cursor:
            cursor.execute("UPDATE partners_majormatter SET summary = 'x' WHERE id = %s", [matter.pk])
    assert MajorMatter.objects.get().summary == "行长调整为张某"


def test_pages_show_the_register_with_the_phone_masked(world, client_for):
    bank = _bank(world.city["clerk"], contact_person="王经理")
    client = client_for(world.city["inspector"])
    page = client.get("/partners/").content.decode()
    assert "中国工商银行临沂分行" in page and "13905390001" not in page and "139****0001" in page
    detail = client.get(f"/partners/{bank.pk}/").content.decode()
    assert "王经理" in detail and "13905390001" not in detail
    assert client_for(world.luozhuang["leader"]).get(f"/partners/{bank.pk}/").status_code == 404


def test_a_matter_form_with_bad_input_answers_400_in_chinese(world, client_for):
    bank = _bank(world.city["clerk"])
    client = client_for(world.city["lead_supervisor"])
    response = client.post(
        f"/partners/{bank.pk}/matters/",
        {"occurred_on": "2026-09-01", "kind": "risk", "summary": "  ", "action": ""},
    )
    assert response.status_code == 400 and not MajorMatter.objects.exists()
    response = client.post(
        f"/partners/{bank.pk}/matters/",
        {
            "occurred_on": "2026-09-01",
            "kind": "risk",
            "summary": "某支行发生储户挤兑传言",
            "action": "会同人民银行处置",
        },
    )
    assert response.status_code == 302 and MajorMatter.objects.count() == 1


def test_a_partner_user_lands_on_its_surveys_and_sees_nothing_else(world, client_for):
    bank = _bank(world.city["clerk"])
    user = f.make_user("icbc", "partner", partner=bank)
    client = client_for(user)
    assert client.get("/dashboard/").url == "/surveys/"
    assert client.get("/surveys/").status_code == 200
    for path in ("/partners/", f"/partners/{bank.pk}/", "/institutions/", "/analysis/", "/worklog/"):
        assert client.get(path).status_code == 404, path
    assert user.audit_office_path == f.office(CITY).path
    assert LANSHAN  # the county fixtures exist


def test_the_database_refuses_a_partner_user_with_an_office(world):
    bank = f.make_partner()
    from django.db import IntegrityError

    from finsup.accounts.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="mixed", role="partner", partner=bank, office=f.office(CITY))
