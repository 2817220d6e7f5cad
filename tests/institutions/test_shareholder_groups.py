"""Related shareholder groups and the online-lending licence in the registry: services (audited,
scoped), the holdings the rules read, and the pages."""

from decimal import Decimal

import pytest

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.institutions import services
from finsup.institutions.models import Shareholder, ShareholderGroup
from finsup.institutions.selectors import holdings, largest_holding_stakes
from tests import factories as f

D = Decimal


def _holder(inst, name, capital, group=None):
    return Shareholder(
        institution=inst,
        name=name,
        holder_type="enterprise",
        credit_code=f.credit_code(),
        stake=D(capital) / D(1_000_000),
        subscribed_capital=D(capital),
        related_group=group,
    )


def test_a_group_is_saved_audited_and_counts_its_members_as_one_holding(world):
    inst, clerk = world.inst_lanshan, world.lanshan["clerk"]  # registered capital 100,000,000
    group = services.shareholder_group_save(
        by=clerk, group=ShareholderGroup(institution=inst, name=" 沂河控股系 ", basis="control", note="同一实际控制人")
    )
    assert group.name == "沂河控股系"
    entry = AuditEntry.objects.filter(action="create", object_id=str(group.pk)).latest("seq")
    assert entry.changes["name"] == [None, "沂河控股系"] and entry.office_path == inst.county.path
    services.shareholder_save(by=clerk, shareholder=_holder(inst, "临沂沂河实业有限公司", "18000000.00", group))
    services.shareholder_save(by=clerk, shareholder=_holder(inst, "临沂沂河物流有限公司", "7000000.00", group))
    services.shareholder_save(by=clerk, shareholder=_holder(inst, "临沂蒙山投资有限公司", "20000000.00"))
    listed = holdings(inst.shareholders.select_related("related_group"))
    assert [(h.name, h.subscribed_capital, h.stake) for h in listed] == [
        ("沂河控股系", D("25000000.00"), D("25.0000")),
        ("临沂蒙山投资有限公司", D("20000000.00"), D("20.0000")),
    ]
    assert listed[0].members == ("临沂沂河实业有限公司", "临沂沂河物流有限公司")
    assert largest_holding_stakes([inst.pk, world.inst_luozhuang.pk]) == {inst.pk: D("0.25")}  # none recorded there


def test_group_names_are_unique_per_institution_and_groups_stay_in_theirs(world):
    clerk = world.lanshan["clerk"]
    services.shareholder_group_save(
        by=clerk, group=ShareholderGroup(institution=world.inst_lanshan, name="张氏家族", basis="family")
    )
    with pytest.raises(ApplicationError) as err:
        services.shareholder_group_save(
            by=clerk, group=ShareholderGroup(institution=world.inst_lanshan, name="张氏家族", basis="concert")
        )
    assert err.value.field == "name"
    other = services.shareholder_group_save(
        by=world.luozhuang["clerk"],
        group=ShareholderGroup(institution=world.inst_luozhuang, name="张氏家族", basis="family"),
    )
    with pytest.raises(ApplicationError) as err:
        holder = _holder(world.inst_lanshan, "张三投资有限公司", "1000000", other)
        services.shareholder_save(by=clerk, shareholder=holder)
    assert err.value.field == "related_group"


def test_a_group_with_members_is_not_deleted(world):
    inst, clerk = world.inst_lanshan, world.lanshan["clerk"]
    group = services.shareholder_group_save(
        by=clerk, group=ShareholderGroup(institution=inst, name="一致行动人", basis="concert")
    )
    holder = services.shareholder_save(by=clerk, shareholder=_holder(inst, "临沂某某投资有限公司", "5000000", group))
    with pytest.raises(ApplicationError):
        services.shareholder_group_delete(by=clerk, group=group)
    holder.related_group = None
    services.shareholder_save(by=clerk, shareholder=holder)
    pk = group.pk
    services.shareholder_group_delete(by=clerk, group=group)
    assert not ShareholderGroup.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.get(action="delete", object_id=str(pk)).changes["name"] == ["一致行动人", None]


def test_other_counties_and_read_only_roles_cannot_write_groups(world):
    group = ShareholderGroup(institution=world.inst_lanshan, name="某某系", basis="other")
    for user in (world.luozhuang["clerk"], world.city["auditor"]):
        with pytest.raises(PermissionDenied):
            services.shareholder_group_save(by=user, group=group)


def test_only_a_microloan_company_is_licensed_for_online_lending(world):
    clerk = world.lanshan["clerk"]
    services.institution_update(by=clerk, institution=world.inst_lanshan, data={"online_lending": True})
    world.inst_lanshan.refresh_from_db()
    assert world.inst_lanshan.online_lending is True
    entry = AuditEntry.objects.filter(action="update", object_id=str(world.inst_lanshan.pk)).latest("seq")
    assert entry.changes["online_lending"] == [False, True]
    guarantor = f.make_institution(kind="guarantee", name="临沂测试融资担保有限公司")
    with pytest.raises(ApplicationError) as err:
        services.institution_update(by=clerk, institution=guarantor, data={"online_lending": True})
    assert err.value.field == "online_lending"


def test_the_shareholders_tab_shows_groups_and_holdings(world, client_for):
    inst, clerk = world.inst_lanshan, world.lanshan["clerk"]
    group = services.shareholder_group_save(
        by=clerk, group=ShareholderGroup(institution=inst, name="沂河控股系", basis="control")
    )
    services.shareholder_save(by=clerk, shareholder=_holder(inst, "临沂沂河实业有限公司", "18000000.00", group))
    services.shareholder_save(by=clerk, shareholder=_holder(inst, "临沂沂河物流有限公司", "7000000.00", group))
    page = client_for(clerk).get(f"/institutions/{inst.pk}/?tab=shareholders").content.decode()
    assert "沂河控股系" in page and "25,000,000.00" in page and "同一控制" in page


def test_a_group_is_added_and_a_shareholder_joined_through_the_forms(world, client_for):
    inst, clerk = world.inst_lanshan, world.lanshan["clerk"]
    client = client_for(clerk)
    response = client.post(
        f"/institutions/{inst.pk}/shareholder-groups/new/", {"name": "王氏家族", "basis": "family", "note": ""}
    )
    assert response.status_code == 302
    group = ShareholderGroup.objects.get(institution=inst, name="王氏家族")
    other = ShareholderGroup.objects.create(institution=world.inst_luozhuang, name="外县家族", basis="family")
    form = client.get(f"/institutions/{inst.pk}/shareholders/new/").content.decode()
    assert "王氏家族" in form and "外县家族" not in form  # only the institution's own groups
    data = {
        "name": "临沂王氏投资有限公司",
        "holder_type": "enterprise",
        "credit_code": f.credit_code(),
        "stake": "12",
        "subscribed_capital": "12000000",
        "since": "2020-01-01",
        "related_group": group.pk,
    }
    assert client.post(f"/institutions/{inst.pk}/shareholders/new/", data).status_code == 302
    assert Shareholder.objects.get(name="临沂王氏投资有限公司").related_group == group
    refused = client.post(f"/institutions/{inst.pk}/shareholders/new/", {**data, "related_group": other.pk})
    assert refused.status_code == 200 and not Shareholder.objects.filter(related_group=other).exists()
    deleted = client.post(f"/institutions/{inst.pk}/shareholder-group/{group.pk}/delete/")
    assert deleted.status_code == 302 and ShareholderGroup.objects.filter(pk=group.pk).exists()  # has a member
