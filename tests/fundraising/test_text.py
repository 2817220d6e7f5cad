"""The reading of texts about illegal fundraising (no database): promised returns in every form the
office meets (percent, Chinese numerals, the folk units 分 and 厘), what must not be read as one,
lexicon hits, segmentation, and the same advertisement found under another company name."""

import os
import subprocess
import sys
import threading
from decimal import Decimal

import pytest

from finsup.fundraising import text
from finsup.fundraising.text import (
    PromisedReturn,
    WordHit,
    cn_number,
    feature_hits,
    near_duplicates,
    promised_returns,
    similarity,
    tokens,
)

LEXICON = ["保本保息", "高额回报", "稳赚不赔", "养老项目", "返利", "拉人头", "原始股", "月月返息", "介绍他人投资"]

AD = (
    "{company}隆重推出养老项目，国家政策支持，保本保息，稳赚不赔！投资1万元起，年化收益率15%-18%，"
    "月月返息，到期一次性返还本金。投资满10万元再送价值2000元的养生大礼包。介绍他人投资另有奖励，"
    "按介绍金额的3%当月发放，多介绍多得。名额有限，先到先得！公司地址：临沂市兰山区金雀山路88号，"
    "周一至周日上午9点到下午5点均可来公司咨询考察。联系电话{phone}，联系人王经理。"
)
AD_XINSHENG = AD.format(company="鑫盛财富管理有限公司", phone="13812345678")
AD_HUIJIN = AD.format(company="临沂汇金投资咨询有限公司", phone="15966668888")
TIP_OFF = (
    "本人于2025年10月在兰山区某小区门口被人拉进一个健康讲座，讲座结束后工作人员介绍一款理财产品，"
    "说是投资养老公寓，每月给百分之二的利息，还说公司有政府背景。我母亲已经交了五万元，签了借款合同，"
    "现在公司电话打不通，办公室也关门了。希望有关部门尽快调查，帮我们把钱要回来。"
)
WARNING_NOTICE = (
    "近期，一些不法分子打着养老服务的旗号，以高额回报为诱饵，向老年人非法吸收资金。市地方金融管理局提醒"
    "广大群众，承诺保本保息、稳赚不赔的投资项目往往涉嫌非法集资，请勿轻信，发现线索请及时向有关部门举报。"
)


def one_return(sentence):
    found = promised_returns(sentence)
    assert len(found) == 1, found
    return found[0]


# --- promised returns -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, percent, basis",
    [
        ("年化18%", "18.00", "year"),
        ("年化收益率18%", "18.00", "year"),
        ("年化收益18%", "18.00", "year"),
        ("年收益率12%-15%", "15.00", "year"),
        ("年收益率12%~15%", "15.00", "year"),
        ("年收益率12%至15%", "15.00", "year"),
        ("年收益率12-15%", "15.00", "year"),
        ("年息12%", "12.00", "year"),
        ("年利率12%", "12.00", "year"),
        ("月息1.5%", "18.00", "month"),
        ("月利率2%", "24.00", "month"),
        ("月收益3%", "36.00", "month"),
        ("每月返利3%", "36.00", "month"),
        ("月返3%", "36.00", "month"),
        ("日息0.1%", "36.50", "day"),
        ("日利率0.1%", "36.50", "day"),
        ("每天返利0.5%", "182.50", "day"),
        ("周息1%", "52.00", "week"),
        ("年化１８％", "18.00", "year"),  # full-width digits and percent sign
        ("年收益率１２％～１５％", "15.00", "year"),
        ("年化百分之十八", "18.00", "year"),
        ("年化收益百分之十二", "12.00", "year"),
        ("年化收益率百分之十二至十五", "15.00", "year"),
        ("年化收益率高达18%", "18.00", "year"),
        ("年化收益率不低于12%", "12.00", "year"),
        ("每月给百分之二的利息", "24.00", "month"),
        ("收益12%-15%/年", "15.00", "year"),
        ("2%/月", "24.00", "month"),
    ],
)
def test_percent_forms(sentence, percent, basis):
    found = one_return(sentence)
    assert (found.annual_percent, found.basis) == (Decimal(percent), basis)


