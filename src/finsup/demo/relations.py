"""Demo structures for the ownership and related-party graph (issue 20), planted in the first
operating microloan company of 兰山区 (by credit code) so that its lead supervisor sees them:

* a controller behind three companies through two layers: 周恒远 holds 80% of 临沂恒远投资, which
  holds 70% of the company's largest enterprise shareholder (declared ownership above it); he also
  holds 90% of 临沂恒远实业, which holds 60% of 临沂恒远商贸 and 51% of 临沂恒远建材, and all of
  临沂恒远物流;
* the three companies borrow from it, loans not marked as related-party loans (the undeclared
  related-party lending the rules must find), together above the group limit of its net assets
  while each stays under the single-borrower limit;
* 临沂恒远商贸 borrows from a second company too (exposure across institutions), and three borrowers
  of that company give one phone number (a suspicion).

Then the graph is built and its rules run at the last month end, like the loan rules."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from finsup.accounts.choices import Role
from finsup.accounts.selectors import users_active
from finsup.core import clock
from finsup.graph.build import graph_build
from finsup.graph.models import DeclaredHolding
from finsup.graph.rules import graph_evaluate
from finsup.graph.services import declared_holding_save
from finsup.institutions.choices import HolderType, InstitutionKind
from finsup.institutions.selectors import institutions_operating
from finsup.loans.choices import FeedChannel
from finsup.loans.evaluation import company_context
from finsup.loans.feeds import loan_batch_receive

from .filings_timeline import LOCAL
from .identifiers import Mint

COUNTY = "371302"
SHARE_OF_NET_ASSETS = Decimal("0.065")  # each of the three: under 10 %, together 19.5 % > 15 %


def _loan(inst, n: int, borrower: str, kind: str, amount: Decimal, contract: datetime.date, phone: str = "") -> dict:
    return {
        "company_credit_code": inst.credit_code,
        "loan_id": f"{inst.credit_code[-6:]}-R{n:04d}",
        "loan_version": "1",
        "borrower_id": borrower,
        "borrower_phone": phone,
        "borrower_group_id": "",
        "borrower_type": kind,
        "borrower_county": inst.county.code,
        "principal": f"{amount:.2f}",
        "annual_rate_all_in": "13.80",
        "upfront_deduction": "0.00",
        "contract_date": contract.isoformat(),
        "start_date": contract.isoformat(),
        "due_date": (contract + datetime.timedelta(days=365)).isoformat(),
        "status": "normal",
        "outstanding": f"{amount:.2f}",
        "overdue_days": "0",
        "security": "guarantee",
        "purpose": "small_business",
        "industry": "F51",
        "related_party": "false",
    }


def relations_load(*, seed: int, as_of: datetime.date) -> dict[str, int]:
    companies = list(
        institutions_operating().filter(kind=InstitutionKind.MICROLOAN).select_related("county").order_by("credit_code")
    )
    home = [i for i in companies if i.county.code == COUNTY]
    if not home or len(companies) < 2:
        return {}
    inst = home[0]
    other = next(i for i in companies if i.pk != inst.pk)
    clerk = users_active(role=Role.CLERK, office__code=COUNTY).order_by("pk").first()
    rng = random.Random(f"{seed}-relations")
    mint = Mint(rng)
    last = as_of.replace(day=1) - datetime.timedelta(days=1)
    declared_at = datetime.datetime.combine(last - datetime.timedelta(days=20), datetime.time(10, 0), tzinfo=LOCAL)
    holder = inst.shareholders.filter(holder_type=HolderType.ENTERPRISE).order_by("-stake", "pk").first()
    controller_id = mint.id_number(born_from=1960, born_to=1975)
    code = {name: mint.credit_code(COUNTY, 2012) for name in ("投资", "实业", "商贸", "建材", "物流")}
    with clock.at(declared_at):
        graph_build(as_of=last)
        if holder is not None:
            above = [
                (holder.name, holder.credit_code, "临沂恒远投资有限公司", HolderType.ENTERPRISE, "", code["投资"], 70)
            ]
        else:
            above = []
        above += [
            ("临沂恒远投资有限公司", code["投资"], "周恒远", HolderType.PERSON, controller_id, "", 80),
            ("临沂恒远实业有限公司", code["实业"], "周恒远", HolderType.PERSON, controller_id, "", 90),
            ("临沂恒远商贸有限公司", code["商贸"], "临沂恒远实业有限公司", HolderType.ENTERPRISE, "", code["实业"], 60),
            ("临沂恒远建材有限公司", code["建材"], "临沂恒远实业有限公司", HolderType.ENTERPRISE, "", code["实业"], 51),
            ("临沂恒远物流有限公司", code["物流"], "周恒远", HolderType.PERSON, controller_id, "", 100),
        ]
        for held_name, held_code, holder_name, holder_type, holder_id, holder_code, stake in above:
            declared_holding_save(
                by=clerk,
                holding=DeclaredHolding(
                    institution=inst,
                    held_name=held_name,
                    held_credit_code=held_code,
                    holder_name=holder_name,
                    holder_type=holder_type,
                    holder_id_number=holder_id,
                    holder_credit_code=holder_code,
                    stake=Decimal(stake),
                    declared_on=declared_at.date(),
                ),
            )
    net_assets = company_context([inst], last)[inst.credit_code]["net_assets"] or inst.paid_in_capital
    each = (net_assets * SHARE_OF_NET_ASSETS / 1000).quantize(Decimal(1)) * 1000
    contract = last - datetime.timedelta(days=45)
    rows = [
        _loan(inst, i, code[name], "enterprise", each, contract) for i, name in enumerate(("商贸", "建材", "物流"), 1)
    ]
    phone = mint.mobile()
    strangers = [mint.id_number(born_from=1970, born_to=1995) for _ in range(3)]
    other_rows = [_loan(other, 1, code["商贸"], "enterprise", Decimal("800000"), contract)]
    other_rows += [
        _loan(other, 2 + n, person, "person", Decimal("150000"), contract, phone=phone)
        for n, person in enumerate(strangers)
    ]
    received = datetime.datetime.combine(last - datetime.timedelta(days=40), datetime.time(22, 0), tzinfo=LOCAL)
    with clock.at(received):
        for company, batch in ((inst, rows), (other, other_rows)):
            loan_batch_receive(
                institution=company, channel=FeedChannel.API, source_name="demo", records=batch, evaluate=False
            )
    with clock.at(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(7, 30), tzinfo=LOCAL)):
        summary = graph_evaluate(as_of=last)
    return {"relation_findings": len(summary.findings), "warnings_relations": summary.warnings_opened}
