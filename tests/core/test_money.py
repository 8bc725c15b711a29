"""Money is Decimal yuan; the roundings the rules name (R-BASE-01) each have a function."""

from decimal import Decimal

import pytest

from shebao.core.errors import InvalidValue
from shebao.core.money import parse_yuan, round_half_up_to_10_yuan, round_half_up_to_cent


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