@pytest.mark.parametrize(
    "sentence, percent, basis",
    [
        ("月息2分", "24.00", "month"),
        ("月息一分五", "18.00", "month"),
        ("月息1分5", "18.00", "month"),
        ("月息1.5分", "18.00", "month"),
        ("月息一分五厘", "18.00", "month"),
        ("月息两分", "24.00", "month"),
        ("月息8厘", "9.60", "month"),
        ("月利2分", "24.00", "month"),
        ("月利率2分", "24.00", "month"),
        ("年息1分", "10.00", "year"),
        ("年息1厘", "1.00", "year"),
        ("年息一分八", "18.00", "year"),
        ("年息十二厘", "12.00", "year"),
        ("日息1分", "36.50", "day"),
        ("日息1厘", "3.65", "day"),
        ("日息千分之一", "36.50", "day"),
        ("日息万分之五", "18.25", "day"),
        ("利息按月息2分计算", "24.00", "month"),
    ],
)
def test_folk_units_fen_and_li(sentence, percent, basis):
    found = one_return(sentence)
    assert (found.annual_percent, found.basis) == (Decimal(percent), basis)


def test_quote_is_the_exact_span_of_the_original_text():
    assert one_return("他说年化１８％，很稳") == PromisedReturn("年化１８％", Decimal("18.00"), "year")
    assert one_return("借款约定月息2分，5天到账").quote == "月息2分"
    assert one_return("年化收益率为 15% 左右").quote == "年化收益率为 15%"


def test_every_occurrence_once_in_text_order_quantized():
    found = promised_returns("先是月息2分，后来改成年化18%，再后来又说月息2分；日息万分之三。")
    assert [r.quote for r in found] == ["月息2分", "年化18%", "月息2分", "日息万分之三"]
    assert [r.annual_percent for r in found] == [Decimal("24.00"), Decimal("18.00"), Decimal("24.00"), Decimal("10.95")]
    assert all(r.annual_percent.as_tuple().exponent == -2 for r in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "2026年5月10日在公司开会",
        "年化是什么意思？年化收益较高",
        "联系电话13812345678，座机0539-8123456",
        "5分钟就能办完",
        "考试得了满分",
        "公司拿出3分之1的利润分红",
        "今年收益30%",  # this year's results, not a promise of a rate
        "3个月收益5%",  # a three-month term, no yearly rate stated
        "年化收益率十分可观",
        "收益率18%",  # no period stated: not guessed
        "年利润增长20%",
        "月息",
    ],
)
def test_not_promised_returns(sentence):
    assert promised_returns(sentence) == []


def test_the_legal_cap_sentence_reads_as_a_rate():
    found = one_return("出借人请求借款人按照年利率超过24%的部分支付利息的，人民法院不予支持")
    assert (found.annual_percent, found.basis) == (Decimal("24.00"), "year")


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("一", "1"),
        ("两", "2"),
        ("十", "10"),
        ("十二", "12"),
        ("一十五", "15"),
        ("二十", "20"),
        ("二十五", "25"),
        ("一百二十", "120"),
        ("一点五", "1.5"),
        ("零点零五", "0.05"),
        ("一五", "15"),
        ("18", "18"),
        ("1.5", "1.5"),
    ],
)
def test_chinese_numerals(numeral, value):
    assert cn_number(numeral) == Decimal(value)


@pytest.mark.parametrize("bad", ["", "点五", "三千", "一点十"])
def test_chinese_numerals_refuse_what_they_do_not_read(bad):
    with pytest.raises(ValueError):
        cn_number(bad)


# --- lexicon hits and tokens ------------------------------------------------------------------


def test_feature_hits_count_each_phrase_once_per_occurrence():
    assert feature_hits("承诺保本保息，稳赚不赔", LEXICON) == [WordHit("保本保息", 1), WordHit("稳赚不赔", 1)]


