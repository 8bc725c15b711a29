"""Masks for pages, files and the API: enough digits to recognise a person, not enough to
misuse; one rule set, declared on the columns."""

import re

import pytest
from django.template import Context, Template

from shebao.core.masking import Sensitive, mask
from shebao.services.queries import queries
from shebao.services.registry import registry


def test_id_number_keeps_area_and_last_four():
    assert mask("510725199301018319", Sensitive.ID) == "510725********8319"
    assert mask("11010119900307002X", Sensitive.ID) == "110101********002X"


def test_mobile_keeps_prefix_and_last_four():
    assert mask("13812345678", Sensitive.MOBILE) == "138****5678"


def test_account_keeps_bank_prefix_and_last_four():
    assert mask("6222021234567890123", Sensitive.ACCOUNT) == "6222***********0123"


def test_empty_short_and_plain_values():
    assert mask("", Sensitive.ID) == "" and mask(None, Sensitive.MOBILE) == ""
    assert mask("12345678", Sensitive.ID) == "12****78"
    assert mask("12345", Sensitive.MOBILE) == "*****"
    assert mask("1234", Sensitive.ACCOUNT) == "**34"
    assert mask(5013, None) == "5013"


def test_template_filter():
    html = Template(
        '{% load shebao %}{{ i|mask:"id" }} {{ m|mask:"mobile" }} {{ a|mask:"account" }}'
    ).render(Context({"i": "510725199301018319", "m": "13812345678", "a": "6222021234567890"}))
    assert html == "510725********8319 138****5678 6222********7890"


LOOKS_PERSONAL = re.compile(r"身份证|证件号码|手机|电话|银行账号|账户|联系方式")
NOT_A_NUMBER = re.compile(r"类型|类别|户名|网点")


@pytest.mark.parametrize("spec", list(registry), ids=lambda s: s.code)
def test_every_personal_row_column_declares_what_it_holds(spec):
    """A new ID / phone / account column that forgets ``sensitive=`` would be shown in full."""
    forgotten = [
        c.label
        for c in spec.row.columns()
        if LOOKS_PERSONAL.search(c.label) and not NOT_A_NUMBER.search(c.label)
        if c.sensitive is None
    ]
    assert forgotten == []


@pytest.mark.parametrize("query", list(queries), ids=lambda q: q.code)
def test_every_personal_query_column_declares_what_it_holds(query):
    forgotten = [
        c.label
        for c in query.columns
        if LOOKS_PERSONAL.search(c.label) and not NOT_A_NUMBER.search(c.label)
        if c.sensitive is None
    ]
    assert forgotten == []


def _result_queries():
    from shebao.cases.queries import CaseRowResultQuery

    return [q for q in queries if isinstance(q, CaseRowResultQuery)]


@pytest.mark.parametrize("query", _result_queries(), ids=lambda q: q.code)
def test_result_queries_mask_as_the_row_column_declares(query):
    """增减结果查询 / CA用户审核查询 show a service's rows: masked as its row columns say."""
    row = {c.name: c for c in registry[query.service_code].row.columns()}
    shown = {c.label: c.sensitive for c in query.columns}
    assert {label: shown[label] for label, _name in query.row_fields} == {
        label: row[name].sensitive for label, name in query.row_fields
    }


def test_result_query_naming_a_field_the_row_lacks_fails_when_defined():
    from shebao.cases.queries import CaseRowResultQuery

    with pytest.raises(ValueError, match="id_numbr"):

        class Typo(CaseRowResultQuery):
            code = "typo"
            title = "typo"
            service_code = "nj_operator_ca_training_application"
            row_fields = (("身份证号码", "id_numbr"),)


def test_no_second_rule_set_outside_core_masking():
    """Stars are drawn in one module only: a presenter that hides digits itself would drift."""
    from pathlib import Path

    import shebao

    root = Path(shebao.__file__).parent
    starring = re.compile(r"""["']\*["']\s*\*|\*\s*["']\*["']|\.[lr]just\(""")
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.suffix in {".py", ".html", ".js"} and path.name != "masking.py"
        if starring.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
