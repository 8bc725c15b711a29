"""办件记录: the unit's list with filters and pages, the detail, withdraw."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shebao.cases import services as cases
from shebao.cases.models import Case, CaseStatus

from .helpers import SUSPENSION, draft_case, submitted_case

pytestmark = pytest.mark.django_db


def test_list_filters_by_status_service_serial_and_date(op_client, unit, operator):
    submitted = submitted_case(unit, operator)
    draft = draft_case(unit, operator)
    suspension = cases.case_start(service_code=SUSPENSION, unit=unit, operator=operator)

    page = op_client.get("/cases/").content.decode()
    assert submitted.serial_no in page and "（草稿）" in page
    for header in ("业务流水号", "业务名称", "状态", "申报人", "受理时间", "办理时限", "统计期"):
        assert header in page
    assert submitted.due_date.isoformat() in page and submitted.statistical_period in page

    under_review = op_client.get("/cases/", {"status": "under_review"})
    assert list(under_review.context["page"].object_list) == [submitted]
    by_service = op_client.get("/cases/", {"service": SUSPENSION})
    assert list(by_service.context["page"].object_list) == [suspension]
    by_serial = op_client.get("/cases/", {"serial_no": submitted.serial_no})
    assert list(by_serial.context["page"].object_list) == [submitted]
    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert op_client.get("/cases/", {"date_from": tomorrow}).context["page"].paginator.count == 0
    in_range = op_client.get(
        "/cases/", {"date_from": today.isoformat(), "date_to": today.isoformat()}
    )
    assert set(in_range.context["page"].object_list) == {submitted, draft, suspension}


def test_list_pages_twenty_at_a_time_keeping_filters(op_client, unit, operator):
    for _ in range(23):
        cases.case_start(service_code=SUSPENSION, unit=unit, operator=operator)
    first = op_client.get("/cases/", {"service": SUSPENSION})
    assert len(first.context["page"].object_list) == 20
    page = first.content.decode()
    assert "1 / 2" in page and "共 23 条" in page
    assert "?service=hb_employee_insurance_suspension&amp;page=2" in page
    second = op_client.get("/cases/", {"service": SUSPENSION, "page": 2})
    assert len(second.context["page"].object_list) == 3


def test_detail_shows_report_masked_rows_and_history(op_client, unit, operator):
    case = submitted_case(unit, operator, rows=2)
    row = case.rows.first()
    ident = row.cleaned["id_number"]
    page = op_client.get(f"/cases/{case.pk}/").content.decode()
    assert case.serial_no in page
    assert "在职职工增员申报表" in page  # the report
    assert ident[:6] + "********" + ident[-4:] in page
    assert ident not in page  # masked in the rows and the on-screen report
    assert "185****5555" in page
    assert "办理过程" in page and "确认提交" in page and "草稿 → 待审核" in page
    assert "撤销" in page and f"/cases/{case.pk}/report.pdf" in page


def test_withdraw_while_under_review_only(op_client, unit, operator):
    case = submitted_case(unit, operator)
    response = op_client.post(f"/cases/{case.pk}/withdraw/", follow=True)
    assert f"办件 {case.serial_no} 已撤销" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    again = op_client.post(f"/cases/{case.pk}/withdraw/", follow=True)
    assert "只有待审核的办件可以撤销" in again.content.decode()
    assert case.events.filter(event_type="case.withdraw").count() == 1


def test_withdraw_needs_post(op_client, unit, operator):
    case = submitted_case(unit, operator)
    assert op_client.get(f"/cases/{case.pk}/withdraw/").status_code == 405
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW


def test_serial_link_opens_the_record(op_client, unit, operator):
    case = submitted_case(unit, operator)
    response = op_client.get(f"/cases/serial/{case.serial_no}/")
    assert response["Location"] == f"/cases/{case.pk}/"
