"""统一社会信用代码 (GB 32100-2015): 18 characters, no I O Z S V, MOD 31 check character."""

import pytest

from shebao.core.credit_code import ALPHABET, CreditCode, check_char
from shebao.core.errors import InvalidValue

VALID = "91420100MA4K000120"  # computed below; the 18th character is 0


def test_check_character_is_computed_with_the_standards_weights():
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    body = VALID[:17]
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    assert check_char(body) == ALPHABET[(31 - total % 31) % 31] == VALID[17]
    assert check_char("91110000100000000") == "R"


def test_a_valid_code_passes_and_is_upper_cased():
    assert CreditCode.parse(VALID).value == VALID
    assert str(CreditCode.parse(" " + VALID.lower() + " ")) == VALID


def test_wrong_check_character_names_the_expected_one():
    with pytest.raises(InvalidValue) as exc:
        CreditCode.parse(VALID[:17] + "1")
    assert str(exc.value) == "统一社会信用代码校验位错误：第 18 位应为 0，实际为 1"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_forbidden_letters_are_named(letter):
    code = "91420100MA4K00012" + letter
    with pytest.raises(InvalidValue) as exc:
        CreditCode.parse(code)
    assert f"不允许的字符：{letter}" in str(exc.value)
    assert "不使用 I、O、Z、S、V" in str(exc.value)


def test_several_forbidden_characters_are_listed_once():
    with pytest.raises(InvalidValue, match="不允许的字符：O、Z"):
        CreditCode.parse("91420100MAOZ00O120")


@pytest.mark.parametrize(("raw", "n"), [("91420100MA4K00012", 17), ("", 0)])
def test_wrong_length(raw, n):
    with pytest.raises(InvalidValue, match=f"应为 18 位，实际为 {n} 位"):
        CreditCode.parse(raw)
