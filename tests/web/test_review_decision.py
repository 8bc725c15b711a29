"""Issue #12 §4, the reviewer's page: the decision comes after the data, approval is confirmed
with a summary of its effect, a rejection names common reasons and the rows it is about, and
the reviewer goes on to the next case of their own region's queue."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.models import Case, CaseStatus
from shebao.registry.models import Enrolment
from tests import factories

from .helpers import ENROLMENT, SUSPENSION, submitted_case

pytestmark = pytest.mark.django_db

ENROL_SUMMARY = (
    "将为 2 人办理参保登记/续保（城镇职工基本养老保险 2 人、失业保险 2 人），自 2024-03-01 起生效"
)


def page_of(case: Case) -> str:
    return f"/backoffice/cases/{case.serial_no}/"


def approve_url(case: Case) -> str:
    return f"/backoffice/cases/{case.serial_no}/approve/"


def reject_url(case: Case) -> str:
    return f"/backoffice/cases/{case.serial_no}/reject/"


def confirmation_of(html: str) -> str:
    found = re.search(r'name="confirmation" value="([^"]+)"', html)
    assert found, "no confirmation on the page"
    return found.group(1)


@pytest.fixture
def case(unit, operator):
    return submitted_case(unit, operator, rows=2)


def test_the_decision_comes_after_the_rows_and_the_materials(rv_client, case):
    html = rv_client.get(page_of(case)).content.decode()
    decision = html.index(f'action="{approve_url(case)}"')
    assert html.index("申报数据") < decision and html.index("附件材料") < decision
    assert html.index(f'action="{reject_url(case)}"') > html.index("附件材料")
    assert 'href="#decision"' in html  # the page says where the decision is


def test_approve_first_shows_what_it_will_do_and_changes_nothing(rv_client, case, unit):
    response = rv_client.post(approve_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert ENROL_SUMMARY in html and "确认通过" in html
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW
    assert not Enrolment.objects.filter(unit=unit).exists()


def test_confirmed_approval_applies_once_audits_the_summary_and_a_double_click_is_told(
    rv_client, case, unit
):
    token = confirmation_of(rv_client.post(approve_url(case)).content.decode())
    rv_client.post(approve_url(case), {"confirmation": token})
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert Enrolment.objects.filter(unit=unit).count() == 4  # 2 persons x pension, unemployment
    event = AuditEvent.objects.get(event_type="case.approve", case=case)
    assert event.detail["summary"] == ENROL_SUMMARY

    again = rv_client.post(approve_url(case), {"confirmation": token}, follow=True)
    assert "该办件已审核（审核通过），不能重复处理" in again.content.decode()
    assert Enrolment.objects.filter(unit=unit).count() == 4
    assert AuditEvent.objects.filter(event_type="case.approve", case=case).count() == 1


def test_a_confirmation_of_another_case_or_a_forged_one_does_not_approve(
    rv_client, case, unit, operator
):
    other = submitted_case(unit, operator)
    token = confirmation_of(rv_client.post(approve_url(other)).content.decode())
    for forged in (token, token[:-2] + "xx", "anything"):
        response = rv_client.post(approve_url(case), {"confirmation": forged})
        assert response.status_code == 200
        assert "确认已失效或办件数据已变化" in response.content.decode()
        assert ENROL_SUMMARY in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW
    assert Case.objects.get(pk=other.pk).status == CaseStatus.UNDER_REVIEW


def test_another_reviewers_confirmation_does_not_approve(rv_client, case, region):
    colleague = factories.staff_client(factories.reviewer(region))
    token = confirmation_of(colleague.post(approve_url(case)).content.decode())
    response = rv_client.post(approve_url(case), {"confirmation": token})
    assert response.status_code == 200 and "确认通过" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW


def test_two_tabs_the_stale_confirmation_is_told_the_case_was_rejected(rv_client, case, reviewer):
    token = confirmation_of(rv_client.post(approve_url(case)).content.decode())
    second_tab = factories.staff_client(reviewer)
    second_tab.post(reject_url(case), {"reasons": ["材料不齐全"]})
    response = rv_client.post(approve_url(case), {"confirmation": token}, follow=True)
    assert "该办件已审核（审核不通过），不能重复处理" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REJECTED
    assert not AuditEvent.objects.filter(event_type="case.approve").exists()


def test_the_page_offers_the_services_reasons_and_the_rows_as_ticks(rv_client, case):
    html = rv_client.get(page_of(case)).content.decode()
    for reason in ("材料不齐全", "材料不清晰", "信息与材料不符", "参保日期有误"):
        assert f'value="{reason}"' in html
    assert 'name="rows" value="1"' in html and 'name="rows" value="2"' in html
    assert "第 2 行 李小明" in html


def test_reject_with_ticked_reasons_text_and_rows_the_unit_sees_them(
    rv_client, op_client, case, operator, unit
):
    response = rv_client.post(
        reject_url(case),
        {
            "reasons": ["材料不齐全", "参保日期有误"],
            "reason": "参工时间应为 2024-04-01",
            "rows": ["2"],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED
    assert case.rejection_reason == "材料不齐全；参保日期有误；参工时间应为 2024-04-01"
    assert case.rejection_rows == [2]
    event = AuditEvent.objects.get(event_type="case.reject", case=case)
    assert event.detail["rows"] == [2] and event.detail["reason"] == case.rejection_reason

    page = op_client.get(f"/cases/{case.pk}/").content.decode()
    assert case.rejection_reason in page and "涉及的行" in page and "第 2 行" in page
    assert page.count('class="row--marked"') == 1  # row 2 flagged in 申报数据

    opened = op_client.post(f"/cases/{case.pk}/resubmit/", follow=True)
    draft = Case.objects.get(resubmission_of=case)
    assert sorted(draft.rows.values_list("row_no", flat=True)) == [1, 2]  # numbers kept
    html = opened.content.decode()
    assert f"原办件 {case.serial_no} 审核不通过" in html
    assert case.rejection_reason in html and "第 2 行" in html
    assert 'href="?tab=results#row-2"' in html  # to the row in the draft's 校验结果


def test_a_ticked_reason_is_enough_nothing_is_refused(rv_client, case):
    empty = rv_client.post(reject_url(case), {"reason": "  "})
    assert empty.status_code == 400
    assert "审核不通过必须填写原因" in empty.content.decode()
    assert "审核不通过未提交" in empty.content.decode()  # said at the top, the form is below
    unknown_row = rv_client.post(reject_url(case), {"reasons": ["材料不清晰"], "rows": ["9"]})
    assert unknown_row.status_code == 400
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW

    rv_client.post(reject_url(case), {"reasons": ["材料不清晰"]})
    case.refresh_from_db()
    assert (case.status, case.rejection_reason, case.rejection_rows) == (
        CaseStatus.REJECTED,
        "材料不清晰",
        [],
    )


def test_reject_service_refuses_a_row_the_case_does_not_have(case, reviewer):
    with pytest.raises(cases.CaseError, match="办件没有第 7 行"):
        cases.case_reject(case=case, reviewer=reviewer, reason="材料不齐全", rows=[1, 7])
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW


def test_after_a_decision_the_next_case_of_the_region_then_the_queue(
    rv_client, case, unit, operator, other_unit, other_operator
):
    following = submitted_case(unit, operator)
    foreign = submitted_case(other_unit, other_operator)
    token = confirmation_of(rv_client.post(approve_url(case)).content.decode())
    response = rv_client.post(approve_url(case), {"confirmation": token})
    assert response["Location"] == page_of(following)
    landed = rv_client.get(response["Location"]).content.decode()
    assert f"办件 {case.serial_no} 审核通过" in landed
    assert f"下一件：{following.serial_no}" in landed

    response = rv_client.post(reject_url(following), {"reasons": ["材料不齐全"]})
    assert response["Location"] == "/backoffice/"  # the other region's case is not next
    queue = rv_client.get("/backoffice/").content.decode()
    assert "审核队列中已没有待审核的办件" in queue
    assert Case.objects.get(pk=foreign.pk).status == CaseStatus.UNDER_REVIEW


def test_a_reviewer_of_another_region_gets_404_even_with_a_confirmation(
    rv_client, case, other_region
):
    token = confirmation_of(rv_client.post(approve_url(case)).content.decode())
    stranger = factories.staff_client(factories.reviewer(other_region))
    assert stranger.post(approve_url(case), {"confirmation": token}).status_code == 404
    assert stranger.post(reject_url(case), {"reasons": ["材料不齐全"]}).status_code == 404
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW


def test_the_declarants_phone_is_masked_with_an_audited_reveal(rv_client, case):
    html = rv_client.get(page_of(case)).content.decode()
    assert "185****5555" in html and "18555555555" not in html
    reveal = f"/backoffice/cases/{case.serial_no}/reveal/"
    assert rv_client.post(reveal, {"field": "declarant_mobile"}).json()["value"] == "18555555555"
    assert AuditEvent.objects.filter(event_type="access.reveal").count() == 1


def test_an_unverified_session_cannot_decide(reviewer, case):
    unverified = Client()
    unverified.force_login(reviewer)  # no TOTP proof
    assert unverified.post(approve_url(case)).status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW


def test_a_second_rejection_or_approval_of_a_decided_case_is_told(rv_client, case, reviewer):
    cases.case_reject(case=case, reviewer=reviewer, reason="材料不齐全")
    again = rv_client.post(reject_url(case), {"reasons": ["材料不清晰"]}, follow=True)
    assert "该办件已审核（审核不通过），不能重复处理" in again.content.decode()
    approve = rv_client.post(approve_url(case), follow=True)
    assert "该办件已审核（审核不通过），不能重复处理" in approve.content.decode()
    case.refresh_from_db()
    assert case.rejection_reason == "材料不齐全"
    assert AuditEvent.objects.filter(event_type="case.reject", case=case).count() == 1


def suspension_case(unit, operator):
    """A submitted 单位职工社会保险暂停 case: another service in the same queue."""
    person = factories.person(name="赵六")
    factories.enrol(person, unit, start=dt.date(2015, 6, 1))
    case = cases.case_start(service_code=SUSPENSION, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    row = {"id_number": person.id_number, "name": "赵六", "pension": "√"}
    row |= {"suspension_date": "2024-05-31", "reason": "6325 退休减员"}
    assert cases.case_row_add(case=case, raw=row).passed
    return cases.case_submit(case=case, actor=operator)


def test_the_next_case_keeps_the_queues_service_filter(rv_client, case, unit, operator):
    """A reviewer who filtered the queue to 参保登记 goes on to the next 参保登记, not to the
    suspension that is due earlier, and back to the filtered queue at the end."""
    other_service = suspension_case(unit, operator)
    following = submitted_case(unit, operator)
    filtered = f"?service={ENROLMENT}"
    queue = rv_client.get(f"/backoffice/{filtered}").content.decode()
    assert f'href="{page_of(case)}{filtered}"' in queue
    assert other_service.serial_no not in queue

    page = rv_client.get(page_of(case) + filtered).content.decode()
    assert f'name="service" value="{ENROLMENT}"' in page  # both decision forms carry it
    confirm = rv_client.post(approve_url(case), {"service": ENROLMENT}).content.decode()
    assert f'name="service" value="{ENROLMENT}"' in confirm
    response = rv_client.post(
        approve_url(case), {"confirmation": confirmation_of(confirm), "service": ENROLMENT}
    )
    assert response["Location"] == page_of(following) + filtered

    response = rv_client.post(
        reject_url(following), {"reasons": ["材料不齐全"], "service": ENROLMENT}
    )
    assert response["Location"] == "/backoffice/" + filtered
    landed = rv_client.get(response["Location"]).content.decode()
    assert "审核队列中已没有待审核的“单位职工参保登记/续保”办件" in landed
    assert Case.objects.get(pk=other_service.pk).status == CaseStatus.UNDER_REVIEW


def test_an_unknown_service_in_the_form_is_no_filter(rv_client, case, unit, operator):
    following = suspension_case(unit, operator)
    response = rv_client.post(reject_url(case), {"reasons": ["材料不齐全"], "service": "nope"})
    assert response["Location"] == page_of(following)
