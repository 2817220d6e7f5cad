"""The demo's plain PDFs (finsup.demo.activity_pdf) and the documents app's hook that uses them
instead of LibreOffice (finsup.documents.pdf.converted_by)."""

import io

from docx import Document

from finsup.demo.activity_pdf import docx_as_pdf, docx_lines, text_pdf
from finsup.documents import pdf


def _docx(*paragraphs: str, cells: tuple[str, ...] = ()) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if cells:
        row = document.add_table(rows=1, cols=len(cells)).rows[0]
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_text_of_a_docx_is_read_in_order_with_its_table_cells():
    lines = docx_lines(_docx("现场检查意见书", "", "一、检查发现的问题 <A&B>", cells=("组长", "张三")))
    assert lines == ["现场检查意见书", "一、检查发现的问题 <A&B>", "组长", "张三"]


def test_a_text_pdf_is_read_back_by_pdftotext_and_long_text_takes_several_pages():
    long = "根据《山东省地方金融条例》第四十二条，现将检查意见告知如下。" * 80
    content = text_pdf(["现场检查意见书", "临沂市兰山区富民农村小额贷款股份有限公司：", long, "2026年10月9日"])
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert content.count(b"/Type /Page ") >= 2
    text = "".join(pdf.pdf_text(content).split())
    assert "现场检查意见书" in text and "富民农村小额贷款" in text and "2026年10月9日" in text


def test_within_converted_by_no_libreoffice_runs_and_outside_it_does(monkeypatch):
    runs = []
    monkeypatch.setattr(pdf, "soffice_binary", lambda: runs.append(1) or None)
    docx = _docx("整改通知书", "请于30日内报送整改报告。")
    with pdf.converted_by(docx_as_pdf):
        (made,) = pdf.docx_to_pdf_many([docx])
    assert not runs and "整改通知书" in pdf.pdf_text(made)
    try:
        pdf.docx_to_pdf_many([docx])
    except pdf.PdfUnavailable:
        pass
    assert runs == [1]  # the hook is gone after the block: LibreOffice is asked again
