"""An upload's type is what both its bytes (puremagic) and its name's extension say, and one the
upload accepts; real files: a PDF, a JPEG and a PNG made by poppler (tests/core/files)."""

from pathlib import Path

import pytest

from finsup.core.errors import ApplicationError
from finsup.core.file_types import JPEG, PDF, PDF_OR_IMAGE, PNG, content_types_of, file_type_of

FILES = Path(__file__).parent / "files"
REAL_PDF = (FILES / "receipt.pdf").read_bytes()
REAL_JPEG = (FILES / "seal.jpg").read_bytes()
REAL_PNG = (FILES / "seal.png").read_bytes()
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PDF_THEN_HTML = b"%PDF-" + HTML


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("receipt.pdf", REAL_PDF, PDF),
        ("RECEIPT.PDF", REAL_PDF, PDF),
        ("seal.jpg", REAL_JPEG, JPEG),
        ("seal.jpeg", REAL_JPEG, JPEG),
        ("seal.png", REAL_PNG, PNG),
    ],
)
def test_real_files_whose_name_and_content_agree_are_accepted(name, content, expected):
    assert file_type_of(name, content, PDF_OR_IMAGE, field="f") == expected


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", PDF_THEN_HTML, "只能上传 PDF、PNG、JPEG 文件"),  # issue 13: was accepted under its .html name
        ("statement.pdf", HTML, "不是其文件名所示的 PDF 文件"),  # an HTML page renamed .pdf
        ("seal.png", REAL_JPEG, "不是其文件名所示的 PNG 文件"),  # allowed types, but they disagree
        ("receipt.jpg", REAL_PDF, "不是其文件名所示的 JPEG 文件"),
        ("receipt", REAL_PDF, "只能上传"),  # no extension
        ("receipt.pdf.exe", REAL_PDF, "只能上传"),
        ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 60, "PDF"),  # a Windows program named like a PDF
        ("notes.pdf", b"just some text", "PDF"),
    ],
)
def test_a_file_whose_name_and_content_disagree_is_refused_with_a_clear_chinese_error(name, content, message):
    with pytest.raises(ApplicationError, match=message) as refused:
        file_type_of(name, content, PDF_OR_IMAGE, field="attachments")
    assert refused.value.field == "attachments"


def test_the_content_is_read_by_its_signature():
    assert "application/pdf" in content_types_of(REAL_PDF)
    assert "image/jpeg" in content_types_of(REAL_JPEG)
    assert content_types_of(HTML) == {"text/html"}
    assert content_types_of(b"") == set() and content_types_of(b"plain words") == set()
