"""The papers of an administrative-penalty case (行政处罚案卷), after 《中华人民共和国行政处罚法》
(2021 revision): the case opening approval form (第五十四条), the prior notice (第四十四条、第四十五条,
a hearing 第六十三条、第六十四条), the record of statement and defence, the hearing notice and record
(第六十四条), the decision (第五十九条) and the receipt of service (第六十一条)."""

from __future__ import annotations

from .. import layout
from .common import (
    DATE_PLACEHOLDER,
    SIGN_LINE,
    Sheet,
    date_zh,
    datetime_zh,
    names,
    numbered,
    person_text,
    sign,
    signature_lines,
)

# 《行政复议法》(2023) 第二十条、第二十四条: within 60 days, to the people's government of the level of
# the office (the county's or the city's); 《行政诉讼法》第四十六条: a suit within six months.
DEFAULT_REMEDY = (
    "当事人如不服本决定，可以在收到本决定书之日起六十日内依法向{reviewer}申请行政复议，"
    "或者在收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
    "行政复议和行政诉讼期间，本决定不停止执行（《中华人民共和国行政处罚法》第七十三条）。"
)
LATE_PAYMENT = "到期不缴纳罚款的，我办可以每日按罚款数额的百分之三加处罚款（《中华人民共和国行政处罚法》第七十二条）。"


def _lines(doc, pairs) -> None:
    for label, value in pairs:
        layout.body(doc, f"{label}：{value}", indent_chars=0)


def penalty_case_approval(doc, sheet: Sheet) -> None:
    _lines(
        doc,
        (
            ("当事人", sheet.institution),
            ("案件来源及违法事实", sheet.get("facts")),
            ("涉嫌违反的规定", sheet.get("rule_breached")),
            ("拟适用的处罚依据", sheet.get("penalty_basis")),
        ),
    )
    if sheet.get("evidence"):
        layout.body(doc, "已取得的证据：", indent_chars=0)
        numbered(doc, sheet.get("evidence"))
    _lines(
        doc,
        (
            ("承办人意见", "建议立案调查。"),
            ("承办人", sheet.get("proposer")),
            ("日期", date_zh(sheet.get("proposed_on"))),
        ),
    )
    closing = len(doc.paragraphs) - 1  # the proposal, the leader's opinion and the seal: one page
    opinion = sheet.get("opinion") or ""
    approved = date_zh(sheet.get("approved_on")) if sheet.get("approved_on") else DATE_PLACEHOLDER
    _lines(
        doc,
        (
            ("负责人审批意见", opinion or SIGN_LINE),
            ("负责人", sheet.get("approver") or SIGN_LINE),
            ("日期", approved),
        ),
    )
    layout.body(doc, "（依据《中华人民共和国行政处罚法》第五十四条，立案须经行政机关负责人批准。）", indent_chars=0)
    sign(doc, sheet, keep_from=closing)


def penalty_prior_notice(doc, sheet: Sheet) -> None:
    layout.body(doc, "经查，你单位存在以下违法事实：")
    numbered(doc, sheet.get("facts"))
    layout.body(
        doc,
        f"上述行为违反了{sheet.get('basis').rstrip('。')}的规定。依据{sheet.get('penalty_basis').rstrip('。')}，"
        f"我办拟对你单位作出如下行政处罚：罚款{sheet.get('fine')}。",
    )
    layout.body(
        doc,
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你单位享有陈述、申辩的权利。"
        f"如有陈述、申辩意见，请于收到本告知书之日起{sheet.get('defence_days')}个工作日内向我办提出；"
        "逾期未提出的，视为放弃陈述、申辩的权利。",
    )
    if sheet.get("hearing_days"):
        layout.body(
            doc,
            "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你单位有要求举行听证的权利。"
            f"如要求听证，请于收到本告知书之日起{sheet.get('hearing_days')}个工作日内向我办提出；"
            "逾期未提出的，视为放弃听证的权利。",
        )
    if sheet.get("contact"):
        layout.body(doc, f"联系人及电话：{sheet.get('contact')}")
    sign(doc, sheet)


def penalty_statement_record(doc, sheet: Sheet) -> None:
    people = "、".join(person_text(p) for p in sheet.get("persons") or []) or sheet.institution
    _lines(
        doc,
        (
            ("当事人", sheet.institution),
            ("时间", datetime_zh(sheet.get("date_time"))),
            ("地点", sheet.get("place")),
            ("陈述申辩人", people),
            ("记录人", sheet.get("recorder")),
        ),
    )
    layout.body(doc, "陈述、申辩内容：", indent_chars=0)
    for text in sheet.get("statement"):
        layout.body(doc, text)
    if sheet.get("adopted"):
        layout.body(doc, f"复核意见：{sheet.get('adopted')}", indent_chars=0)
    closing = len(doc.paragraphs) - 1  # the last line of the record, the signatures and the seal: one page
    layout.blank(doc)
    signature_lines(doc, [f"陈述申辩人（签字）：{SIGN_LINE}", f"记录人（签字）：{SIGN_LINE}"])
    sign(doc, sheet, keep_from=closing)


