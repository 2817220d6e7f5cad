"""The notice of rating results (分类评级结果通知书) of one final rating: its context, read from the
rating, its scores and the scheme's data (finsup.documents.context lists the keys). The wording is
the office's, in Chinese whatever the interface language."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from finsup.core.numbers import grouped, times

from .choices import Level, Measure, Round
from .models import Rating

HUNDRED = Decimal(100)
MAIN_DEDUCTIONS = 5  # the notice names the largest deductions; the rating's page lists them all
REVIEW_RIGHT = (
    "你公司如对评级结果有异议，可通过监管平台向我办提出复核申请，说明理由并附相关证明材料。"
    "复核申请以一次为限，我办将作出维持或调整评级结果的决定。"
)


def rating_notice_context(rating: Rating) -> dict:
    cycle, scheme = rating.cycle, rating.cycle.scheme
    level = rating.final_level
    city_round = bool(rating.sampled and rating.city_level)
    with translation.override("zh-hans"):
        return {
            "year": str(cycle.year),
            "scheme": f"《{scheme.title_zh}》",
            "level": str(Level(level).label),
            "score": grouped(rating.final_total, 2) if rating.final_total is not None else "—",
            "rounds": "县级监管部门初评、市级抽样复评" if city_round else "县级监管部门初评、市级审核",
            "deductions": deductions(rating, Round.CITY if city_round else Round.INITIAL),
            "supervision": supervision(scheme, level),
            "review_right": REVIEW_RIGHT,
        }


def deductions(rating: Rating, round_: str) -> list[str]:
    """The indicators that lost points, largest weighted deduction first: 公司治理与内控（权重20%）：
    得分60分，扣减综合得分8分。理由：……"""
    scores = {s.indicator: s for s in rating.scores.filter(round=round_)}
    rows = []
    for indicator in rating.cycle.scheme.indicators:
        row = scores.get(indicator.id)
        if row is None or row.score >= HUNDRED:
            continue
        lost = indicator.weight * (HUNDRED - row.score) / HUNDRED
        text = (
            f"{indicator.name_zh}（权重{grouped(indicator.weight)}%）：得分{grouped(row.score)}分，"
            f"扣减综合得分{grouped(lost.quantize(Decimal('0.01')))}分。"
        )
        if row.value is not None and indicator.quantitative:
            text += f"测得值为{grouped(row.value)}。"
        if row.reason:
            text += f"理由：{row.reason.rstrip('。')}。"
        rows.append((lost, text))
    rows.sort(key=lambda r: -r[0])
    return [text for _lost, text in rows[:MAIN_DEDUCTIONS]]


def supervision(scheme, level: str) -> list[str]:
    """What the level means for supervision, as the scheme sets it (inspection frequency,
    restrictions, funding limit, the measures it proposes)."""
    effects = scheme.levels.get(level)
    if effects is None:
        return ["按照评级办法实施常规监管"]
    lines = []
    if effects.inspection_zh:
        lines.append(f"现场检查：{effects.inspection_zh}")
    if effects.restrictions_zh:
        lines.append(f"业务管理：{effects.restrictions_zh}")
    if effects.funding_multiple is not None:
        line = f"融资比例：融资余额不超过注册资本的{times(effects.funding_multiple)}"
        if effects.funding_multiple_after_two_years is not None:
            after = times(effects.funding_multiple_after_two_years)
            line += f"（连续两年评为{Level(level).label}级的，可提高至{after}）"
        lines.append(line)
    if effects.measures:
        lines.append("拟采取的监管措施：" + "、".join(str(Measure(m).label) for m in effects.measures))
    return lines or ["按照评级办法实施常规监管"]
