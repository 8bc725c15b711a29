"""The enrolment wizard in single mode, through the browser's requests: 服务说明 -> 表单填写 ->
确认提交 -> result page, with the refusals a person meets on the way."""

from __future__ import annotations

import re

import pytest

from shebao.cases.models import Case, CaseStatus
from shebao.cases.services import AGREEMENT_REQUIRED
from shebao.core.masking import Sensitive, mask
from shebao.policy.areas import Area
from shebao.services.registry import registry

from .helpers import ENROLMENT, enrolment_form

pytestmark = pytest.mark.django_db

BAD_ID = "512301198809010000"  # the manual's sample: wrong check digit


def start(client) -> tuple[int, str]:
    response = client.post(f"/services/{ENROLMENT}/")  # a GET never creates the draft
    assert response.status_code == 302
    match = re.fullmatch(r"/cases/(\d+)/step/1/", response["Location"])
    assert match, response["Location"]
    return int(match.group(1)), response["Location"]


def text(response) -> str:
    return response.content.decode()


def test_home_lists_the_services_the_units_region_offers_and_the_unit(op_client, unit):
    page = text(op_client.get("/"))
    for spec in registry:
        assert (spec.title in page) == (Area.HUBEI in spec.areas), spec.code
    assert unit.unit_no in page and unit.name in page and unit.region.name in page
    assert "单个" in page and "批量" in page


def test_enrolment_in_single_mode_from_description_to_serial_number(op_client, unit):
    pk, step1 = start(op_client)
    spec = registry[ENROLMENT]
    page = text(op_client.get(step1))
    assert spec.description in page and spec.agreement in page
    assert "申报人" in page and "手机号码" in page and "备注" in page

    # Step 1 refuses an unticked agreement, with the Chinese message next to the box.
    accept = {"declarant": "王建", "declarant_mobile": "18555555555", "remarks": "新进职工"}
    response = op_client.post(step1, accept)
    assert response.status_code == 200
    assert AGREEMENT_REQUIRED in text(response)
    case = Case.objects.get(pk=pk)
    assert not case.agreement_accepted and case.step == 1

    response = op_client.post(step1, {**accept, "declarant_mobile": "12345"})
    assert "手机号码“12345”格式不正确" in text(response)

    response = op_client.post(step1, {**accept, "agreement": "on"})
    assert response["Location"] == f"/cases/{pk}/step/2/"
    case.refresh_from_db()
    assert (case.declarant, case.declarant_mobile, case.step) == ("王建", "18555555555", 2)

    # Step 2: the unit block is greyed, the form is generated from the row's columns.
    page = text(op_client.get(f"/cases/{pk}/step/2/"))
    assert f'value="{unit.unit_no}" readonly' in page
    for label in ("身份证号码", "姓名", "民族", "本次申报参工时间", "月缴费工资", "参保险种"):
        assert label in page
    assert 'type="date"' in page and "人员信息查询" in page and "添加校验" in page

    # A bad ID number is stored as a failing row, its reason shown in 校验结果.
    response = op_client.post(
        f"/cases/{pk}/rows/add/", enrolment_form(id_number=BAD_ID), follow=True
    )
    page = text(response)
    assert "校验不通过" in page
    assert "身份证号码校验位错误：第 18 位应为" in page
    assert case.rows.get().passed is False

    # 保存 is refused while a row fails.
    response = op_client.post(f"/cases/{pk}/goto/", {"step": "3"}, follow=True)
    assert "还有 1 行校验不通过" in text(response)
    case.refresh_from_db()
    assert case.step == 2

    # Fix the row through 修改: the form comes pre-filled, saving re-validates.
    page = text(op_client.get(f"/cases/{pk}/rows/1/edit/"))
    assert f'value="{BAD_ID}"' in page and "正在修改第 1 行" in page
    good = enrolment_form()
    response = op_client.post(f"/cases/{pk}/rows/1/edit/", good, follow=True)
    assert "第 1 行已修改，校验通过" in text(response)
    assert case.rows.get().passed is True

    # 保存 -> step 3 shows the 申报表 for comparison.
    response = op_client.post(f"/cases/{pk}/goto/", {"step": "3"})
    assert response["Location"] == f"/cases/{pk}/step/3/"
    page = text(op_client.get(f"/cases/{pk}/step/3/"))
    assert "在职职工增员申报表" in page and "李小明" in page
    assert mask(good["id_number"], Sensitive.ID) in page and good["id_number"] not in page
    assert "确认提交" in page and "上一步" in page and f"/cases/{pk}/report.pdf" in page

    # 确认提交 -> the result page with the serial number and the review wording.
    response = op_client.post(f"/cases/{pk}/submit/")
    assert response["Location"] == f"/cases/{pk}/result/"
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW
    assert re.fullmatch(r"\d{15}", case.serial_no)
    page = text(op_client.get(f"/cases/{pk}/result/"))
    assert case.serial_no in page
    assert "该业务已提交审核，您可在办件记录中查询办理进度！" in page
    assert "打印相关表单" in page and "返回首页" in page

    # The wizard of a submitted case now leads to its record, not to an editable step.
    response = op_client.get(f"/cases/{pk}/step/2/")
    assert response["Location"] == f"/cases/{pk}/"


