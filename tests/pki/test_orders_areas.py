"""证书应用项目 by area (issue #12 §7): a unit is offered the projects of its own area, named as
its area names them, and the printed 数字证书申请表 shows the unit's own region."""

import pytest
from django.urls import reverse

from shebao.core.errors import InvalidValue
from shebao.pki.selfservice import services
from shebao.pki.selfservice.form_pdf import application_form_html
from shebao.pki.selfservice.models import CertificateOrder, CertProject
from tests import factories

from .orders import info, started

pytestmark = pytest.mark.django_db


def project_options(client) -> list[str]:
    form = client.get(reverse("pki_order_new", args=["new"])).context["form"]
    return [str(label) for _value, label in form.fields["project"].choices]


def test_a_hubei_unit_is_offered_its_own_online_project_only(op_client):
    assert project_options(op_client) == ["湖北省网上社保项目"]
    page = op_client.get(reverse("pki_order_new", args=["new"])).content.decode()
    assert "重庆" not in page


def test_a_chongqing_unit_is_offered_both_chongqing_projects(cq_client):
    assert project_options(cq_client) == ["重庆市网上社保项目", "重庆市建设项目工伤参保"]


def test_a_hubei_unit_cannot_order_the_chongqing_construction_project(unit, operator):
    with pytest.raises(
        InvalidValue, match="不提供证书应用项目“建设项目工伤参保”：该项目只在重庆市"
    ):
        services.order_start(
            unit=unit,
            actor=operator,
            kind="new",
            project=CertProject.CONSTRUCTION,
            social_security_no="P0000001",
            region=unit.region,
            unit_name=unit.name,
        )
    assert not CertificateOrder.objects.exists()


def test_a_chongqing_unit_names_its_construction_project_by_number(cq_unit, cq_operator):
    with pytest.raises(InvalidValue, match="项目社保号 P0000001 不是当前经办单位的建设项目"):
        services.order_start(
            unit=cq_unit,
            actor=cq_operator,
            kind="new",
            project=CertProject.CONSTRUCTION,
            social_security_no="P0000001",
            region=cq_unit.region,
            unit_name=cq_unit.name,
        )


def test_the_printed_form_shows_the_units_own_region(unit, operator, op_client):
    order = started(unit, operator)
    order = services.order_info_save(order=order, actor=operator, **info(unit))

    html = application_form_html(order)
    assert "区域：湖北" in html and "湖北省网上社保项目-湖北省省本级" in html
    assert "重庆" not in html
    assert "湖北省网上社保项目" in op_client.get(reverse("pki_orders")).content.decode()


def test_a_chongqing_units_form_reads_chongqing(cq_unit, cq_operator):
    order = started(cq_unit, cq_operator)
    html = application_form_html(order)
    assert "区域：重庆" in html and f"重庆市网上社保项目-{cq_unit.region.name}" in html


def test_a_nanjing_units_form_reads_nanjing():
    unit = factories.unit(region_obj=factories.nanjing_region())
    order = started(unit, factories.operator(unit))
    assert "区域：南京" in application_form_html(order)
