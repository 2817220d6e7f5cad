"""A planted related-party structure for the graph's tests (registry records through the services,
ownership declared above the shareholders, loans through the feed)."""

import datetime
from decimal import Decimal

from finsup.accounts.choices import Role
from finsup.core import clock
from finsup.graph.models import DeclaredHolding
from finsup.graph.services import declared_holding_save
from finsup.institutions import services as registry
from finsup.institutions.models import KeyPerson, RelatedParty, Shareholder
from finsup.loans.choices import FeedChannel
from finsup.loans.feeds import loan_batch_receive
from tests import factories as f

AS_OF = datetime.date(2026, 6, 30)
NOON = datetime.datetime(2026, 6, 30, 4, 0, tzinfo=datetime.UTC)


def _loan(inst, n, borrower, kind="enterprise", outstanding="500000.00", related="false"):
    return {
        "company_credit_code": inst.credit_code,
        "loan_id": f"G{n:05d}",
        "loan_version": "1",
        "borrower_id": borrower,
        "borrower_phone": "",
        "borrower_group_id": "",
        "borrower_type": kind,
        "borrower_county": "371302",
        "principal": outstanding,
        "annual_rate_all_in": "12.00",
        "upfront_deduction": "0.00",
        "contract_date": "2026-03-01",
        "start_date": "2026-03-02",
        "due_date": "2027-03-01",
        "status": "normal",
        "outstanding": outstanding,
        "overdue_days": "0",
        "security": "credit",
        "purpose": "small_business",
        "industry": "F51",
        "related_party": related,
    }


def hold(by, inst, name: str, stake, *, code: str = "", id_number: str = "") -> None:
    """A shareholder of `inst` through the registry's service: an enterprise by its code, a person
    by an ID number."""
    registry.shareholder_save(
        by=by,
        shareholder=Shareholder(
            institution=inst,
            name=name,
            holder_type="person" if id_number else "enterprise",
            credit_code=code,
            id_number=id_number,
            stake=Decimal(stake),
            subscribed_capital=Decimal(stake) * 1_000_000,
        ),
    )


def declare(by, inst, held_name: str, held_code: str, holder_name: str, stake, *, code: str = "", id_number: str = ""):
    """An owner above a shareholder, declared by `inst`: an enterprise by its code, a person by an
    ID number."""
    declared_holding_save(
        by=by,
        holding=DeclaredHolding(
            institution=inst,
            held_name=held_name,
            held_credit_code=held_code,
            holder_name=holder_name,
            holder_type="person" if id_number else "enterprise",
            holder_id_number=id_number,
            holder_credit_code=code,
            stake=Decimal(stake),
        ),
    )


def plant(**institution_fields):
    """The planted structure (a controller two layers above the largest shareholder, three companies
    under him, a director, a declared relative) and five loans: two undeclared related ones."""
    clerk = f.make_user("g_clerk", Role.CLERK, "371302")
    inst = f.make_institution(name="临沂图谱测试小额贷款有限公司", **institution_fields)
    codes = {name: f.credit_code() for name in ("H1", "H2", "M", "C1", "LOOK")}
    ids = {name: f.id_number() for name in ("P", "S", "D", "Q", "U")}
    with clock.at(NOON):
        hold(clerk, inst, "临沂恒远控股有限公司", 55, code=codes["H2"])
        hold(clerk, inst, "孙立", 45, id_number=ids["S"])
        for held, held_name, holder, holder_name, stake in (
            ("H2", "临沂恒远控股有限公司", "H1", "临沂恒远投资有限公司", 70),
            ("H1", "临沂恒远投资有限公司", "P", "周恒远", 80),
            ("M", "临沂恒远实业有限公司", "P", "周恒远", 90),
            ("C1", "临沂恒远商贸有限公司", "M", "临沂恒远实业有限公司", 60),
        ):
            declare(
                clerk,
                inst,
                held_name,
                codes[held],
                holder_name,
                stake,
                code=codes.get(holder, ""),
                id_number=ids.get(holder, ""),
            )
        registry.key_person_save(
            by=clerk, person=KeyPerson(institution=inst, name="丁一", position="director", id_number=ids["D"])
        )
        registry.related_party_save(
            by=clerk, party=RelatedParty(institution=inst, name="丁二", relation="relative", id_number=ids["Q"])
        )
        rows = [
            _loan(inst, 1, codes["C1"]),  # controlled by the controller, two layers down: related
            _loan(inst, 2, ids["Q"], kind="person", outstanding="80000.00"),  # the declared relative
            _loan(inst, 3, ids["D"], kind="person", outstanding="50000.00", related="true"),  # declared: fine
            _loan(inst, 4, codes["LOOK"]),  # a look-alike: no relation
            _loan(inst, 5, ids["U"], kind="person"),  # a stranger
        ]
        loan_batch_receive(institution=inst, channel=FeedChannel.API, source_name="t", records=rows, evaluate=False)
    return inst, codes, ids
