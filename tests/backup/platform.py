"""A small but real platform for the backup tests, built through the services: institutions with
personal data (key persons, a shareholder, a complainant), a filing, a loan batch in the store
and a complaint attachment in the media folder."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from finsup.accounts.choices import Role
from finsup.institutions import services as institution_services
from finsup.institutions.choices import HolderType, Position
from finsup.institutions.models import KeyPerson, Shareholder
from finsup.loans.choices import FeedChannel
from finsup.loans.feeds import loan_batch_receive
from finsup.loans.ingest import company_glob
from finsup.loans.portfolio import books
from finsup.reporting import services as reporting_services
from finsup.reporting.models import Submission
from tests import factories as f
from tests.complaints.factories import PNG, attachment, file_complaint
from tests.loans.factories import write_csv
from tests.loans.feed_helpers import company, own_rows
from tests.reporting.helpers import Q1_2026, pc_figures

AS_OF = datetime.date(2026, 11, 27)


@dataclass
class Built:
    person_pk: int
    person_id_number: str
    complaint_pk: int
    complainant_phone: str
    attachment_name: str
    loan_company: str
    submission_pk: int


def build(tmp_path: Path) -> Built:
    clerk = f.make_user("bk_county_clerk", Role.CLERK, "371302")
    inst = f.make_institution("371302")
    id_number = f.id_number(7)
    person = institution_services.key_person_save(
        by=clerk,
        person=KeyPerson(
            institution=inst, name="张三", position=Position.CHAIRMAN, id_number=id_number, phone="13812345678"
        ),
    )
    institution_services.shareholder_save(
        by=clerk,
        shareholder=Shareholder(
            institution=inst,
            name="李四",
            holder_type=HolderType.PERSON,
            id_number=f.id_number(8),
            stake=Decimal("30"),
            subscribed_capital=Decimal("30000000"),
        ),
    )
    complaint = file_complaint(inst, anonymous=False, attachments=[attachment(PNG, "photo.png")])
    pc = f.make_institution("371302", kind="private_capital", established_on=datetime.date(2018, 1, 1))
    pc_clerk = f.make_user("bk_pc_clerk", Role.INSTITUTION, institution=pc)
    submission = reporting_services.submission_file(
        by=pc_clerk,
        institution=pc,
        report_code="pc_quarterly",
        period=Q1_2026,
        raw=pc_figures(),
        channel="web",
        correction_reason="",
    )
    lender, lender_clerk = company("bkloans")
    loan_batch_receive(
        institution=lender,
        channel=FeedChannel.UPLOAD,
        source_name="loans.csv",
        path=write_csv(tmp_path / "loans.csv", own_rows(lender)),
        by=lender_clerk,
    )
    return Built(
        person_pk=person.pk,
        person_id_number=id_number,
        complaint_pk=complaint.pk,
        complainant_phone="13812345678",
        attachment_name=complaint.attachments.get().file.name,
        loan_company=lender.credit_code,
        submission_pk=Submission.objects.get(pk=submission.pk).pk,
    )


def loan_book(store: Path, company_code: str):
    return books([company_glob(store, company_code)], as_of=AS_OF)
