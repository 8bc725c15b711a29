"""Money is Decimal yuan; the roundings the rules name (R-BASE-01) each have a function."""

from decimal import Decimal

import pytest

from shebao.core.errors import InvalidValue
from shebao.core.money import (
    parse_yuan,
    round_half_up_to_10_yuan,
    round_half_up_to_cent,
    yuan_in_capitals,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("6000", Decimal("6000")),
        ("4,162.50", Decimal("4162.50")),
        ("4，162.5", Decimal("4162.5")),
        ("2844.8元", Decimal("2844.8")),
        (" 124.46 ", Decimal("124.46")),
        (0.1, Decimal("0.1")),  # a float cell: 0.1, not 0.1000000000000000055...
        (5013.5, Decimal("5013.5")),
        (6000, Decimal("6000")),
        (Decimal("1.5"), Decimal("1.5")),
        ("0", Decimal("0")),
    ],
)
def test_parse_yuan(raw, value):
    parsed = parse_yuan(raw)
    assert isinstance(parsed, Decimal) and parsed == value


def test_trailing_zeros_after_the_cent_are_not_extra_decimals():
    assert parse_yuan("1.500") == Decimal("1.5")


@pytest.mark.parametrize("raw", ["abc", "", None, "NaN", "Infinity", "1.2.3"])
def test_not_a_number(raw):
    with pytest.raises(InvalidValue, match="不是有效数字"):
        parse_yuan(raw)


def test_negative_refused():
    with pytest.raises(InvalidValue, match="金额不能为负数"):
        parse_yuan("-1")


def test_more_than_two_decimals_refused():
    with pytest.raises(InvalidValue, match="金额最多保留两位小数"):
        parse_yuan("1.005")


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        ("17776", "17780"),
        ("1005", "1010"),
        ("1004.99", "1000"),
        ("17775", "17780"),
        ("17774.99", "17770"),
        ("0", "0"),
        ("4", "0"),
        ("5", "10"),
    ],
)
def test_round_half_up_to_10_yuan(amount, rounded):
    assert round_half_up_to_10_yuan(Decimal(amount)) == Decimal(rounded)


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [("2.675", "2.68"), ("2.665", "2.67"), ("2.664", "2.66"), ("10", "10.00"), ("0.005", "0.01")],
)
def test_round_half_up_to_cent(amount, rounded):
    result = round_half_up_to_cent(Decimal(amount))
    assert result == Decimal(rounded) and str(result) == rounded  # always two places


@pytest.mark.parametrize(
    "amount, text",
    [
        ("4445.00", "肆仟肆佰肆拾伍元整"),
        ("2844.80", "贰仟捌佰肆拾肆元捌角"),
        ("4162.50", "肆仟壹佰陆拾贰元伍角"),
        ("416662.50", "肆拾壹万陆仟陆佰陆拾贰元伍角"),
        ("124.46", "壹佰贰拾肆元肆角陆分"),
        ("10.05", "壹拾元零伍分"),
        ("1005", "壹仟零伍元整"),
        ("1010", "壹仟零壹拾元整"),
        ("100000", "壹拾万元整"),
        ("10010000", "壹仟零壹万元整"),
        ("10000001", "壹仟万零壹元整"),
        ("100010000", "壹亿零壹万元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("0", "零元整"),
        ("53.345", "伍拾叁元叁角伍分"),  # half-up to the cent first
    ],
)
def test_yuan_in_capitals(amount, text):
    assert yuan_in_capitals(Decimal(amount)) == text
