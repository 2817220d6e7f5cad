"""The page of an official document after GB/T 9704-2012 党政机关公文格式, as far as python-docx
allows. Shared by every generated document (the county's supervision report, the inspection,
interview and measure documents); no ORM, only python-docx.

- A4, margins 37/35/28/26 mm (top/bottom/left/right): a text block of 156 × 225 mm.
- The issuing office in red 方正小标宋 at the head, the document number under it (centred for a
  document sent down or across; left with the signer on the right for one sent up), a red rule.
- The title in 2号 (22 pt) 方正小标宋, centred; the addressee (主送) flush left; the body in 3号
  (16 pt) 仿宋 on a fixed 28 pt line, two characters of first-line indent; headings 黑体 then 楷体.
- The issuing office and the date (成文日期, Arabic numerals with 年月日 in full: the 2012 edition
  replaced the 〇一二 numerals of 1999) four characters from the right, three lines below the text.
- The 版记: 抄送 in 4号 仿宋 between rules, then the printing office and date.
- Page numbers "— 1 —" in 4号 宋体, outside on odd and even pages.

Fonts are named as the standard names them in the East Asian slot of each run. A DOCX cannot
carry a fallback list: where a face is missing, Word and LibreOffice substitute one. The PDF
converter (`finsup.documents.pdf`) maps these names to installed faces (Noto Serif/Sans CJK); the
layout, set in points, stays."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT_HEAD = "方正小标宋简体"  # issuing office and title
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
FONT_LATIN = "Times New Roman"
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"
LANG_EAST_ASIA = "zh-CN"

PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH_PT = (210 - 28 - 26) / 25.4 * 72  # 156 mm
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, NOTE_PT, LINE_PT = 16, 22, 14, 14, 28
ISSUER_MAX_PT = 40
SIGNER = "签发人："
SIGNER_PLACEHOLDER = "__"


def new_document():
    """An empty A4 document with the margins and the body style of the standard."""
    doc = Document()
    _page_setup(doc)
    _default_style(doc)
    return doc


def to_bytes(doc, *, title: str, author: str) -> bytes:
    page_numbers(doc)
    doc.core_properties.title = title
    doc.core_properties.author = author
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- Fonts and paragraphs ---------------------------------------------------------------------


def east_asian(rpr, face: str) -> None:
    rfonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi"):
        rfonts.set(qn(slot), FONT_LATIN)
    rfonts.set(qn("w:eastAsia"), face)
    rfonts.set(qn("w:hint"), "eastAsia")


def run(paragraph, text: str, face: str = FONT_BODY, size: float = BODY_PT, *, bold=False, color=None):
    r = paragraph.add_run(text)
    r.font.size = Pt(size)
    r.font.bold = bold
    if color is not None:
        r.font.color.rgb = color
    east_asian(r._element.get_or_add_rPr(), face)
    return r


def paragraph(doc, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars: float = 0, line_pt: float | None = LINE_PT):
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


def width_in_chars(text: str) -> float:
    return sum(1 if ord(ch) > 0x2E80 else 0.5 for ch in text)


def _default_style(doc) -> None:
    """Simplified Chinese throughout: the document defaults, the Normal style and the theme's
    language (python-docx's template says ja-JP there, which makes a run without a face of its
    own, e.g. in a style based on the defaults, resolve to the Japanese theme font and variant)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = default_rpr.find(qn("w:rFonts"))
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    east_asian(default_rpr, FONT_BODY)
    _simplified_chinese(default_rpr)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), LANG_EAST_ASIA)
    style = doc.styles["Normal"]
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    east_asian(rpr, FONT_BODY)
    _simplified_chinese(rpr)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)


def _simplified_chinese(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), LANG_EAST_ASIA)


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    # The page number's rule of dashes sits 7 mm below the text block.
    section.footer_distance = Mm(35 - 7 - 5)


def rule_below(paragraph, *, color: str = RED_HEX, size_eighths: int = 12, space: int = 11) -> None:
    _border(paragraph, "w:bottom", color=color, size_eighths=size_eighths, space=space)


def rule_above(paragraph, *, color: str = "000000", size_eighths: int = 8, space: int = 4) -> None:
    _border(paragraph, "w:top", color=color, size_eighths=size_eighths, space=space)


