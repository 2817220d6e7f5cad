"""The layout of every kind (issue 17, point 3): the signature block on one page with the text it
closes, the printed title the one lists show, the issuing office's full name in the red header,
the 版记 at the end, Simplified Chinese throughout and in the fonts the PDF embeds.

Most checks read the DOCX (python-docx, fast); one test converts two kinds with LibreOffice and
reads the PDF back with pdffonts and pdftotext."""

import datetime
import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document

from finsup.documents import layout, pdf, services
from finsup.documents.builders import Sheet, render
from finsup.documents.choices import KIND_TITLES, DocumentKind
from finsup.documents.context import validate
from tests import factories as f

from .issuing import signed_off
from .samples import SAMPLES

COUNTY = "临沂市兰山区金融工作办公室"
DATE = datetime.date(2026, 12, 6)


def _sheet(kind, *, issuer=COUNTY, context=None) -> Sheet:
    return Sheet(
        kind=kind,
        title=KIND_TITLES[kind],
        issuer=issuer,
        number="兰金办检〔2026〕3号",
        institution="临沂市兰山区诚信小额贷款有限公司",
        date=DATE,
        context=validate(kind, context if context is not None else SAMPLES[kind]),
    )


def _paragraphs(kind, **kwargs):
    return Document(io.BytesIO(render(_sheet(kind, **kwargs)))).paragraphs


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_the_signature_block_stays_with_the_text_it_closes(kind):
    paragraphs = _paragraphs(kind)
    date = next(i for i, p in enumerate(paragraphs) if p.text == "2026年12月6日")
    office = date - 1
    assert paragraphs[office].text == COUNTY
    # back to the last paragraph with text before the seal's blank lines: all kept with the next
    closing = max(i for i in range(office) if paragraphs[i].text.strip())
    block = paragraphs[closing : date + 1]
    assert all(p.paragraph_format.keep_with_next for p in block[:-1]), kind
    assert all(p.paragraph_format.keep_together for p in block), kind
    assert not paragraphs[date].paragraph_format.keep_with_next


def test_the_fact_confirmations_signatures_and_seal_are_one_block():
    paragraphs = _paragraphs(DocumentKind.FACT_CONFIRMATION)
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("以上事实经检查组与被检查机构核对"))
    date = next(i for i, p in enumerate(paragraphs) if p.text == "2026年12月6日")
    texts = [p.text for p in paragraphs[start : date + 1]]
    assert "被检查机构意见：" in texts and any(t.startswith("检查人员（签字）") for t in texts)
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[start:date])


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_kind_ends_with_its_imprint(kind):
    context = dict(SAMPLES[kind])
    cc = context.get("cc")
    paragraphs = _paragraphs(kind, context=context)
    printed = paragraphs[-1]
    assert printed.text == f"{COUNTY}\t2026年12月6日印发", kind
    xml = printed._p.xml
    assert "<w:bottom " in xml  # the closing rule
    before = paragraphs[-2]
    if cc:
        assert before.text == "抄送：" + "，".join(cc) + "。"
    else:
        assert "抄送" not in "".join(p.text for p in paragraphs) and "<w:top " in xml
    imprint = [p for p in paragraphs[-4:] if p.text]
    assert all(p.paragraph_format.keep_together for p in imprint)


def test_a_draft_imprint_leaves_the_date_to_be_filled():
    sheet = _sheet(DocumentKind.RECTIFICATION_NOTICE)
    draft = Sheet(**{**sheet.__dict__, "date": None})
    last = Document(io.BytesIO(render(draft))).paragraphs[-1]
    assert last.text.endswith("年　　月　　日印发")


def test_the_document_is_simplified_chinese_throughout():
    content = render(_sheet(DocumentKind.OPINION_LETTER))
    parts = zipfile.ZipFile(io.BytesIO(content))
    styles, settings = parts.read("word/styles.xml").decode(), parts.read("word/settings.xml").decode()
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", styles).group(0)
    assert 'w:eastAsia="zh-CN"' in defaults and "eastAsiaTheme" not in defaults
    assert f'w:eastAsia="{layout.FONT_BODY}"' in defaults
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', settings)
    for name in parts.namelist():
        if name.endswith(".xml"):
            assert "ja-JP" not in parts.read(name).decode(), name


def test_the_red_header_prints_the_full_name_of_the_issuing_office(world, offices, fake_pdf):
    city, lanshan = offices
    assert lanshan.full_name == COUNTY and city.full_name == city.name == "临沂市金融工作办公室"
    zone = f.office("371371")
    assert zone.full_name == zone.name == "临沂高新技术产业开发区金融工作办公室"  # already named after the city
    assert f.office("370000").full_name == "山东省地方金融监督管理局"
    for office in offices:
        draft = services.document_draft(
            kind=DocumentKind.RECTIFICATION_NOTICE,
            office=office,
            institution=world.inst_lanshan,
            context=SAMPLES[DocumentKind.RECTIFICATION_NOTICE],
            by=world.city["inspector"],
        )
        paragraphs = Document(draft.docx.open("rb")).paragraphs
        assert paragraphs[0].text == office.full_name
        assert paragraphs[0].runs[0].font.color.rgb == layout.RED
        assert draft.title == KIND_TITLES[DocumentKind.RECTIFICATION_NOTICE]
        assert any(p.text == draft.title for p in paragraphs)  # the title printed is the one listed


