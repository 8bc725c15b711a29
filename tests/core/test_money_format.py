"""One money format everywhere (issue #12 §3): ``1,391,675.60``, exact to the cent."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from shebao.core.money import format_money


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1391675.6"), "1,391,675.60"),
        (Decimal("4445"), "4,445.00"),
        (Decimal("124.455"), "124.46"),  # half-up to the cent, not banker's rounding
        (Decimal("0.005"), "0.01"),
        (Decimal("-2844.8"), "-2,844.80"),
        (0, "0.00"),
        ("17780", "17,780.00"),
        ("1,234.5", "1,234.50"),
        (0.1 + 0.2, "0.30"),
        (12345678901234567.89, "12,345,678,901,234,568.00"),
        (Decimal("99999999999999999.99"), "99,999,999,999,999,999.99"),  # no float on the way
        (None, ""),
        ("", ""),
        ("暂无", "暂无"),
    ],
)
def test_format_money(amount, shown):
    assert format_money(amount) == shown


def test_the_template_filter_is_the_same_rule():
    html = Template("{% load shebao %}{{ a|money }}|{{ b|money }}|{{ c|money }}").render(
        Context({"a": Decimal("1391675.60"), "b": None, "c": Decimal("53.34")})
    )
    assert html == "1,391,675.60||53.34"
