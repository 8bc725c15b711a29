"""手机号码: 11 digits starting with 1 and 3-9, as people and spreadsheets write them."""

import pytest

from shebao.core.errors import InvalidValue
from shebao.core.phone import parse_mobile


@pytest.mark.parametrize(
    "raw",
    [
        "18555555555",
        " 185 5555 5555 ",
        "185-5555-5555",
        "+8618555555555",
        "18555555555.0",
        18555555555,
        18555555555.0,
    ],
)
def test_accepted_forms(raw):
    assert parse_mobile(raw) == "18555555555"


@pytest.mark.parametrize(
    "raw", ["12800138000", "1380013800", "138001380001", "1380013800a", "023-6888888"]
)
def test_refused_with_the_value_shown(raw):
    with pytest.raises(InvalidValue, match="格式不正确，应为 1 开头的 11 位数字"):
        parse_mobile(raw)


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_empty(raw):
    with pytest.raises(InvalidValue, match="手机号码不能为空"):
        parse_mobile(raw)
