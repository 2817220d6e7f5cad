"""`finsup fundraising backtest` on a small register whose figures are computed by hand.

Four entities, each with one advertisement on its registration day (points of weights v1):
  甲 opened 01-05, 保本保息 = 8,           determined "rectification" on 03-10 (positive)
  乙 opened 01-05, 高息 = 5,              determined "no issue" on 02-20 (negative)
  丙 opened 02-10, 拉人头 + 稳赚不赔 = 16, determined "police referral" on 04-01 (positive)
  丁 opened 03-01, 投资理财 = 3,           never determined (pending)
Days 01-15, 02-14, 03-16 (every 30 days from 01-15 to 03-20), k = 2; only undetermined entities rank:
  01-15: 甲 8, 乙 5            → hit, miss
  02-14: 丙 16, 甲 8 (乙 open)  → hit, hit
  03-16: 丙 16, 丁 3 (甲 done)  → hit, pending
hits 4, misses 1, pending 1: precision@2 = 4 / 5 = 80%. Leads: 甲 01-15 → 03-10 = 54 days, 丙 02-14 →
04-01 = 46 days: median 50 days. Positives determined after 01-15: 甲, 丙, both flagged: recall 2 / 2."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from finsup.fundraising import selectors
from tests import factories as f

from .helpers import determine, register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def register_of_four(world):
    clerk, office = world.lanshan["clerk"], f.office("371302")
    jia = register(clerk, office, "甲公司", D(2026, 1, 5), texts=[("广告", "本公司项目保本保息，欢迎咨询。")])
    yi = register(clerk, office, "乙公司", D(2026, 1, 5), texts=[("广告", "高息揽储，门店开业。")])
    bing = register(clerk, office, "丙公司", D(2026, 2, 10), texts=[("广告", "拉人头有奖，稳赚不赔。")])
    register(clerk, office, "丁公司", D(2026, 3, 1), texts=[("广告", "投资理财讲座。")])
    determine(clerk, yi, D(2026, 2, 1), D(2026, 2, 20), "no_issue")
    determine(clerk, jia, D(2026, 3, 1), D(2026, 3, 10), "rectification")
    determine(clerk, bing, D(2026, 3, 20), D(2026, 4, 1), "police_referral")
    return world


def test_the_report_against_the_hand_computed_case(register_of_four):
    report = selectors.backtest_report(start=D(2026, 1, 15), end=D(2026, 3, 20), every=30, k=2)
    assert report.days == [D(2026, 1, 15), D(2026, 2, 14), D(2026, 3, 16)]
    assert [(f.day.day, f.name, int(f.score), f.result) for f in report.flags] == [
        (15, "甲公司", 8, "hit"),
        (15, "乙公司", 5, "miss"),
        (14, "丙公司", 16, "hit"),
        (14, "甲公司", 8, "hit"),
        (16, "丙公司", 16, "hit"),
        (16, "丁公司", 3, "pending"),
    ]
    assert (report.hits, report.misses, report.pending) == (4, 1, 1)
    assert report.precision == Decimal("0.8")
    assert sorted(report.leads.values()) == [46, 54] and report.median_lead_days == 50
    assert report.recall == 1


def test_the_command_prints_precision_and_lead_time(register_of_four, tmp_path):
    out = io.StringIO()
    book = tmp_path / "backtest.xlsx"
    with translation.override("zh-hans"):
        call_command(
            "fundraising",
            "backtest",
            "--from",
            "2026-01-15",
            "--to",
            "2026-03-20",
            "--every",
            "30",
            "--k",
            "2",
            "--xlsx",
            str(book),
            stdout=out,
        )
    printed = out.getvalue()
    assert "4 / 1 / 1" in printed
    assert "80.00%" in printed
    assert "50 天" in printed
    assert "100.00%（2 / 2）" in printed
    from openpyxl import load_workbook

    flags = load_workbook(book).worksheets[1]
    assert flags.max_row == 7 and flags.cell(2, 3).value == "甲公司"
