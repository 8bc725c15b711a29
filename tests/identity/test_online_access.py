"""网上业务经办资格: a unit applies, the office approves; the office can revoke, after which the
unit cannot start or submit a case and sees why, until it applies again."""

from __future__ import annotations

import pytest
from django.test import Client

from shebao.audit.selectors import unit_access_events
from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.identity import online
from shebao.identity.models import OnlineAccess
from tests import factories
from tests.api.conftest import client_for, declaration
from tests.web.helpers import ENROLMENT, draft_case

pytestmark = pytest.mark.django_db

APPLICATION = "cq_online_business_application"
CQ_CHANGE = "cq_construction_project_personnel_change"


def application_row(unit, **overrides):
    row = {
        "unit_name": unit.name,
        "unit_address": "重庆市渝中区解放碑路1号",
        "legal_representative": "张三",
        "unit_no": unit.unit_no,
        "signature_method": "数字证书",
        "unit_operator": "李四",
        "contact": "13800138000",
    }
    row.update(overrides)
    return row


def apply_online(unit, operator, **overrides):
    case = cases.case_start(service_code=APPLICATION, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant="李四", declarant_mobile="13800138000", agreement_accepted=True
    )
    cases.case_row_add(case=case, raw=application_row(unit, **overrides))
    return case


def attach_form(case, operator):
    from shebao.cases.materials import material_upload
    from tests.cases.test_materials import image_bytes, upload

    material_upload(
        case=case,
        material="重庆市社会保险网上业务经办申请表",
        uploaded_file=upload("申请表.png", image_bytes("PNG")),
        actor=operator,
    )


def test_revoked_unit_cannot_start_or_submit_and_is_told_why(unit, operator, reviewer):
    draft = draft_case(unit, operator)
    online.online_access_revoke(
        unit=unit, actor=reviewer, reason="纸质资料与网上申报不符，拒不更正"
    )

    with pytest.raises(cases.CaseError, match="网上业务经办资格已于 .* 被取消（原因：纸质资料"):
        cases.case_start(service_code=ENROLMENT, unit=unit, operator=operator)
    with pytest.raises(cases.CaseError, match="拒不更正"):
        cases.case_submit(case=draft, actor=operator)
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT and not draft.serial_no

    client = Client()
    client.force_login(operator)
    assert "拒不更正" in client.get("/").content.decode()
    refused = client.post(f"/services/{ENROLMENT}/", follow=True)
    assert "不能办理网上业务" in refused.content.decode()
    api = client_for(operator).post("/api/v1/cases", declaration(), format="json")
    assert api.status_code == 400 and "拒不更正" in api.json()["detail"]


def test_application_approved_restores_the_qualification(cq_unit, cq_operator, cq_reviewer):
    online.online_access_revoke(unit=cq_unit, actor=cq_reviewer, reason="拒不更正")
    case = apply_online(cq_unit, cq_operator)
    attach_form(case, cq_operator)
    case = cases.case_submit(case=case, actor=cq_operator)
    assert case.status == CaseStatus.UNDER_REVIEW

    cases.case_approve(case=case, reviewer=cq_reviewer)

    access = OnlineAccess.objects.get(unit=cq_unit)
    assert access.status == OnlineAccess.Status.GRANTED and access.granted_by == case.serial_no
    assert online.online_refusal(cq_unit) is None
    # allowed again (the application is Chongqing's: the unit is a Chongqing one, issue #12 §7)
    cases.case_start(service_code=CQ_CHANGE, unit=cq_unit, operator=cq_operator)
    assert [e.action for e in unit_access_events(unit=cq_unit)] == [
        "revoke",
        "grant",
    ]


def test_the_signed_form_is_required(cq_unit, cq_operator):
    case = apply_online(cq_unit, cq_operator)
    with pytest.raises(cases.CaseError, match="请上传必传材料：重庆市社会保险网上业务经办申请表"):
        cases.case_submit(case=case, actor=cq_operator)


def test_application_checks_the_unit_and_refuses_a_repeat(cq_unit, cq_operator, cq_reviewer):
    wrong = apply_online(cq_unit, cq_operator, unit_no="999999999", unit_name="别的公司")
    row = wrong.rows.get()
    messages = " ".join(e["message"] for e in row.errors)
    assert not row.passed and "不是当前经办单位" in messages and "不一致" in messages

    online.online_access_grant(unit=cq_unit, serial_no="202601010000001", actor=None)
    again = apply_online(cq_unit, cq_operator)
    assert "已开通网上业务" in again.rows.get().errors[0]["message"]


def test_revocation_needs_a_reason_and_happens_once(unit, reviewer):
    with pytest.raises(online.InvalidValue, match="必须填写原因"):
        online.online_access_revoke(unit=unit, actor=reviewer, reason=" ")
    online.online_access_revoke(unit=unit, actor=reviewer, reason="拒不更正")
    with pytest.raises(online.InvalidValue, match="已被取消"):
        online.online_access_revoke(unit=unit, actor=reviewer, reason="拒不更正")


def test_back_office_revokes_within_its_region_only(rv_client, unit, other_unit):
    listing = rv_client.get("/backoffice/units/").content.decode()
    assert unit.name in listing and other_unit.name not in listing
    assert rv_client.get(f"/backoffice/units/{other_unit.unit_no}/").status_code == 404
    assert (
        rv_client.post(
            f"/backoffice/units/{other_unit.unit_no}/revoke/", {"reason": "x"}
        ).status_code
        == 404
    )

    missing = rv_client.post(f"/backoffice/units/{unit.unit_no}/revoke/", {"reason": ""})
    assert missing.status_code == 400 and "必须填写原因" in missing.content.decode()
    done = rv_client.post(
        f"/backoffice/units/{unit.unit_no}/revoke/", {"reason": "拒不更正"}, follow=True
    )
    page = done.content.decode()
    assert "已取消" in page and "拒不更正" in page
    assert OnlineAccess.objects.get(unit=unit).status == OnlineAccess.Status.REVOKED
    assert not OnlineAccess.objects.filter(unit=other_unit).exists()


def test_unit_list_is_paged(rv_client, region):
    for _ in range(25):
        factories.unit(region_obj=region)
    first = rv_client.get("/backoffice/units/")
    assert len(first.context["page"].object_list) == 20
    assert first.context["page"].paginator.count >= 25


def test_the_web_form_applies_for_the_acting_unit(cq_client, cq_unit, cq_operator):
    """单个添加 greys out the unit's block (it posts no 单位名称 / 单位社保号): the row passes
    for the acting unit, as the 申报表 prints it."""
    case = cases.case_start(service_code=APPLICATION, unit=cq_unit, operator=cq_operator)
    cases.case_accept(
        case=case, declarant="李四", declarant_mobile="13800138000", agreement_accepted=True
    )
    typed = {k: v for k, v in application_row(cq_unit).items() if k not in ("unit_no", "unit_name")}
    response = cq_client.post(f"/cases/{case.pk}/rows/add/", typed)

    assert response.status_code == 302
    row = case.rows.get()
    assert row.passed, row.errors


def test_a_hubei_unit_is_not_offered_chongqings_application(unit, operator):
    with pytest.raises(cases.CaseError, match="只在重庆市办理"):
        cases.case_start(service_code=APPLICATION, unit=unit, operator=operator)
