"""Masks for lists and exports: enough digits to recognise a person, not enough to misuse."""

from django.template import Context, Template

from shebao.core.masking import mask_id_number, mask_mobile


def test_id_number_keeps_area_and_last_four():
    assert mask_id_number("510725199301018319") == "510725********8319"
    assert mask_id_number("11010119900307002X") == "110101********002X"


def test_mobile_keeps_prefix_and_last_four():
    assert mask_mobile("13812345678") == "138****5678"


def test_empty_and_short_values():
    assert mask_id_number("") == "" and mask_id_number(None) == ""
    assert mask_mobile("") == "" and mask_mobile(None) == ""
    assert mask_id_number("12345678") == "12****78"
    assert mask_mobile("12345") == "*****"


def test_template_filters():
    html = Template("{% load shebao %}{{ i|mask_id }} {{ m|mask_mobile }}").render(
        Context({"i": "510725199301018319", "m": "13812345678"})
    )
    assert html == "510725********8319 138****5678"
