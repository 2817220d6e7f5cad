from finsup.complaints.redaction import mask_name, redact


def test_id_numbers_phones_and_names_are_masked():
    text = "投诉人王小明（身份证370302198001011234，电话13812345678，座机0539-8123456）反映：欧阳小明催收。"
    out = redact(text, names=["王小明", "欧阳小明", ""])
    assert "370302198001011234" not in out and "370302********1234" in out
    assert "13812345678" not in out and "138****5678" in out
    assert "8123456" not in out
    assert "王**" in out and "欧***" in out and "王小明" not in out


def test_an_id_number_ending_in_x_and_a_mobile_with_country_code():
    out = redact("证件号37030219800101123X，手机+86 138 1234 5678")
    assert "37030219800101123X" not in out and "1234 5678" not in out


def test_amounts_and_codes_are_left_alone():
    text = "涉及金额1200000元，统一社会信用代码91371300MA3C0ABC12，2026年1月5日。"
    assert redact(text) == text


def test_mask_name():
    assert mask_name("张三") == "张*" and mask_name("李") == "*"
