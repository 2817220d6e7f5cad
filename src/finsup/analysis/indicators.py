"""The monthly figures of the city's finance (item ①), asked of the resident institutions as special
surveys: one survey per group of partners, each with the fields of its kind. Field ids are stable
(the charts and the analysis document read them); labels are the statistics' own Chinese names."""

from __future__ import annotations

from dataclasses import dataclass

WAN = "money:wan_yuan"


def _money(fid: str, label: str, required: bool = True) -> dict:
    return {"id": fid, "label_zh": label, "unit": WAN, "required": required, "min": "0", "max": ""}


@dataclass(frozen=True)
class Group:
    key: str
    name: str  # printed in the survey's title: 2026年9月金融运行情况统计（银行业）
    kinds: tuple[str, ...]  # finsup.partners kinds that answer it
    fields: tuple[dict, ...]
    checks: tuple[dict, ...] = ()


BANKS = Group(
    key="bank",
    name="银行业",
    kinds=("bank",),
    fields=(
        _money("deposits", "各项存款余额"),
        _money("loans", "各项贷款余额"),
        _money("loans_new", "本年新增贷款"),
        _money("npl", "不良贷款余额"),
        _money("agri_loans", "涉农贷款余额", required=False),
        _money("small_loans", "普惠小微贷款余额", required=False),
    ),
    checks=({"expr": "npl <= loans", "message_zh": "不良贷款余额不能大于各项贷款余额。"},),
)
INSURERS = Group(
    key="insurer",
    name="保险业",
    kinds=("insurer",),
    fields=(
        _money("premiums", "本年累计保费收入"),
        _money("claims", "本年累计赔付支出"),
    ),
)
GROUPS = {g.key: g for g in (BANKS, INSURERS)}

# What the charts and the document print, in this order: (group, field id).
HEADLINE = (("bank", "deposits"), ("bank", "loans"), ("bank", "loans_new"), ("bank", "npl"), ("insurer", "premiums"))
BASIS = (
    "《临沂市金融工作办公室责任清单》第①项：研究分析金融形势、国家和省金融政策以及全市金融运行情况。"
    "按月汇总驻临金融机构主要指标，形成全市金融运行情况分析。"
)
