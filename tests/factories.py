"""Test data builders shared by every test module. Valid identifiers are computed, never typed."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from stdnum.cn import ric, uscc

from finsup.accounts.choices import OversightBody, Role
from finsup.accounts.models import Office, User
from finsup.institutions.choices import InstitutionKind, InstitutionStatus
from finsup.institutions.models import Institution

PASSWORD = "Test-Passw0rd!"
_counter = itertools.count(1)


def credit_code(n: int | None = None) -> str:
    """A valid unified social credit code (GB 32100-2015) ending in a serial number."""
    n = next(_counter) if n is None else n
    body = f"91371302MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def id_number(n: int | None = None, birth: str = "19800101", region: str = "372822") -> str:
    """A valid resident ID number (GB 11643-1999). Region codes depend on the birth year: people
    born in Linyi before 1994 carry 3728xx (临沂地区; 372822 is 郯城县), not 3713xx."""
    n = next(_counter) if n is None else n
    body = f"{region}{birth}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects the check slot present


def office(code: str) -> Office:
    return Office.objects.get(code=code)


def make_user(username: str, role: str, office_code: str | None = None, institution=None, **extra) -> User:
    if role == Role.OVERSIGHT:
        extra.setdefault("oversight_body", OversightBody.DISCIPLINE)
    user = User(username=username, role=role, display_name=extra.pop("display_name", username), **extra)
    if institution is not None:
        user.institution = institution
    elif user.partner_id is None:
        user.office = office(office_code)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_institution(county_code: str = "371302", kind: str = InstitutionKind.MICROLOAN, **fields) -> Institution:
    n = next(_counter)
    defaults = dict(
        credit_code=credit_code(n),
        name=f"测试{n}号小额贷款有限公司",
        kind=kind,
        county=office(county_code),
        registered_capital=Decimal("100000000.00"),
        paid_in_capital=Decimal("100000000.00"),
        established_on=datetime.date(2015, 3, 1),
        approved_on=datetime.date(2015, 2, 1),
        approval_doc_no=f"鲁金办字〔2015〕{n}号",
        status=InstitutionStatus.OPERATING,
    )
    defaults.update(fields)
    institution = Institution.objects.create(**defaults)
    institution.business_region.set([institution.county])
    return institution


def all_roles_in(office_code: str, prefix: str) -> dict[str, User]:
    return {
        role: make_user(f"{prefix}_{role}", role, office_code)
        for role in Role
        if role not in (Role.INSTITUTION, Role.PARTNER)
    }


def make_partner(county_code: str = "371300", kind: str = "bank", name: str | None = None, **fields):
    """A resident institution or partner department in the register (finsup.partners)."""
    from finsup.core import clock
    from finsup.partners.models import Partner

    by = fields.pop("created_by", None) or User.objects.filter(is_superuser=False, office__isnull=False).first()
    return Partner.objects.create(
        name=name or f"测试银行{Partner.objects.count() + 1}临沂分行",
        kind=kind,
        county=office(county_code),
        created_by=by,
        created_at=clock.now(),
        **fields,
    )
