"""Nanjing account flows: 单位用户注册 at the counter, 经办人员CA培训申请 (3 working days,
followed in CA用户审核查询) and 多单位用户(CA)经办人确认."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.core.errors import InvalidValue
from shebao.identity.acting import operator_units
from shebao.identity.models import OnlineAccess, OperatorProfile, OperatorTraining
from shebao.identity.onboarding import unit_register_at_counter
from shebao.registry.models import Unit
from tests import factories

pytestmark = pytest.mark.django_db


def registration(**overrides):
    data = {
        "unit_no": "100200300",
        "name": "南京测试科技有限公司",
        "credit_code": factories.credit_code(),
        "insurance_types": ["110", "210"],
        "start_date": dt.date(2026, 1, 1),
        "operator_name": "周敏",
        "operator_id_number": factories.id_number(dt.date(1988, 6, 6)),
        "operator_mobile": "13912345678",
        "username": "zhoumin",
    }
    data.update(overrides)
    return data


def test_counter_registration_creates_the_units_online_account(region, reviewer):
    done = unit_register_at_counter(region=region, actor=reviewer, **registration())
    unit = done.unit
    assert unit.region == region and set(
        unit.insurances.values_list("insurance_type", flat=True)
    ) == {"110", "210"}
    assert operator_units(done.operator) == [unit]
    assert done.operator.check_password(done.initial_password)
    assert OperatorProfile.objects.get(user=done.operator).name == "周敏"
    assert OnlineAccess.objects.get(unit=unit).status == OnlineAccess.Status.GRANTED
    assert AuditEvent.objects.get(acting_unit=unit).action == "register"
    client = Client()
    login = client.post("/login/", {"username": "zhoumin", "password": done.initial_password})
    assert login.status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unit_no": "12"}, "单位编号应为 9 位数字"),
        ({"credit_code": "91420100MA0000000X"}, "统一社会信用代码校验位错误"),
        ({"operator_id_number": "512301198809010000"}, "身份证号码校验位错误"),
        ({"operator_mobile": "123"}, "手机号码"),
        ({"insurance_types": ["410"]}, "不能选择工伤保险"),
        ({"insurance_types": []}, "至少选择一个参保险种"),
        ({"username": "a b"}, "登录名应为"),
    ],
)
def test_counter_registration_refusals(region, reviewer, overrides, message):
    with pytest.raises(InvalidValue, match=message):
        unit_register_at_counter(region=region, actor=reviewer, **registration(**overrides))
    assert not Unit.objects.filter(unit_no="100200300").exists()


def test_the_same_operator_registers_once(region, reviewer):
    first = registration()
    unit_register_at_counter(region=region, actor=reviewer, **first)
    again = registration(
        unit_no="100200301",
        credit_code=factories.credit_code(),
        username="zhoumin2",
        operator_id_number=first["operator_id_number"],
    )
    with pytest.raises(InvalidValue, match="多单位用户\\(CA\\)经办人确认"):
        unit_register_at_counter(region=region, actor=reviewer, **again)


def test_counter_page_shows_the_initial_password_once(rv_client):
    data = registration()
    data["start_date"] = "2026-01-01"
    page = rv_client.post("/backoffice/units/register/", data)
    assert page.status_code == 200 and "初始密码只显示这一次" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    password = page.context["done"].initial_password
    assert password in page.content.decode()
    bad = rv_client.post("/backoffice/units/register/", {**data, "unit_no": "100200309"})
    assert bad.status_code == 400 and "已登记" in bad.content.decode()


def _submit(code, unit, operator, raw, material=None):
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant="周敏", declarant_mobile="13912345678", agreement_accepted=True
    )
    row = cases.case_row_add(case=case, raw=raw)
    if material:
        attach_form_named(case, operator, material)
    return case, row


def attach_form_named(case, operator, material):
    from shebao.cases.materials import material_upload
    from tests.cases.test_materials import image_bytes, upload

    material_upload(
        case=case,
        material=material,
        uploaded_file=upload("表.png", image_bytes("PNG")),
        actor=operator,
    )


def test_training_application_due_in_three_working_days_and_followed_in_the_query(
    nj_unit, nj_operator, nj_reviewer, nj_client, monkeypatch
):
    from shebao.cases import services as case_services

    monkeypatch.setattr(case_services.timezone, "localdate", lambda *a: dt.date(2026, 9, 29))
    raw = {"name": "周敏", "id_number": factories.id_number(), "mobile": "13912345678"}
    case, row = _submit("nj_operator_ca_training_application", nj_unit, nj_operator, raw)
    assert row.passed, row.errors
    case = cases.case_submit(case=case, actor=nj_operator)
    # Tue 29 Sep + 3 working days: 30 Sep, then National Day (1-7 Oct), 8 and 9 Oct
    assert case.due_date == dt.date(2026, 10, 9)

    listed = nj_client.get("/queries/nj_ca_user_review_status/").context["rows"]
    assert listed[0][1][-2:] == ["已提交", ""]
    cases.case_approve(case=case, reviewer=nj_reviewer)
    assert OperatorTraining.objects.get(unit=nj_unit).status == OperatorTraining.Status.QUALIFIED
    listed = nj_client.get("/queries/nj_ca_user_review_status/").context["rows"]
    assert listed[0][1][-2] == "审核通过" and "*" in listed[0][1][3]

    again, row = _submit("nj_operator_ca_training_application", nj_unit, nj_operator, raw)
    assert "无需重复申请" in row.errors[0]["message"]


def test_a_qualified_operator_joins_another_unit_and_can_leave_the_old_one(
    nj_reviewer, nj_operator, nj_unit
):
    done = unit_register_at_counter(region=nj_unit.region, actor=nj_reviewer, **registration())
    profile = OperatorProfile.objects.get(user=done.operator)
    raw = {"name": "周敏", "id_number": profile.id_number}
    case, row = _submit(
        "nj_multi_unit_operator_confirmation",
        nj_unit,
        nj_operator,
        raw,
        "多单位用户(CA)经办人确认申请表",
    )
    assert row.passed, row.errors
    case = cases.case_submit(case=case, actor=nj_operator)
    cases.case_approve(case=case, reviewer=nj_reviewer)
    assert {u.pk for u in operator_units(done.operator)} == {nj_unit.pk, done.unit.pk}

    other = factories.unit(region_obj=nj_unit.region)
    other_operator = factories.operator(other)
    moving = {**raw, "leaving": "√", "old_unit_no": done.unit.unit_no}
    case, row = _submit(
        "nj_multi_unit_operator_confirmation",
        other,
        other_operator,
        moving,
        "多单位用户(CA)经办人确认申请表",
    )
    case = cases.case_approve(
        case=cases.case_submit(case=case, actor=other_operator), reviewer=nj_reviewer
    )
    assert case.status == CaseStatus.APPROVED and case.effect["operators_left"] == 1
    assert {u.pk for u in operator_units(done.operator)} == {nj_unit.pk, other.pk}


def test_multi_unit_confirmation_refusals(nj_reviewer, nj_operator, nj_unit):
    done = unit_register_at_counter(region=nj_unit.region, actor=nj_reviewer, **registration())
    ident = OperatorProfile.objects.get(user=done.operator).id_number
    code = "nj_multi_unit_operator_confirmation"
    _case, unknown = _submit(
        code, nj_unit, nj_operator, {"name": "周敏", "id_number": factories.id_number()}
    )
    assert "请先到人社柜台办理经办人个人用户注册" in unknown.errors[0]["message"]
    _case, wrong = _submit(code, nj_unit, nj_operator, {"name": "李雷", "id_number": ident})
    # issue #10 §2: the registered operator's name is not shown
    assert wrong.errors[0]["message"] == "经办人姓名与身份证号码登记的姓名不一致"
    assert "周敏" not in wrong.errors[0]["message"]
    _case, here = _submit(code, done.unit, done.operator, {"name": "周敏", "id_number": ident})
    assert "已是本单位的经办人" in here.errors[0]["message"]
    _case, leaving = _submit(
        code,
        nj_unit,
        nj_operator,
        {"name": "周敏", "id_number": ident, "leaving": "√", "old_unit_no": "999999999"},
    )
    assert "不是单位 999999999 的经办人" in leaving.errors[0]["message"]