def penalty_hearing_notice(doc, sheet: Sheet) -> None:
    requested = f"你单位于{date_zh(sheet.get('request_date'))}" if sheet.get("request_date") else "你单位"
    layout.body(
        doc,
        f"{requested}提出的听证要求，我办已收悉。根据《中华人民共和国行政处罚法》第六十四条的规定，"
        "我办决定举行听证。现将有关事项通知如下：",
    )
    _lines(doc, (("听证时间", datetime_zh(sheet.get("date_time"))), ("听证地点", sheet.get("place"))))
    if sheet.get("hearer"):
        layout.body(doc, f"听证主持人：{sheet.get('hearer')}", indent_chars=0)
    layout.body(
        doc,
        "你单位可以亲自参加听证，也可以委托一至二人代理；委托代理人的，应当提交授权委托书。"
        "你单位认为主持人与本案有直接利害关系的，有权申请回避。无正当理由拒不出席听证或者未经许可中途退出听证的，"
        "视为放弃听证权利。",
    )
    sign(doc, sheet)


def penalty_hearing_record(doc, sheet: Sheet) -> None:
    _lines(
        doc,
        (
            ("当事人", sheet.institution),
            ("听证时间", datetime_zh(sheet.get("date_time"))),
            ("听证地点", sheet.get("place")),
            ("听证主持人", sheet.get("hearer")),
            ("记录人", sheet.get("recorder")),
            ("参加人", "、".join(person_text(p) for p in sheet.get("persons"))),
        ),
    )
    layout.body(doc, "听证情况：", indent_chars=0)
    for text in sheet.get("content"):
        layout.body(doc, text)
    layout.body(doc, f"（听证笔录经当事人核对无误后签字：{names(sheet.get('persons'))}）", indent_chars=0)
    closing = len(doc.paragraphs) - 1  # the last line of the record, the signatures and the seal: one page
    layout.blank(doc)
    signature_lines(
        doc,
        [f"当事人或其代理人（签字）：{SIGN_LINE}", f"听证主持人（签字）：{SIGN_LINE}", f"记录人（签字）：{SIGN_LINE}"],
    )
    sign(doc, sheet, keep_from=closing)


def penalty_decision(doc, sheet: Sheet) -> None:
    layout.body(doc, f"当事人：{sheet.institution}", indent_chars=0)
    layout.body(doc, "经查，当事人存在以下违法事实：")
    numbered(doc, sheet.get("facts"))
    layout.body(doc, "以上事实有下列证据证明：")
    numbered(doc, sheet.get("evidence"))
    if sheet.get("statement"):
        layout.body(doc, sheet.get("statement"))
    layout.body(
        doc,
        f"当事人的上述行为违反了{sheet.get('basis').rstrip('。')}的规定。依据{sheet.get('penalty_basis').rstrip('。')}，"
        f"我办决定对当事人处以罚款{sheet.get('fine')}。",
    )
    layout.body(doc, sheet.get("payment").rstrip("。") + "。" + LATE_PAYMENT)
    reviewer = _government_of(sheet.issuer)
    layout.body(doc, sheet.get("remedy") or DEFAULT_REMEDY.format(reviewer=reviewer))
    sign(doc, sheet)


def penalty_service_receipt(doc, sheet: Sheet) -> None:
    _lines(
        doc,
        (
            ("送达文书名称", sheet.get("served_title")),
            ("送达文书文号", sheet.get("served_number")),
            ("受送达人", sheet.institution),
            ("送达地点", sheet.get("place") or "受送达人住所地"),
            ("送达方式", sheet.get("manner")),
            ("送达日期", date_zh(sheet.get("served_on"))),
            ("收件人", sheet.get("served_to")),
        ),
    )
    closing = len(doc.paragraphs) - 1  # what was served, the signatures and the seal: one page
    layout.blank(doc)
    signature_lines(
        doc,
        [
            f"受送达人（签名或盖章）：{SIGN_LINE}  日期：{DATE_PLACEHOLDER}",
            f"送达人（签名）：{SIGN_LINE}",
            "备注：受送达人拒绝签收的，送达人应当注明拒收事由和日期，由送达人、见证人签名，把文书留在受送达人的住所。",
        ],
    )
    sign(doc, sheet, keep_from=closing)


def _government_of(office: str) -> str:
    """兰山区金融工作办公室 → 兰山区人民政府: the government the office is a department of. A
    development zone's office answers to the zone's administrative committee, whose reviewing body
    depends on how the zone was set up: the decision names no body then."""
    if "开发区" in office:
        return "有管辖权的行政复议机关"
    for suffix in ("金融工作办公室", "地方金融监督管理局", "金融服务中心"):
        if office.endswith(suffix):
            return office.removesuffix(suffix) + "人民政府"
    return "本级人民政府"
