"""The decision as LibreOffice prints it (pdftotext): every part 《行政处罚法》第五十九条 requires.
The one test here that converts for real (the notice and the decision: two runs)."""

import datetime
import re
import shutil

from finsup.penalties import paperwork, services
from finsup.penalties.choices import PaperKind

from .helpers import FACTS, RULE, decided, notified, opened, paper


def test_the_decision_holds_what_article_59_requires(world, clock):
    assert shutil.which("soffice"), "needs LibreOffice: apt-get install libreoffice-writer-nogui (.ci/run does)"
    institution = world.inst_lanshan
    case = notified(world, opened(world, institution), fine=25000, served_on=datetime.date(2026, 12, 1))
    services.case_waive(by=world.lanshan["inspector"], case=case, waived_on=datetime.date(2026, 12, 1))
    clock.on("2026-12-02")
    case = decided(world, case, fine=25000)
    decision = paper(case, PaperKind.DECISION)
    text = re.sub(r"\s+", "", paperwork.pdf_text(decision))
    for part in (
        "行政处罚决定书",
        paperwork.number_of(decision),  # 兰金办罚〔2026〕2号 or the office's prefix
        f"当事人：{institution.name}",
        re.sub(r"\s+", "", FACTS),
        "监管报表报送记录",  # the evidence
        f"违反了{RULE}的规定",
        "依据《山东省地方金融条例》第五十一条",
        "处1万元以上3万元以下罚款",
        "处以罚款人民币2.5万元",
        "十五日内",  # manner and deadline of payment (第六十七条)
        "放弃陈述、申辩和听证的权利",
        "兰山区人民政府申请行政复议",  # 复议 (《行政复议法》第二十四条)
        "六个月内",  # 诉讼
        case.office.name,
        "2026年12月2日",
    ):
        assert part in text, part
