"""The issue's acceptance: every kind converts to a PDF whose text holds the Chinese title, the
number and the institution's name. One LibreOffice run converts them all."""

import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from finsup.documents import services
from finsup.documents.choices import KIND_TITLES, DocumentKind, DocumentStatus

from .issuing import signed_off
from .samples import SAMPLES


@pytest.fixture(autouse=True)
def _libreoffice():
    # Never skipped: without LibreOffice the documents cannot be checked, and that is a failure.
    assert shutil.which("soffice"), "needs LibreOffice: apt-get install libreoffice-writer-nogui (.ci/run does)"


def _compact(text: str) -> str:
    # pdftotext puts spaces between Latin digits and Chinese, and breaks long lines
    return re.sub(r"\s+", "", text)


def test_every_kind_becomes_a_pdf_with_its_title_number_and_institution(world, offices):
    city, _ = offices
    drafts = [
        services.document_draft(
            kind=kind, office=city, institution=world.inst_lanshan, context=SAMPLES[kind], by=world.city["inspector"]
        )
        for kind in DocumentKind
    ]
    finals = signed_off(drafts, by=world.city["leader"])

    year = timezone.localdate().year
    seen = {}
    for document in finals:
        assert document.status == DocumentStatus.FINAL
        text = _compact(services.document_pdf_text(document))
        title = KIND_TITLES[document.kind]
        assert title in text, document.kind
        assert document.number in text, document.kind
        assert world.inst_lanshan.name in text, document.kind
        assert "临沂市金融工作办公室" in text
        seen[document.kind] = document.number
    assert seen[DocumentKind.INSPECTION_NOTICE] == f"临金办检〔{year}〕1号"
    assert seen[DocumentKind.RECTIFICATION_NOTICE] == f"临金办检〔{year}〕6号"
    assert seen[DocumentKind.INTERVIEW_MEMO] == f"临金办谈〔{year}〕2号"
    assert seen[DocumentKind.MEASURE_DECISION] == f"临金办措〔{year}〕1号"
    assert seen[DocumentKind.PENALTY_SERVICE_RECEIPT] == f"临金办罚〔{year}〕7号"

    confirmation = _compact(services.document_pdf_text(finals[1]))
    assert "被检查机构负责人（签字）" in confirmation
    opinion = _compact(services.document_pdf_text(finals[4]))
    assert "2026年12月20日前" in opinion and "抄送：山东省地方金融监督管理局" in opinion

    fonts = subprocess.run(["pdffonts", finals[0].pdf.path], capture_output=True, text=True, check=True).stdout
    assert re.search(r"CJK\S*\s.*\byes\b", fonts), fonts  # a CJK face, embedded
