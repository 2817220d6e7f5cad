import datetime

import pytest

from finsup.audit.models import AuditEntry
from finsup.core.errors import InvalidTransition, PermissionDenied
from finsup.core.personal_data import lookup_hash
from finsup.institutions import services
from finsup.institutions.models import KeyPerson
from tests import factories as f


def test_status_change_follows_allowed_transitions_and_keeps_history(world):
    inst, by = world.inst_lanshan, world.lanshan["leader"]
    services.institution_change_status(
        by=by,
        institution=inst,
        to_status="suspended",
        effective_on=datetime.date(2026, 1, 5),
        reason="整改期间暂停新增业务",
    )
    services.institution_change_status(
        by=by, institution=inst, to_status="revoked", effective_on=datetime.date(2026, 6, 1), reason="取消试点资格"
    )
    with pytest.raises(InvalidTransition):
        services.institution_change_status(
            by=by, institution=inst, to_status="operating", effective_on=datetime.date(2026, 7, 1), reason="x"
        )
    inst.refresh_from_db()
    assert inst.status == "revoked"
    assert [c.to_status for c in inst.status_changes.order_by("effective_on")] == ["suspended", "revoked"]
    assert AuditEntry.objects.filter(action="status", object_id=str(inst.pk)).count() == 2


def test_county_staff_cannot_change_another_county(world):
    with pytest.raises(PermissionDenied):
        services.institution_update(by=world.lanshan["clerk"], institution=world.inst_luozhuang, data={"address": "x"})


def test_read_only_roles_cannot_change(world):
    for role in ("inspector", "auditor"):
        with pytest.raises(PermissionDenied):
            services.institution_update(by=world.city[role], institution=world.inst_lanshan, data={"address": "x"})


def test_update_records_before_and_after(world):
    services.institution_update(by=world.city["clerk"], institution=world.inst_lanshan, data={"address": "新地址 1 号"})
    entry = AuditEntry.objects.filter(action="update").latest("seq")
    assert entry.changes["address"] == ["", "新地址 1 号"]
    assert entry.office_path == world.inst_lanshan.county.path


def test_personal_data_is_encrypted_hashed_and_masked_in_the_audit(world):
    from django.db import connection

    number = f.id_number()
    person = KeyPerson(
        institution=world.inst_lanshan, name="王五", position="general_manager", id_number=number, phone="13805391234"
    )
    services.key_person_save(by=world.lanshan["clerk"], person=person)
    with connection.cursor() as cur:
        cur.execute("SELECT id_number, phone FROM institutions_keyperson WHERE id = %s", [person.pk])
        raw_id, raw_phone = cur.fetchone()
    assert number not in raw_id and "13805391234" not in raw_phone
    assert KeyPerson.objects.get(pk=person.pk).id_number == number
    assert KeyPerson.objects.get(pk=person.pk).id_number_hash == lookup_hash(number)
    entry = AuditEntry.objects.filter(object_type="institutions.keyperson").latest("seq")
    text = str(entry.changes)
    assert number not in text and "13805391234" not in text
    assert entry.changes["id_number"][1] == number[:6] + "********" + number[-4:]


def test_lead_supervisor_must_be_filed_and_in_jurisdiction(world):
    from django.core.exceptions import ValidationError  # noqa: F401

    from finsup.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        services.institution_update(
            by=world.city["clerk"],
            institution=world.inst_lanshan,
            data={
                "lead_supervisor": world.luozhuang["lead_supervisor"],
                "lead_supervisor_filed_on": datetime.date(2026, 1, 1),
            },
        )
    with pytest.raises(ApplicationError):
        services.institution_update(
            by=world.city["clerk"],
            institution=world.inst_lanshan,
            data={"lead_supervisor": world.lanshan["lead_supervisor"]},
        )
    services.institution_update(
        by=world.city["clerk"],
        institution=world.inst_lanshan,
        data={
            "lead_supervisor": world.lanshan["lead_supervisor"],
            "lead_supervisor_filed_on": datetime.date(2026, 1, 1),
        },
    )


def test_open_warnings_follow_a_new_lead_supervisor(world):
    from finsup.monitoring.services import warning_open

    inst, old, new = (
        world.inst_lanshan,
        world.lanshan["lead_supervisor"],
        f.make_user("ls2", "lead_supervisor", "371302"),
    )
    services.institution_update(
        by=world.city["clerk"],
        institution=inst,
        data={"lead_supervisor": old, "lead_supervisor_filed_on": datetime.date(2026, 1, 1)},
    )
    inst.refresh_from_db()
    warning, _ = warning_open(institution=inst, key="t", source="late_filing", level="info", title="t")
    assert warning.assigned_to == old
    services.institution_update(
        by=world.city["clerk"],
        institution=inst,
        data={"lead_supervisor": new, "lead_supervisor_filed_on": datetime.date(2026, 2, 1)},
    )
    warning.refresh_from_db()
    assert warning.assigned_to == new
