"""The city forwards to the province what the province decides with a request (请示): addressed
to the province, one matter, the facts of the file and the reviews, the city's opinion, the
application's documents as attachments, the contact person; numbered at sign-off. A change made
only of what is filed is not forwarded."""

import io

import pytest
from docx import Document

from finsup.core.errors import ApplicationError
from finsup.documents.models import OfficialDocument
from finsup.institutions.choices import InstitutionKind
from finsup.licensing import services
from finsup.licensing.choices import ApplicationStatus as S
from finsup.licensing.choices import ApplicationType, ChangeKind, province_decides
from tests import factories as f

from .helpers import at, pdf
from .test_applications import file_change, file_establishment, through_city

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _docx_text(document) -> str:
    with document.docx.open("rb") as handle:
        return "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)


def test_what_the_province_decides():
    assert province_decides(ApplicationType.ESTABLISH, InstitutionKind.MICROLOAN, [])
    assert province_decides(ApplicationType.TERMINATE, InstitutionKind.GUARANTEE, [])
    assert province_decides(ApplicationType.CHANGE, InstitutionKind.GUARANTEE, [ChangeKind.CAPITAL])
    assert province_decides(ApplicationType.CHANGE, InstitutionKind.MICROLOAN, [ChangeKind.NAME])
    # 国务院令第683号 第九条: a guarantee company files a change of name, shareholder or executives.
    assert not province_decides(ApplicationType.CHANGE, InstitutionKind.GUARANTEE, [ChangeKind.NAME])


def test_forwarding_an_establishment_drafts_the_citys_request_to_the_province(world, clock):
    clock(at(2026, 11, 2))
    app = file_establishment(
        world,
        description="发起人申请设立，注册资本1亿元。",
        documents=[("可行性研究报告", pdf()), ("发起人协议", pdf(b"%PDF-1.4 b", "b.pdf"))],
    )
    through_city(world, app)
    app = services.application_step(
        by=world.city["leader"], application=app, to_status=S.FORWARDED, reason="经审查符合设立条件，同意设立"
    )
    document = OfficialDocument.objects.get(pk=app.request_document_id)
    assert document.kind == "request" and document.office == f.office("371300")
    assert document.title == "关于设立临沂市兰山区拟设小额贷款有限公司的请示"
    text = _docx_text(document)
    assert "临金办请〔 〕号" in text and "签发人：" in text
    assert "关于设立临沂市兰山区拟设小额贷款有限公司的请示\n山东省地方金融监督管理局：" in text
    assert "兰山区金融工作办公室报来临沂市兰山区拟设小额贷款有限公司设立申请。发起人申请设立，注册资本1亿元。" in text
    assert "县级初审意见：材料齐全" in text and "市级审查意见：符合条件" in text
    assert "（一）经审查符合设立条件，同意设立。\n妥否，请批示。" in text
    assert "附件：1．可行性研究报告" in text and "2．发起人协议" in text
    assert f"（联系人：{world.city['leader']}" in text
    assert "转报" not in text  # the city's superior is the province itself


def test_a_change_that_is_only_filed_is_not_forwarded(world, clock):
    clock(at(2026, 11, 2))
    guarantee = f.make_institution("371302", kind=InstitutionKind.GUARANTEE)
    app = through_city(world, file_change(world, inst=guarantee, by=world.lanshan["clerk"]))
    with pytest.raises(ApplicationError) as error:
        services.application_step(by=world.city["leader"], application=app, to_status=S.FORWARDED, reason="报省")
    assert error.value.code == "not_for_the_province"
    app.refresh_from_db()
    assert app.status == S.CITY_PASSED and app.request_document_id is None
