"""The early-warning index: each contribution named with the texts it came from; promised returns
of "年化18%" and "月息2分" read against the legal cap (four times the one-year LPR); a new version of
the weights, saved as data, changes the score with no change of code."""

import datetime
from decimal import Decimal

import pytest

from finsup.core.errors import ApplicationError
from finsup.fundraising import gather, index, services
from finsup.fundraising.models import WeightSet
from finsup.fundraising.weights import as_data
from tests import factories as f

from .helpers import on, register

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)
AD = "临沂某某财富养生项目火热认购，保本保息，年化18%，欢迎咨询。"
LONG_AD = (
    "{name}隆重推出康养旅居项目，投资一万元起，保本保息，年化18%，每月十五日返息，到期还本。"
    "项目由大型集团担保，资金安全有保障，介绍他人投资另有奖励，名额有限，先到先得。"
    "地址：临沂市兰山区通达路某号，咨询电话{phone}。"
)
TIP = "邻居介绍我投钱，说月息2分，每月返息。"


def _score(entity, day=DAY):
    weights = gather.weights_on(day)
    return index.score_all(gather.corpus(), weights, day)[entity.pk], weights


def test_each_contribution_is_listed_with_its_source_texts(world):
    clerk = world.lanshan["clerk"]
    entity = register(clerk, f.office("371302"), "临沂某某财富管理有限公司", DAY, texts=[("宣传单", AD)])
    with on(DAY):
        tip = services.text_add(
            by=clerk,
            entity=entity,
            kind="tip_off",
            title="群众举报",
            body=TIP,
            received_on=DAY,
            from_office=f.office("371302"),
        )
    ad = entity.texts.get(title="宣传单")
    score, weights = _score(entity)
    by_signal = {c.signal: c for c in score.contributions}
    assert set(by_signal) == {"word", "return", "complaints"}
    word = by_signal["word"]
    assert word.detail == {"word": "保本保息", "count": 1, "counted": 1}
    assert word.points == Decimal("8.00") and [s.pk for s in word.sources] == [ad.pk]
    # 月息2分 = 2% a month = 24% a year; 年化18% = 18%; the cap of 2026 is 4 × 3.00% = 12%.
    assert sorted(r[1] for r in ad.returns + tip.returns) == ["18.00", "24.00"]
    ret = by_signal["return"]
    assert ret.detail == {"quote": "月息2分", "rate": "24.00", "basis": "month", "cap": "12.00"}
    assert ret.points == Decimal("21.00")  # 15 + 0.5 × (24 − 12)
    assert {s.pk for s in ret.sources} == {ad.pk, tip.pk}
    assert by_signal["complaints"].points == Decimal("4.00") and [s.pk for s in by_signal["complaints"].sources] == [
        tip.pk
    ]
    assert score.total == Decimal("33.00") == sum(c.points for c in score.contributions)
    assert weights.version == 1


def test_a_new_version_of_the_weights_changes_the_score_without_code(world):
    entity = register(
        world.lanshan["clerk"], f.office("371302"), "临沂某某养老服务有限公司", DAY, texts=[("宣传单", AD)]
    )
    before, _w = _score(entity)
    current = gather.weights_on(DAY)
    data = as_data(current)
    data["words"]["保本保息"] = "20"
    leader = world.city["leader"]
    with pytest.raises(ApplicationError):  # a county leader may not set the city's weights
        services.weights_save(by=world.lanshan["leader"], data=data, valid_from=DAY, note="调整")
    misnamed = {"words": data["words"], "signals": dict(data["signals"])}
    misnamed["signals"]["flag"] = misnamed["signals"].pop("flag_score")
    with pytest.raises(ApplicationError) as bad:
        services.weights_save(by=leader, data=misnamed, valid_from=DAY, note="调整")
    assert str(bad.value) == "未知的信号：flag。" and WeightSet.objects.count() == 1
    services.weights_save(by=leader, data=data, valid_from=DAY, note="保本保息是最典型的特征词")
    after, weights = _score(entity)
    assert weights.version == 2
    assert after.total - before.total == Decimal("12.00")
    # the day before the new version still scores with version 1
    assert gather.weights_on(DAY - datetime.timedelta(days=1)).version == 1


def test_shared_phone_with_a_disposed_entity_and_near_duplicate_texts_are_links(world):
    from .helpers import determine

    clerk = world.lanshan["clerk"]
    office = f.office("371302")
    first = register(
        clerk,
        office,
        "临沂甲投资有限公司",
        DAY,
        texts=[("广告", LONG_AD.format(name="甲公司", phone="13800001111"))],
        channels="13800001111",
    )
    determine(clerk, first, DAY, DAY + datetime.timedelta(days=2), "rectification")
    later = DAY + datetime.timedelta(days=5)
    second = register(
        clerk,
        office,
        "临沂乙咨询有限公司",
        later,
        texts=[("广告", LONG_AD.format(name="乙公司", phone="13800002222"))],
        channels="138 0000 1111",
    )
    score, _w = _score(second, later)
    signals = {c.signal: c for c in score.contributions}
    assert signals["link_disposed"].detail["shared"] == ["phone:13800001111"]
    assert signals["link_disposed"].sources[0].pk == first.pk
    assert signals["near_duplicate"].detail["entity"] == "临沂甲投资有限公司"
    assert signals["near_duplicate"].detail["similarity"] >= 90