def test_feature_hits_in_order_of_first_occurrence_normalised():
    sample = "返利！原始股上市后翻倍。再返利，ＡＢＣ 项目保本\n保息"
    hits = feature_hits(sample, ["保本保息", "原始股", "返利", "abc项目", "拉人头", "", "返利"])
    assert hits == [WordHit("返利", 2), WordHit("原始股", 1), WordHit("abc项目", 1), WordHit("保本保息", 1)]


def test_tokens_keep_lexicon_phrases_whole_and_drop_punctuation():
    words = tokens("承诺保本保息，稳赚不赔！拉人头有奖。", LEXICON)
    assert words[:4] == ["承诺", "保本保息", "稳赚不赔", "拉人头"]
    assert not {"，", "！", "。"} & set(words)
    assert tokens("  \n，。 ") == []
    assert "18%" in tokens("年化１８％")


def test_lexicon_words_added_once_and_safely_from_threads():
    phrases = [f"测试短语{i}号" for i in range(40)]
    errors = []

    def segment():
        try:
            for _ in range(5):
                tokens("这是测试短语7号和测试短语31号", phrases)
        except Exception as error:  # noqa: BLE001 (collected for the assertion below)
            errors.append(error)

    threads = [threading.Thread(target=segment) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(phrases) <= text._USER_WORDS
    assert tokens("这是测试短语7号和测试短语31号", phrases) == ["这是", "测试短语7号", "和", "测试短语31号"]


# --- the realistic advertisement and near duplicates ------------------------------------------


def test_advertisement_returns_and_hits():
    assert len(AD_XINSHENG) >= 200
    assert promised_returns(AD_XINSHENG) == [PromisedReturn("年化收益率15%-18%", Decimal("18.00"), "year")]
    assert feature_hits(AD_XINSHENG, LEXICON) == [
        WordHit("养老项目", 1),
        WordHit("保本保息", 1),
        WordHit("稳赚不赔", 1),
        WordHit("月月返息", 1),
        WordHit("介绍他人投资", 1),
    ]


def test_similarity_of_copies_and_of_unrelated_texts():
    assert similarity(AD_XINSHENG, AD_HUIJIN) >= 90
    assert similarity(AD_XINSHENG, TIP_OFF) < 50
    assert similarity(AD_XINSHENG, WARNING_NOTICE) < 50  # same subject, own words
    assert similarity(AD_XINSHENG, AD_XINSHENG) == 100
    assert similarity(AD_XINSHENG, AD_HUIJIN) == similarity(AD_HUIJIN, AD_XINSHENG)
    assert similarity("", "") == 0


def test_near_duplicates_pairs_the_two_copies_only():
    texts = {"tip-1": AD_XINSHENG, "tip-2": TIP_OFF, "tip-3": WARNING_NOTICE, "tip-4": AD_HUIJIN}
    pairs = near_duplicates(texts)
    assert [(a, b) for a, b, _ in pairs] == [("tip-1", "tip-4")]
    assert pairs[0][2] == pytest.approx(similarity(AD_XINSHENG, AD_HUIJIN))
    assert near_duplicates({7: AD_HUIJIN, 3: AD_XINSHENG})[0][:2] == (7, 3)  # a before b in iteration order
    assert near_duplicates({}) == []


# --- jieba's start-up -------------------------------------------------------------------------


def test_processes_starting_together_share_the_cache_quietly(tmp_path):
    """Two processes with an empty temp dir: both segment, neither writes a line of log, and the
    prefix dictionary is cached in a folder of the user's own under that temp dir."""
    code = "from finsup.fundraising.text import tokens; print(' '.join(tokens('月息2分，保本保息', ['保本保息'])))"
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert (run.returncode, out.strip(), err) == (0, "月息 2 分 保本保息", "")
    assert [p.name for p in tmp_path.glob("finsup-jieba-*/*")] == [text._TOKENIZER.cache_file]
