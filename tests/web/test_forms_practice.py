"""Forms that follow good practice (issue #12 §6): after a failed submit an error summary at the
top links to every field in error, the fields say they are invalid, a missing value is named
("请填写姓名", never Django's 该字段是必填项), placeholders cannot pass for data, and what the
platform knows of the operator is filled in already."""

from __future__ import annotations

import html
import re

import pytest

from shebao.identity.models import OperatorProfile
from shebao.services.registry import registry
from shebao.services.spec import Mode
from tests import factories

from .helpers import ENROLMENT

pytestmark = pytest.mark.django_db

DJANGO_REQUIRED = ("该字段是必填项", "This field is required")
SINGLE_FORM_CODES = [spec.code for spec in registry if Mode.SINGLE in spec.modes]


def area_client(op_client, code: str):
    """The Hubei operator's client, or one of a unit in the area that offers ``code``."""
    areas = registry[code].areas
    if any(area.value == "42" for area in areas):
        return op_client
    return factories.client_of(factories.unit(region_obj=factories.region_offering(areas)))


def text(response) -> str:
    return html.unescape(response.content.decode())


def accepted_draft(client, code: str = ENROLMENT) -> int:
    step1 = client.post(f"/services/{code}/")["Location"]
    client.post(step1, {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"})
    return int(step1.split("/")[2])


def summary_links(page: str) -> list[str]:
    box = re.search(r'<div class="error-summary"(.*?)</div>', page, re.S)
    assert box, "no error summary"
    assert 'role="alert"' in box.group(0) and 'tabindex="-1"' in box.group(0)
    assert "请修改以下问题" in box.group(0)
    return re.findall(r'<a href="#([^"]+)">', box.group(0))


def input_tag(page: str, element_id: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', page)
    assert match, element_id
    return match.group(0)


def test_a_failed_single_form_has_a_summary_linking_each_field_in_error(op_client):
    pk = accepted_draft(op_client)
    response = op_client.post(f"/cases/{pk}/rows/add/", {"monthly_wage": "5000"})
    assert response.status_code == 400
    page = text(response)
    links = summary_links(page)
    assert links[:2] == ["id_id_number", "id_name"]  # in the order of the form
    assert "请填写身份证号码" in page and "请填写姓名" in page and "请选择民族" in page
    for element_id in links:
        tag = input_tag(page, element_id)
        assert 'aria-invalid="true"' in tag
        assert f'aria-describedby="{element_id}_error"' in tag
        assert f'id="{element_id}_error"' in page  # the message it points at
    assert 'aria-invalid="true"' not in input_tag(page, "id_monthly_wage")  # the one filled in
    assert "/static/shebao/error-summary.js" in page


def test_a_form_without_errors_has_no_summary(op_client):
    pk = accepted_draft(op_client)
    page = text(op_client.get(f"/cases/{pk}/step/2/?tab=single"))
    assert "error-summary" not in page and 'aria-invalid="true"' not in page


@pytest.mark.parametrize("code", SINGLE_FORM_CODES)
def test_no_single_form_says_the_field_is_required_in_djangos_words(op_client, code):
    op_client = area_client(op_client, code)
    pk = accepted_draft(op_client, code)
    response = op_client.post(f"/cases/{pk}/rows/add/", {})
    page = text(response)
    for words in DJANGO_REQUIRED:
        assert words not in page
    required = [c for c in registry[code].row.columns() if c.required and c.kind != "tick"]
    required = [c for c in required if c.name not in ("unit_no", "unit_name")]
    if required:
        assert response.status_code == 400
        assert "请修改以下问题" in page
        for col in required:
            verb = "请选择" if col.kind == "choice" else "请填写"
            assert f"{verb}{col.label}" in page


def test_step1_left_empty_names_each_field(op_client):
    step1 = op_client.post(f"/services/{ENROLMENT}/")["Location"]
    page = text(op_client.post(step1, {"declarant": "", "declarant_mobile": ""}))
    assert summary_links(page) == ["id_declarant", "id_declarant_mobile", "id_agreement"]
    assert "请填写申报人" in page and "请填写手机号码" in page
    assert 'aria-invalid="true"' in input_tag(page, "id_agreement")
    for words in DJANGO_REQUIRED:
        assert words not in page


def test_login_left_empty_names_each_field(client):
    page = text(client.post("/login/", {"username": "", "password": ""}))
    assert summary_links(page) == ["id_username", "id_password"]
    assert "请填写用户名" in page and "请填写密码" in page
    for words in DJANGO_REQUIRED:
        assert words not in page


def test_a_wrong_password_is_in_the_summary_without_a_link(client, operator):
    page = text(client.post("/login/", {"username": operator.username, "password": "nope"}))
    assert summary_links(page) == []
    assert "用户名或密码不正确" in page


ID_LIKE = re.compile(r"\d{15}|\d{17}[\dXx]")


@pytest.mark.parametrize("code", SINGLE_FORM_CODES)
def test_placeholders_are_formats_not_data(op_client, code):
    op_client = area_client(op_client, code)
    pk = accepted_draft(op_client, code)
    page = text(op_client.get(f"/cases/{pk}/step/2/?tab=single"))
    for placeholder in re.findall(r'placeholder="([^"]*)"', page):
        assert not ID_LIKE.search(placeholder), placeholder
        assert "张三" not in placeholder and "李四" not in placeholder, placeholder
        assert not re.fullmatch(r"[\d.,]+", placeholder), placeholder  # 1000, 13000000000


def test_the_id_number_and_mobile_placeholders_say_the_format(op_client):
    pk = accepted_draft(op_client)
    page = text(op_client.get(f"/cases/{pk}/step/2/?tab=single"))
    assert 'placeholder="18位身份证号码"' in input_tag(page, "id_id_number")
    assert 'placeholder="11位手机号码"' in input_tag(page, "id_mobile")
    assert "placeholder" not in input_tag(page, "id_monthly_wage")


def test_step1_is_prefilled_with_the_operator(op_client, operator):
    OperatorProfile.objects.create(
        user=operator, name="周敏", id_number=factories.id_number(), mobile="13912345678"
    )
    page = text(op_client.get(f"/services/{ENROLMENT}/"))
    assert 'value="周敏"' in input_tag(page, "id_declarant")
    assert 'value="13912345678"' in input_tag(page, "id_declarant_mobile")
    assert "已按当前经办人填写" in page


def test_without_a_profile_the_account_name_and_last_mobile_are_used(client, unit):
    operator = factories.operator(unit)
    operator.first_name = "刘芳"
    operator.save()
    client.force_login(operator)
    page = text(client.get(f"/services/{ENROLMENT}/"))
    assert 'value="刘芳"' in input_tag(page, "id_declarant")
    assert "value=" not in input_tag(page, "id_declarant_mobile")
    step1 = client.post(f"/services/{ENROLMENT}/")["Location"]
    client.post(step1, {"declarant": "刘芳", "declarant_mobile": "13600001111", "agreement": "on"})
    page = text(client.get(f"/services/{registry['hb_employee_insurance_suspension'].code}/"))
    assert 'value="13600001111"' in input_tag(page, "id_declarant_mobile")


def test_a_draft_keeps_the_declarant_it_was_given(op_client, operator):
    OperatorProfile.objects.create(
        user=operator, name="周敏", id_number=factories.id_number(), mobile="13912345678"
    )
    pk = accepted_draft(op_client)  # declared by 王建
    page = text(op_client.get(f"/cases/{pk}/step/1/"))
    assert 'value="王建"' in input_tag(page, "id_declarant")
    assert 'value="18555555555"' in input_tag(page, "id_declarant_mobile")


def test_service_cards_carry_no_section_numbers_or_document_references(op_client):
    page = text(op_client.get("/"))
    cards = re.findall(r'<article class="service-card"[^>]*>(.*?)</article>', page, re.S)
    assert len(cards) >= 30  # the Hubei unit's services and queries
    for card in cards:
        assert "§" not in card and "〔" not in card and "南京 二" not in card
        assert re.search(r'<p class="service-card__text muted">[^<]+</p>', card)
    assert "§" not in text(op_client.get("/queries/"))


def test_the_reference_stays_in_the_service_description_under_basis(op_client):
    cq_client = area_client(op_client, "cq_online_business_application")
    page = text(cq_client.get("/services/cq_online_business_application/"))
    assert "依据：渝人社发〔2015〕268号 第六条" in page
    page = text(op_client.get(f"/services/{ENROLMENT}/"))
    assert "依据：§3.3.3" in page
    assert page.count("§3.3.3") == 1  # not in the title bar too


@pytest.mark.parametrize("code", SINGLE_FORM_CODES)
def test_tick_labels_carry_no_manual_marks(op_client, code):
    op_client = area_client(op_client, code)
    pk = accepted_draft(op_client, code)
    page = text(op_client.get(f"/cases/{pk}/step/2/?tab=single"))
    form = page[page.index('id="row-form"') :]
    assert "(A)" not in form and "(√)" not in form
    page = text(op_client.get(f"/cases/{pk}/step/2/?tab=results"))
    assert "(A)" not in page and "(√)" not in page


MONTHLY = "hb_monthly_contribution_declaration"


def test_the_monthly_declaration_speaks_of_declarations_not_rows(op_client):
    pk = accepted_draft(op_client, MONTHLY)
    page = text(op_client.get(f"/cases/{pk}/step/2/"))
    assert "填写申报" in page and "单个添加" not in page
    response = op_client.post(f"/cases/{pk}/rows/add/", {"period": "209901"}, follow=True)
    page = text(response)
    assert "第 1 条申报已添加" in page
    assert "单个添加" not in page and "行号" not in page and not re.search(r"\d+ 行", page)
    assert "校验不通过 <strong>1</strong> 条申报" in page
    assert "确定删除第 1 条申报吗？" in page


def test_a_roster_service_still_counts_rows(op_client):
    pk = accepted_draft(op_client)
    page = text(op_client.get(f"/cases/{pk}/step/2/"))
    assert "单个添加" in page and "批量添加" in page
    page = text(op_client.post(f"/cases/{pk}/rows/add/", {"name": "李小明"}))
    response = op_client.post(
        f"/cases/{pk}/rows/add/",
        {
            "id_number": "512301198809010000",
            "name": "李小明",
            "ethnicity": "汉族",
            "work_start_date": "2024-03-01",
            "monthly_wage": "5000",
            "mobile": "13812345678",
        },
        follow=True,
    )
    page = text(response)
    assert "第 1 行已添加" in page and "行号" in page