def test_auto_review_service_says_completed(op_client, unit, monkeypatch):
    from shebao.services.spec import Review

    spec = registry[ENROLMENT]
    monkeypatch.setattr(type(spec), "review", Review.AUTO)
    pk, step1 = start(op_client)
    op_client.post(
        step1, {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"}
    )
    op_client.post(f"/cases/{pk}/rows/add/", enrolment_form())
    op_client.post(f"/cases/{pk}/goto/", {"step": "3"})
    op_client.post(f"/cases/{pk}/submit/")
    assert Case.objects.get(pk=pk).status == CaseStatus.COMPLETED
    assert "该业务已成功办结!" in text(op_client.get(f"/cases/{pk}/result/"))


def test_required_fields_are_checked_on_the_form_and_store_nothing(op_client):
    pk, step1 = start(op_client)
    op_client.post(
        step1, {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"}
    )
    response = op_client.post(f"/cases/{pk}/rows/add/", enrolment_form(name="", id_number=""))
    assert response.status_code == 400
    assert "请填写姓名" in text(response) and "请填写身份证号码" in text(response)
    assert not Case.objects.get(pk=pk).rows.exists()


def test_step3_without_saved_rows_goes_back_to_the_form(op_client):
    pk, step1 = start(op_client)
    op_client.post(
        step1, {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"}
    )
    response = op_client.get(f"/cases/{pk}/step/3/", follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{pk}/step/2/"
    assert "全部校验通过后点击【保存】" in text(response)
    response = op_client.post(f"/cases/{pk}/goto/", {"step": "3"}, follow=True)
    assert "没有校验通过的数据，不能提交" in text(response)


def test_deleting_a_row_revalidates_the_rest(op_client):
    pk, step1 = start(op_client)
    op_client.post(
        step1, {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"}
    )
    same = enrolment_form()
    op_client.post(f"/cases/{pk}/rows/add/", same)
    op_client.post(f"/cases/{pk}/rows/add/", same)
    case = Case.objects.get(pk=pk)
    assert [r.passed for r in case.rows.order_by("row_no")] == [True, False]
    page = text(op_client.get(f"/cases/{pk}/step/2/?tab=results"))
    assert "与第 1 行的身份证号码重复" in page
    op_client.post(f"/cases/{pk}/rows/2/delete/")
    assert list(case.rows.values_list("row_no", "passed")) == [(1, True)]


def test_untouched_draft_is_reused_not_piled_up(op_client):
    first, _url = start(op_client)
    again, _url = start(op_client)
    assert first == again
    assert Case.objects.count() == 1


def test_an_english_browser_gets_english_form_errors(rv_client):
    page = rv_client.post(
        "/backoffice/units/register/", {"unit_no": "1"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    text = page.content.decode()
    assert '<html lang="en">' in text
    # the platform's own wording (issue #12 §6), in the browser's language (§10)
    assert "Please enter" in text and "This field is required" not in text
    assert "该字段是必填项" not in text and "请填写" not in text
