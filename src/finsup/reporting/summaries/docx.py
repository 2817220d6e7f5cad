"""The county's narrative supervision report as DOCX, laid out after GB/T 9704-2012 党政机关公文格式
as far as python-docx allows: A4 with margins 37/35/28/26 mm (top/bottom/left/right); the
issuing office in red at the head; the document number (a report to the city is an upward
document, so the number sits left with the signer on the right) over a red rule; the title
centred; body in a Fangsong face at 16 pt on a fixed 28 pt line; headings in Heiti and Kaiti;
the issuing office and date at the end; page numbers "— 1 —" outside on odd and even pages.

Fonts are named as the standard names them (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) in the
East Asian slot of each run. A DOCX cannot carry a fallback list: where a face is missing, Word
and LibreOffice substitute one (the platform's servers have Noto Serif CJK), and the layout,
set in points, stays."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .narrative import Narrative, narrative
from .results import Summary

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT_HEAD = "方正小标宋简体"  # issuing office and title
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
FONT_LATIN = "Times New Roman"
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"

PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH_PT = (210 - 28 - 26) / 25.4 * 72  # 156 mm
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, LINE_PT = 16, 22, 14, 28
ISSUER_MAX_PT = 40
SIGNER = "签发人："
SIGNER_PLACEHOLDER = "__"


def narrative_docx(summary: Summary) -> bytes:
    text = narrative(summary)
    doc = Document()
    _page_setup(doc)
    _default_style(doc)
    _head(doc, text)
    _title(doc, text)
    _body(doc, text)
    _signature(doc, text)
    _page_numbers(doc)
    doc.core_properties.title = text.title
    doc.core_properties.author = text.issuer
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- Fonts and paragraphs ---------------------------------------------------------------------


def _east_asian(rpr, face: str) -> None:
    rfonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi"):
        rfonts.set(qn(slot), FONT_LATIN)
    rfonts.set(qn("w:eastAsia"), face)
    rfonts.set(qn("w:hint"), "eastAsia")


def _run(paragraph, text: str, face: str, size: float, *, bold: bool = False, color: RGBColor | None = None):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    _east_asian(run._element.get_or_add_rPr(), face)
    return run


def _paragraph(doc, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars: float = 0, line_pt: float | None = LINE_PT):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(BODY_PT * indent_chars) if indent_chars else None
    if line_pt is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_pt)
    fmt.space_before = fmt.space_after = Pt(0)
    return p


def _default_style(doc) -> None:
    style = doc.styles["Normal"]
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    _east_asian(rpr, FONT_BODY)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    # The page number's rule of dashes sits 7 mm below the text block.
    section.footer_distance = Mm(35 - 7 - 5)


def _width_in_chars(text: str) -> float:
    return sum(1 if ord(ch) > 0x2E80 else 0.5 for ch in text)


# -- Parts of the document ------------------------------------------------------------------------


def _head(doc, text: Narrative) -> None:
    """The issuing office in red, the document number and signer, and the red rule under them."""
    size = min(ISSUER_MAX_PT, int(TEXT_WIDTH_PT / max(_width_in_chars(text.issuer), 1)))
    issuer = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=None)
    issuer.paragraph_format.space_after = Pt(LINE_PT * 2)
    _run(issuer, text.issuer, FONT_HEAD, size, color=RED)

    number = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
    number.paragraph_format.left_indent = Pt(BODY_PT)
    number.paragraph_format.tab_stops.add_tab_stop(Pt(TEXT_WIDTH_PT - BODY_PT), WD_TAB_ALIGNMENT.RIGHT)
    _run(number, text.number, FONT_BODY, BODY_PT)
    _run(number, "\t" + SIGNER, FONT_BODY, BODY_PT)
    _run(number, SIGNER_PLACEHOLDER, FONT_H2, BODY_PT)
    _red_rule_below(number)


def _red_rule_below(paragraph) -> None:
    border = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", RED_HEX)):
        border.set(qn(name), value)
    pbdr = OxmlElement("w:pBdr")
    pbdr.append(border)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(
        pbdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )


def _title(doc, text: Narrative) -> None:
    title = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=TITLE_PT + 12)
    title.paragraph_format.space_before = Pt(LINE_PT * 2)
    _run(title, text.title, FONT_HEAD, TITLE_PT)
    if text.addressee:
        addressee = _paragraph(doc)
        addressee.paragraph_format.space_before = Pt(LINE_PT)
        _run(addressee, text.addressee, FONT_BODY, BODY_PT)


def _body(doc, text: Narrative) -> None:
    _run(_paragraph(doc, indent_chars=2), text.opening, FONT_BODY, BODY_PT)
    for section in text.sections:
        _run(_paragraph(doc, indent_chars=2), section.heading, FONT_H1, BODY_PT)
        for para in section.paragraphs:
            p = _paragraph(doc, indent_chars=2)
            if para.lead:
                _run(p, para.lead, FONT_H2, BODY_PT)
            _run(p, para.text, FONT_BODY, BODY_PT)


def _signature(doc, text: Narrative) -> None:
    """Three blank lines for the seal; the date four characters from the right and the office
    centred over it."""
    for _ in range(3):
        _paragraph(doc)
    date_right = 4.0
    office_right = max(0.0, date_right + (_width_in_chars(text.date) - _width_in_chars(text.signature)) / 2)
    for line, right in ((text.signature, office_right), (text.date, date_right)):
        p = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(BODY_PT * right)
        _run(p, line, FONT_BODY, BODY_PT)


def _page_numbers(doc) -> None:
    """ "— 1 —" in 4号 Song: odd pages right, even pages left, one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, None)):
        p = footer.paragraphs[0]
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align is WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.alignment, fmt.right_indent = align, Pt(PAGE_NUMBER_PT)
        else:
            fmt.alignment, fmt.left_indent = WD_ALIGN_PARAGRAPH.LEFT, Pt(PAGE_NUMBER_PT)
        _run(p, "— ", FONT_PAGE, PAGE_NUMBER_PT)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        p._p.append(field)
        number = _run(p, "1", FONT_PAGE, PAGE_NUMBER_PT)
        field.append(number._element)  # moves the run inside the field
        _run(p, " —", FONT_PAGE, PAGE_NUMBER_PT)
