import json

import pytest
from django.urls import reverse

from finsup.portal.responsibilities import (
    DATA_FILE,
    ResponsibilityListError,
    load_responsibility_list,
    responsibility_list,
)


def test_the_published_list_has_6_duties_and_27_items_in_order():
    rl = responsibility_list()
    assert [d.id for d in rl.duties] == [1, 2, 3, 4, 5, 6]
    assert [i.id for i in rl.items] == list(range(1, 28))
    assert rl.items[0].numeral == "①" and rl.items[-1].numeral == "㉗"
    assert rl.item(22).text == "负责全市融资性担保机构的设立、变更初审和业务监管工作。"
    assert rl.item(22).duty_id == 5
    assert all(d.accountability for d in rl.duties)
    assert rl.public_services[0].phone == "0539-8726072"


def test_responsibility_page_shows_all_27_items(db, client):
    content = client.get(reverse("portal:responsibilities")).content.decode()
    assert "①" in content and "㉗" in content
    assert "融资性担保机构的设立、变更初审" in content
    for item in responsibility_list().items:
        assert item.numeral in content
        assert f'id="item-{item.id}"' in content
    assert "二〇一五年七月" in content
    assert "不再逐一列出" in content  # the note under the table


def _write(tmp_path, data):
    path = tmp_path / "list.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _published():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def test_a_list_with_26_items_is_rejected(tmp_path):
    data = _published()
    data["duties"][5]["items"].pop()
    with pytest.raises(ResponsibilityListError, match="27 items"):
        load_responsibility_list(_write(tmp_path, data))


def test_a_gap_in_the_numbering_is_rejected(tmp_path):
    data = _published()
    data["duties"][0]["items"][1]["numeral"] = "③"
    with pytest.raises(ResponsibilityListError, match="numeral"):
        load_responsibility_list(_write(tmp_path, data))


def test_a_duty_without_accountability_basis_is_rejected(tmp_path):
    data = _published()
    data["duties"][2]["accountability"] = []
    with pytest.raises(ResponsibilityListError, match="duty #3"):
        load_responsibility_list(_write(tmp_path, data))


def test_invalid_json_is_rejected(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ResponsibilityListError, match="cannot read"):
        load_responsibility_list(path)