def _fc_match(name: str) -> str:
    env = {**os.environ, "FONTCONFIG_FILE": str(pdf.FONTS_CONF)}
    result = subprocess.run(["fc-match", "-f", "%{family[0]}", name], capture_output=True, text=True, env=env)
    return result.stdout


OFFICIAL = {
    layout.FONT_HEAD: {"FZXiaoBiaoSong-B05S", "方正小标宋_GBK"},
    layout.FONT_BODY: {"FangSong_GB2312", "仿宋", "FangSong"},
    layout.FONT_H1: {"SimHei", "方正黑体简体"},
    layout.FONT_H2: {"KaiTi_GB2312", "楷体", "KaiTi"},
    layout.FONT_PAGE: {"SimSun"},
}


def test_fonts_conf_resolves_each_official_face_to_itself_or_to_simplified_chinese():
    assert shutil.which("fc-match"), "needs fontconfig (bin/setup-system installs it)"
    for name, official in OFFICIAL.items():
        family = _fc_match(name)
        assert family in {name, *official} or family.endswith(" CJK SC"), (name, family)
    # a glyph LibreOffice looks for elsewhere: the fallback is the SC variant too
    assert _fc_match("serif").endswith(" CJK SC") and _fc_match("sans-serif").endswith(" CJK SC")


def test_an_embedded_noto_subset_is_named_after_its_region():
    # the same length: the PDF's cross-reference offsets stay right
    before = b"<</Type/Font/BaseFont/CAAAAA+NotoSerifCJKjp-Regular-VKana/FontName/BAAAAA+NotoSansCJKjp-Bold>>"
    after = pdf._name_region(before)
    assert after == before.replace(b"CJKjp-", b"CJKsc-") and len(after) == len(before)
    assert pdf._name_region(b"(NotoSerifCJKjp-Regular)") == b"(NotoSerifCJKjp-Regular)"  # text, not a font name


def test_the_pdf_embeds_simplified_chinese_faces_and_prints_the_full_office_and_imprint(world, offices):
    """One LibreOffice run: the fact confirmation and the opinion letter of a county office."""
    assert shutil.which("soffice") and shutil.which("pdffonts"), "needs LibreOffice and poppler-utils"
    _city, lanshan = offices
    long_facts = dict(SAMPLES[DocumentKind.FACT_CONFIRMATION])
    fact = "笔贷款的综合年化利率超过规定上限，且未按规定进行风险分类和审批。"
    long_facts["facts"] = [f"第{n}{fact}" for n in range(1, 9)]
    drafts = [
        services.document_draft(
            kind=kind, office=lanshan, institution=world.inst_lanshan, context=context, by=world.lanshan["inspector"]
        )
        for kind, context in (
            (DocumentKind.FACT_CONFIRMATION, long_facts),
            (DocumentKind.OPINION_LETTER, SAMPLES[DocumentKind.OPINION_LETTER]),
        )
    ]
    confirmation, letter = signed_off(drafts)
    for document in (confirmation, letter):
        fonts = subprocess.run(["pdffonts", document.pdf.path], capture_output=True, text=True, check=True).stdout
        assert "CJKsc-" in fonts, fonts
        assert not re.search(r"jp|JP|Japan", fonts), fonts
        text = services.document_pdf_text(document)
        compact = _compact(text)
        assert compact.startswith(COUNTY), compact[:40]
        assert KIND_TITLES[document.kind] in compact
        assert f"{COUNTY}" in compact.rsplit("印发", 1)[0][-40:]  # 印发机关 … 印发日期 印发, at the end
    letter_text = _compact(services.document_pdf_text(letter))
    assert "抄送：山东省地方金融监督管理局，兰山区金融工作办公室。" in letter_text
    # the confirmation runs over a page; its signatures, seal and date share the last one
    pages = [_compact(page) for page in services.document_pdf_text(confirmation).split("\f") if page.strip()]
    assert len(pages) >= 2
    last = pages[-1]
    for part in ("被检查机构意见：", "被检查机构负责人（签字）", "（被检查机构盖章）", "检查人员（签字）", COUNTY):
        assert part in last, (part, pages)
    assert "被检查机构负责人（签字）" not in "".join(pages[:-1])


def test_each_kind_is_called_by_its_printed_title_in_chinese():
    """Where a page names a document by its kind (the search hit's detail), the Chinese label is the
    printed title: one name per kind."""
    from django.utils import translation

    with translation.override("zh-hans"):
        assert {kind: str(kind.label) for kind in DocumentKind} == {kind: KIND_TITLES[kind] for kind in DocumentKind}
