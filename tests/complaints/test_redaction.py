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


# What people actually type: grouped, full-width, in parentheses. The clear digits must be gone.
AWKWARD = [
    ("身份证号 370302 1980 0101 1234 请核实", ["370302 1980 0101 1234", "19800101"]),
    ("身份证：370302-19800101-123X", ["19800101"]),
    ("身份证３７０３０２１９８００１０１１２３４", ["１９８００１０１"]),
    ("旧证号370302800101123", ["800101"]),
    ("座机(0539)8123456联系", ["8123456"]),
    ("座机（０５３９）８１２３４５６", ["８１２３４５６", "8123456"]),
    ("电话0539 8123456", ["8123456"]),
    ("手机１３８１２３４５６７８", ["１２３４５６７８", "12345678"]),
    ("手机138-1234-5678", ["1234-5678"]),
    ("手机＋８６　１３８　１２３４　５６７８", ["１２３４　５６７８"]),
    ("手机 138 1234 5678。", ["1234 5678"]),
]


def test_awkward_forms_of_id_numbers_and_phones_are_masked():
    for text, clear in AWKWARD:
        out = redact(text)
        for fragment in clear:
            assert fragment not in out, (text, out)
        assert "*" in out, (text, out)


def test_masking_keeps_the_first_and_last_digits_readable_as_ascii():
    assert redact("身份证３７０３０２１９８００１０１１２３４") == "身份证370302********1234"
    assert redact("座机（０５３９）８１２３４５６") == "座机053****3456"
