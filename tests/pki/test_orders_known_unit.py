"""The certificate order forms do not ask again for what the platform knows (issue #12 §6): the
unit's name, 社保号 and credit code are shown from the unit, the 经办人 is the logged-in
operator, and a failed step has the platform's error summary."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from shebao.identity.models import OperatorProfile
from shebao.pki.selfservice.models import CertificateOrder
from tests import factories
from tests.projects.helpers import cq_project

from .orders import info, started

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_step1_shows_the_units_name_and_numbers_instead_of_asking(op_client, unit):
    page = text(op_client.get(reverse("pki_order_new", args=["new"])))
    assert 'name="unit_name"' not in page
    assert 'name="social_security_no"' in page  # only a construction project chooses one
    known = re.search(r'<table class="kv kv--known">(.*?)</table>', page, re.S)
    assert known
    for value in (unit.name, unit.unit_no, unit.credit_code):
        assert value in known.group(1)


def test_an_online_order_takes_the_units_own_number(op_client, unit):
    response = op_client.post(
        reverse("pki_order_new", args=["new"]), {"project": "online", "region": unit.region.pk}
    )
    assert response.status_code == 302
    order = CertificateOrder.objects.get(unit=unit)
    assert (order.social_security_no, order.unit_name) == (unit.unit_no, unit.name)


def test_a_construction_order_chooses_among_the_units_projects(cq_client, cq_unit):
    """建设项目工伤参保 is Chongqing's certificate project (issue #12 §7)."""
    op_client, unit = cq_client, cq_unit
    project = cq_project(unit)
    number = project.project_no
    url = reverse("pki_order_new", args=["new"])
    page = text(op_client.get(url))
    assert f'<option value="{number}">{number} {project.name}</option>' in page
    missing = text(op_client.post(url, {"project": "construction", "region": unit.region.pk}))
    assert "请修改以下问题" in missing and "请选择项目社保号" in missing
    assert '<a href="#id_social_security_no">' in missing
    response = op_client.post(
        url,
        {"project": "construction", "region": unit.region.pk, "social_security_no": number},
    )
    assert response.status_code == 302
    assert CertificateOrder.objects.get(unit=unit).social_security_no == number


def test_step1_left_empty_is_summarised_in_the_platforms_words(op_client):
    response = op_client.post(reverse("pki_order_new", args=["new"]), {})
    page = text(response)
    assert response.status_code == 400
    assert '<a href="#id_project">请选择项目名称</a>' in page
    assert '<a href="#id_region">请选择参保区域</a>' in page
    assert "该字段是必填项" not in page


def test_step2_asks_only_what_the_platform_does_not_know(op_client, unit, operator):
    OperatorProfile.objects.create(
        user=operator, name="周敏", id_number=factories.id_number(), mobile="13912345678"
    )
    order = started(unit, operator)
    url = reverse("pki_order_info", args=[order.pk])
    page = text(op_client.get(url))
    assert 'name="unit_name"' not in page and 'name="credit_code"' not in page
    assert unit.credit_code in page
    assert re.search(r'<input[^>]*name="operator_name"[^>]*value="周敏"', page)
    assert re.search(r'<input[^>]*name="operator_mobile"[^>]*value="13912345678"', page)
    data = {k: v for k, v in info(unit).items() if k not in ("unit_name", "credit_code")}
    assert op_client.post(url, data).status_code == 302
    order.refresh_from_db()
    assert (order.unit_name, order.credit_code) == (unit.name, unit.credit_code)


def test_step2_left_empty_names_each_field(op_client, unit, operator):
    order = started(unit, operator)
    page = text(op_client.post(reverse("pki_order_info", args=[order.pk]), {}))
    assert "请修改以下问题" in page and "请填写法人姓名" in page
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_legal_person_name"', page)
    assert "该字段是必填项" not in page


def test_renewal_is_prefilled_with_the_operator(op_client, operator):
    operator.first_name = "刘芳"
    operator.save()
    page = text(op_client.get(reverse("pki_order_renew")))
    assert re.search(r'<input[^>]*name="operator_name"[^>]*value="刘芳"', page)
