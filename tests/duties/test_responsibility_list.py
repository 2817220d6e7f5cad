import json

import pytest

from finsup.duties import checks, selectors
from finsup.duties.responsibilities import DATA_FILE, ResponsibilityListError, load_responsibility_list
from finsup.duties.selectors import responsibility_list


def test_the_published_list_has_6_duties_and_27_items_in_order():
    rl = responsibility_list()
    assert [d.id for d in rl.duties] == [1, 2, 3, 4, 5, 6]
    assert [i.id for i in rl.items] == list(range(1, 28))
    assert rl.items[0].numeral == "①" and rl.items[-1].numeral == "㉗"
    assert rl.item(22).text == "负责全市融资性担保机构的设立、变更初审和业务监管工作。"
    assert rl.item(22).duty_id == 5
    assert all(d.accountability for d in rl.duties)
    assert rl.public_services[0].phone == "0539-8726072"


def test_selectors_read_the_same_list():
    assert selectors.item(22) is responsibility_list().item(22)
    assert selectors.duty(5) is responsibility_list().duties[4]
    assert selectors.item_ids() == frozenset(range(1, 28))
    assert selectors.item_choices()[21] == (22, "㉒ 负责全市融资性担保机构的设立、变更初审和业务监管工作。")
    with pytest.raises(KeyError):
        selectors.item(28)


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


def test_the_system_check_reports_a_broken_list(tmp_path, monkeypatch):
    path = _write(tmp_path, {"duties": []})
    monkeypatch.setattr(checks, "load_responsibility_list", lambda: load_responsibility_list(path))
    [error] = checks.responsibility_list_is_valid(None)
    assert error.id == "finsup.duties.E001" and "duties" in error.msg


def test_the_system_check_passes_on_the_published_list():
    assert checks.responsibility_list_is_valid(None) == []