def _border(paragraph, side: str, *, color: str, size_eighths: int, space: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = ppr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = OxmlElement("w:pBdr")
        ppr.insert_element_before(
            pbdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:spacing", "w:ind", "w:jc", "w:rPr"
        )
    border = OxmlElement(side)
    for name, value in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", str(space)), ("w:color", color)):
        border.set(qn(name), value)
    # top before bottom, as the schema orders them
    if side == "w:top" and len(pbdr):
        pbdr.insert(0, border)
    else:
        pbdr.append(border)


# -- Parts of the document ------------------------------------------------------------------------


def head(doc, *, issuer: str, number: str, upward: bool = False) -> None:
    """The issuing office in red, the document number (and the signer for an upward document), and
    the red rule under them."""
    size = min(ISSUER_MAX_PT, int(TEXT_WIDTH_PT / max(width_in_chars(issuer), 1)))
    p = paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=None)
    p.paragraph_format.space_after = Pt(LINE_PT * 2)
    run(p, issuer, FONT_HEAD, size, color=RED)

    if upward:
        p = paragraph(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.left_indent = Pt(BODY_PT)
        p.paragraph_format.tab_stops.add_tab_stop(Pt(TEXT_WIDTH_PT - BODY_PT), WD_TAB_ALIGNMENT.RIGHT)
        run(p, number)
        run(p, "\t" + SIGNER)
        run(p, SIGNER_PLACEHOLDER, FONT_H2)
    else:
        p = paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
        run(p, number)
    rule_below(p)


def title(doc, text: str, *, addressee: str = "") -> None:
    p = paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=TITLE_PT + 12)
    p.paragraph_format.space_before = Pt(LINE_PT * 2)
    run(p, text, FONT_HEAD, TITLE_PT)
    if not addressee:
        p.paragraph_format.space_after = Pt(LINE_PT)
        return
    a = paragraph(doc)
    a.paragraph_format.space_before = Pt(LINE_PT)
    run(a, addressee)


def body(doc, text: str, *, lead: str = "", indent_chars: float = 2):
    """A body paragraph; `lead` is a second-level heading run in 楷体 at its start, e.g. "（一）…。"."""
    p = paragraph(doc, indent_chars=indent_chars)
    if lead:
        run(p, lead, FONT_H2)
    if text:
        run(p, text)
    return p


def heading(doc, text: str):
    """A first-level heading ("一、…") in 黑体."""
    p = paragraph(doc, indent_chars=2)
    run(p, text, FONT_H1)
    return p


def blank(doc, lines: int = 1) -> None:
    for _ in range(lines):
        paragraph(doc)


def signature(doc, *, office: str, date: str, keep_from: int | None = None) -> None:
    """Three blank lines for the seal; the date four characters from the right and the office
    centred over it. The block stays on one page with the text it closes (GB/T 9704 7.3.5: no
    page with the signature alone): from the paragraph at index `keep_from` (default: the last one
    before the block) to the date, every paragraph is kept together and with the next."""
    start = len(doc.paragraphs) - 1 if keep_from is None else keep_from
    blank(doc, 3)
    date_right = 4.0
    office_right = max(0.0, date_right + (width_in_chars(date) - width_in_chars(office)) / 2)
    for line, right in ((office, office_right), (date, date_right)):
        p = paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(BODY_PT * right)
        run(p, line)
    keep_on_one_page(doc.paragraphs[max(start, 0) :])


def keep_on_one_page(paragraphs) -> None:
    """Each paragraph unbroken and on the page of the next; the last one ends the group."""
    paragraphs = list(paragraphs)
    for i, p in enumerate(paragraphs):
        p.paragraph_format.keep_together = True
        p.paragraph_format.keep_with_next = i < len(paragraphs) - 1


def imprint(doc, *, cc: list[str], printer: str, printed: str) -> None:
    """The 版记 at the end of every document: 抄送 (when there is any) and the printing office
    (印发机关) with the printing date (印发日期), in 4号 仿宋 between rules (the first and the last
    thick, the one between thin), one character in from each side, kept on one page."""
    start = len(doc.paragraphs)
    blank(doc, 2)
    if cc:
        p = paragraph(doc, align=WD_ALIGN_PARAGRAPH.LEFT, line_pt=NOTE_PT * 1.75)
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(NOTE_PT)
        run(p, "抄送：" + "，".join(cc) + "。", size=NOTE_PT)
        rule_above(p, size_eighths=8)
        rule_below(p, color="000000", size_eighths=4, space=4)
    p = paragraph(doc, align=WD_ALIGN_PARAGRAPH.LEFT, line_pt=NOTE_PT * 1.75)
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(NOTE_PT)
    fmt.tab_stops.add_tab_stop(Pt(TEXT_WIDTH_PT - NOTE_PT * 2), WD_TAB_ALIGNMENT.RIGHT)
    run(p, printer, size=NOTE_PT)
    run(p, f"\t{printed}印发", size=NOTE_PT)
    if not cc:
        rule_above(p, size_eighths=8)
    rule_below(p, color="000000", size_eighths=8, space=4)
    keep_on_one_page(doc.paragraphs[start:])


def page_numbers(doc) -> None:
    """ "— 1 —" in 4号 Song: odd pages right, even pages left, one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, None)):
        p = footer.paragraphs[0]
        if p.runs:  # already numbered
            continue
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align is WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.alignment, fmt.right_indent = align, Pt(PAGE_NUMBER_PT)
        else:
            fmt.alignment, fmt.left_indent = WD_ALIGN_PARAGRAPH.LEFT, Pt(PAGE_NUMBER_PT)
        run(p, "— ", FONT_PAGE, PAGE_NUMBER_PT)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        p._p.append(field)
        number = run(p, "1", FONT_PAGE, PAGE_NUMBER_PT)
        field.append(number._element)  # moves the run inside the field
        run(p, " —", FONT_PAGE, PAGE_NUMBER_PT)
