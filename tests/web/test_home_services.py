"""The home page's services (issue #12 §7): a unit is offered only its region's services, by the
manual's modules, searchable, with the operator's most used first; another area's service is
refused, with the reason, on every channel."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.portal.service_groups import most_used_codes
from shebao.services.registry import registry
from tests import factories

from .helpers import ENROLMENT, SUSPENSION

pytestmark = pytest.mark.django_db

CQ_CHANGE = "cq_construction_project_personnel_change"
CQ_ONLINE = "cq_online_business_application"
NJ_TRAINING = "nj_operator_ca_training_application"
MONTHLY = "hb_monthly_contribution_declaration"


def service_links(html: str) -> set[str]:
    return set(re.findall(r'href="/services/([a-z_]+)/"', html))


def headings(html: str) -> list[str]:
    return re.findall(r'<h3 class="service-group__title"[^>]*>([^<]+)</h3>', html)


def test_a_hubei_unit_is_offered_hubei_services_only(op_client):
    html = op_client.get("/").content.decode()

    codes = service_links(html)
    assert {ENROLMENT, SUSPENSION, MONTHLY} <= codes
    assert all(code.startswith("hb_") for code in codes), codes
    for code in (CQ_CHANGE, CQ_ONLINE, NJ_TRAINING):
        assert registry[code].title not in html
    assert "/queries/cq_personnel_change_results/" not in html
    assert "/queries/nj_ca_user_review_status/" not in html
    assert "重庆" not in html and "南京" not in html


def test_a_chongqing_unit_is_offered_chongqing_services_only():
    html = factories.client_of(factories.unit(region_obj=factories.chongqing_region())).get("/")
    codes = service_links(html.content.decode())
    assert codes == {CQ_CHANGE, CQ_ONLINE}


def test_a_nanjing_unit_is_offered_nanjing_services_only():
    html = factories.client_of(factories.unit(region_obj=factories.nanjing_region())).get("/")
    codes = service_links(html.content.decode())
    assert codes == {NJ_TRAINING, "nj_multi_unit_operator_confirmation"}


def test_another_areas_service_is_refused_with_the_reason_and_nothing_is_created(op_client, unit):
    for url in (f"/services/{CQ_CHANGE}/", f"/services/{CQ_CHANGE}/template.xlsx"):
        page = op_client.get(url)
        html = page.content.decode()
        assert page.status_code == 403
        assert "湖北省省本级" in html and registry[CQ_CHANGE].title in html and "重庆市" in html
    assert op_client.post(f"/services/{NJ_TRAINING}/").status_code == 403
    assert op_client.get("/services/no_such_service/").status_code == 404
    assert not Case.objects.exists()


def test_the_engine_refuses_another_areas_service_for_every_channel(unit, operator):
    with pytest.raises(cases.CaseError, match="只在重庆市办理"):
        cases.case_start(service_code=CQ_ONLINE, unit=unit, operator=operator)
    assert not Case.objects.exists()


def test_another_areas_query_is_not_listed_and_refused(op_client):
    index = op_client.get("/queries/").content.decode()
    assert "/queries/hb_contribution_summary/" in index
    assert "cq_personnel_change_results" not in index and "nj_ca_user_review_status" not in index
    page = op_client.get("/queries/cq_personnel_change_results/")
    assert page.status_code == 403 and "重庆市" in page.content.decode()


def test_modules_are_headings_in_the_manuals_order(op_client):
    html = op_client.get("/").content.decode()

    assert headings(html) == [
        "社会保险登记",
        "社会保险参保信息维护",
        "社会保险缴费申报",
        "养老保险服务",
        "养老保险待遇申领",
        "社会保险参保缴费记录查询",
        "行政审批",
        "失业保险待遇",
        "查询统计服务",
    ]
    registration = html.index(">社会保险登记<")
    maintenance = html.index(">社会保险参保信息维护<")
    assert registration < html.index(registry[ENROLMENT].title) < maintenance
    assert html.index(">社会保险缴费申报<") < html.index(registry[SUSPENSION].title)


def test_search_finds_the_enrolment_by_title_and_the_suspension_by_keyword(op_client):
    html = op_client.get("/", {"q": "参保"}).content.decode()
    assert ENROLMENT in service_links(html)
    assert SUSPENSION not in service_links(html) and MONTHLY not in service_links(html)
    assert 'value="参保"' in html and "找到" in html

    by_keyword = service_links(op_client.get("/", {"q": "减员"}).content.decode())
    assert by_keyword == {SUSPENSION}

    nothing = op_client.get("/", {"q": "不存在的业务"}).content.decode()
    assert service_links(nothing) == set() and "没有找到相关业务" in nothing


def test_the_operators_most_used_services_come_first(unit, operator, op_client):
    for code in [SUSPENSION] * 3 + [MONTHLY] * 2 + [ENROLMENT]:
        cases.case_start(service_code=code, unit=unit, operator=operator)
    colleague = factories.operator(unit)
    for _ in range(5):  # a colleague's habits are not this operator's
        cases.case_start(service_code="hb_overpayment_refund", unit=unit, operator=colleague)

    with CaptureQueriesContext(connection) as queries:
        codes = most_used_codes(unit=unit, operator=operator, codes=[s.code for s in registry])
    assert codes == [SUSPENSION, MONTHLY, ENROLMENT] and len(queries) == 1

    html = op_client.get("/").content.decode()
    used = html[html.index("常用业务") : html.index("data-service-group")]
    titles = [registry[c].title for c in (SUSPENSION, MONTHLY, ENROLMENT)]
    assert [used.index(t) for t in titles] == sorted(used.index(t) for t in titles)
    assert registry["hb_overpayment_refund"].title not in used


def test_without_cases_there_is_no_most_used_row(op_client):
    assert "常用业务" not in op_client.get("/").content.decode()


def test_the_case_records_filter_offers_the_regions_services(op_client):
    html = op_client.get("/cases/").content.decode()
    assert f'value="{ENROLMENT}"' in html
    assert f'value="{CQ_CHANGE}"' not in html and f'value="{NJ_TRAINING}"' not in html
