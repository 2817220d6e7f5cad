"""The measure decision that imposes a fine prints the article, its range and the amount: checked on
the PDF LibreOffice makes (pdftotext), through the inspections service as a leader decides it."""

import re
import shutil
from decimal import Decimal

import pytest

from finsup.documents import services
from finsup.documents.models import OfficialDocument
from finsup.inspections import services as measures
from finsup.inspections.choices import MeasureKind
from finsup.inspections.models import IssuedDocument
from tests import factories as f
from tests.documents.issuing import sign_all_open


@pytest.fixture(autouse=True)
def _libreoffice():
    assert shutil.which("soffice"), "needs LibreOffice: apt-get install libreoffice-writer-nogui (.ci/run does)"


def test_the_decision_prints_the_article_range_and_amount(world):
    institution = f.make_institution("371302", kind="private_capital", name="临沂市兰山区汇通民间资本管理有限公司")
    measure = measures.measure_impose(
        by=world.lanshan["leader"],
        institution=institution,
        kind=MeasureKind.RECTIFICATION_ORDER,
        reasons="民间资本管理机构对单一项目投资超过注册资本30%，经责令限期改正逾期仍未改正。",
        basis="《山东省地方金融条例》第三十九条、第五十条",
        penalty="sd_fin_50",
        fine=Decimal("25000"),
    )
    sign_all_open()
    issued = IssuedDocument.objects.get(measure=measure)
    raw = services.document_pdf_text(OfficialDocument.objects.get(pk=issued.document_id))
    text = re.sub(r"\s+", "", raw)
    assert issued.number in text and institution.name in text
    assert "依据《山东省地方金融条例》第五十条" in text
    assert "处1万元以上3万元以下罚款" in text
    assert "我办决定对你公司处以罚款人民币2.5万元。" in text
