from django.urls import reverse

from finsup.duties.selectors import responsibility_list


def test_responsibility_page_shows_all_27_items(db, client):
    content = client.get(reverse("portal:responsibilities")).content.decode()
    assert "①" in content and "㉗" in content
    assert "融资性担保机构的设立、变更初审" in content
    for item in responsibility_list().items:
        assert item.numeral in content
        assert f'id="item-{item.id}"' in content
    assert "二〇一五年七月" in content
    assert "不再逐一列出" in content  # the note under the table
