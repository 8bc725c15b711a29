"""POST /api/v1/cases and the case's life through the API: detail, list, withdraw, decisions."""

import base64
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from shebao.audit.models import AuditEvent
from shebao.cases.models import Case, CaseMaterial, CaseRow
from shebao.cases.timing import statistical_period
from shebao.policy.calendar import add_workdays
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment, Person

from .conftest import ENROLMENT, SUSPENSION, declaration, enrolment_row


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def nothing_stored():
    return not (
        Case.objects.exists()
        or CaseRow.objects.exists()
        or CaseMaterial.objects.exists()
        or AuditEvent.objects.filter(case__isnull=False).exists()
    )


def test_declare_then_approve_enrols_the_employee(api, review_api, unit):
    row = enrolment_row()
    response = api.post("/api/v1/cases", declaration(row), format="json")

    assert response.status_code == 201, response.json()
    created = response.json()
    today = timezone.localdate()
    assert len(created["serial_no"]) == 15 and created["serial_no"].isdigit()
    assert created["serial_no"].startswith(f"{today:%Y%m%d}")
    assert created["status"] == "under_review"
    assert created["status_display"] == "待审核"
    assert created["service"] == ENROLMENT
    assert created["due_date"] == add_workdays(today, 2).isoformat()
    assert dt.date.fromisoformat(created["due_date"]) > today
    assert created["statistical_period"] == str(statistical_period(today))
    assert created["received_at"]
    assert not Person.objects.by_id_number(row["id_number"]).exists()

    decided = review_api.post(f"/api/v1/cases/{created['serial_no']}/approve")

    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "approved"
    assert decided.json()["effect"]["enrolments_created"] == 2
    person = Person.objects.by_id_number(row["id_number"]).get()
    assert person.name == "李四"
    types = set(
        Enrolment.objects.filter(
            person=person, unit=unit, status=EnrolmentStatus.ACTIVE
        ).values_list("insurance_type", flat=True)
    )
    assert types == {InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT}

    again = review_api.post(f"/api/v1/cases/{created['serial_no']}/approve")
    assert again.status_code == 400
    assert "不能重复处理" in again.json()["detail"]
    assert Enrolment.objects.filter(person=person).count() == 2


def test_one_failing_row_refuses_the_whole_declaration(api):
    good, bad = enrolment_row(), enrolment_row(mobile="12345", name="X")
    response = api.post("/api/v1/cases", declaration(good, bad), format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "有 1 行校验不通过，办件未提交，未保存任何数据"
    assert [f["row"] for f in body["failed"]] == [2]
    columns = {e["column"] for e in body["failed"][0]["errors"]}
    assert columns == {"姓名", "联系电话 (手机)"}
    assert nothing_stored()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"agreement_accepted": False}, "请先勾选“我已阅读以上内容"),
        ({"declarant": " "}, "申报人不能为空"),
        ({"declarant_mobile": "123"}, "手机号码"),
        ({"service": "nope"}, "没有这项业务：nope"),
        ({"rows": None}, "请提供 rows"),
    ],
)
def test_bad_declarations_store_nothing(api, overrides, message):
    body = declaration(**overrides)
    if body["rows"] is None:
        del body["rows"]
    response = api.post("/api/v1/cases", body, format="json")
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert nothing_stored()


def test_multipart_roster_file_with_a_material(api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    row = enrolment_row()
    roster = (
        "身份证号码,姓名,民族,本次申报参工时间,月缴费工资,城镇职工养老保险 (A),联系电话 (手机)\n"
        f"{row['id_number']},李四,汉族,2024-03-01,6000,√,13800138000\n"
    ).encode()
    body = declaration()
    del body["rows"]
    body["file"] = SimpleUploadedFile("增员.csv", roster)
    body["materials[劳动合同]"] = SimpleUploadedFile("合同.png", png())

    response = api.post("/api/v1/cases", body, format="multipart")

    assert response.status_code == 201, response.json()
    serial = response.json()["serial_no"]
    detail = api.get(f"/api/v1/cases/{serial}").json()
    assert detail["mode"] == "batch"
    assert [r["row"] for r in detail["rows"]] == [2]
    assert detail["materials"][0]["material"] == "劳动合同"
    assert detail["materials"][0]["content_type"] == "image/png"
    assert len(list(tmp_path.rglob("*.png"))) == 1


def test_multipart_rows_as_a_json_string(api):
    import json

    body = declaration()
    body["rows"] = json.dumps(body["rows"])
    response = api.post("/api/v1/cases", body, format="multipart")
    assert response.status_code == 201, response.json()


def test_json_material_in_base64(api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    material = {
        "name": "劳动合同",
        "filename": "a.png",
        "content": base64.b64encode(png()).decode(),
    }
    response = api.post("/api/v1/cases", declaration(materials=[material]), format="json")
    assert response.status_code == 201, response.json()
    assert CaseMaterial.objects.get().original_name == "a.png"


def test_a_bad_material_rolls_back_the_files_already_stored(api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    body = declaration()
    import json

    body["rows"] = json.dumps(body["rows"])
    body["materials[劳动合同]"] = SimpleUploadedFile("合同.png", png())
    body["materials[户口本]"] = SimpleUploadedFile("户口本.png", png())

    response = api.post("/api/v1/cases", body, format="multipart")

    assert response.status_code == 400
    assert response.json()["detail"] == "本业务没有“户口本”这项材料"
    assert nothing_stored()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_text_file_posing_as_an_image_is_refused(api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    material = {
        "name": "劳动合同",
        "filename": "a.jpg",
        "content": base64.b64encode(b"just text").decode(),
    }
    response = api.post("/api/v1/cases", declaration(materials=[material]), format="json")
    assert response.status_code == 400
    assert "不是图片" in response.json()["detail"]
    assert nothing_stored()


def test_detail_masks_id_numbers_and_shows_the_history(api, submitted):
    response = api.get(f"/api/v1/cases/{submitted['serial_no']}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["status"] == "under_review" and detail["service"] == ENROLMENT
    assert detail["service_title"] == "单位职工参保登记/续保"
    assert detail["due_date"] == submitted["due_date"]
    assert detail["rejection_reason"] == ""
    assert detail["declarant"] == "王建" and detail["declarant_mobile"] == "185****5555"
    data = detail["rows"][0]["data"]
    case = Case.objects.get(serial_no=submitted["serial_no"])
    ident = case.rows.get().cleaned["id_number"]
    assert data["id_number"] == ident[:6] + "********" + ident[-4:]
    assert data["mobile"] == "138****8000"
    assert ident not in response.content.decode()
    assert [e["action"] for e in detail["events"]] == ["create", "accept", "import", "submit"]


def test_list_is_paginated_and_filtered(api, submitted):
    api.post("/api/v1/cases", declaration(), format="json")
    body = api.get("/api/v1/cases").json()
    assert body["count"] == 2
    assert {c["serial_no"] for c in body["results"]} >= {submitted["serial_no"]}
    assert body["results"][0]["declarant_mobile"] == "185****5555"

    assert api.get("/api/v1/cases", {"service": SUSPENSION}).json()["count"] == 0
    assert api.get("/api/v1/cases", {"status": "under_review"}).json()["count"] == 2
    assert api.get("/api/v1/cases", {"status": "approved"}).json()["count"] == 0
    bad = api.get("/api/v1/cases", {"status": "nonsense"})
    assert bad.status_code == 400 and "状态“nonsense”不存在" in bad.json()["detail"]


def test_reject_requires_a_reason_the_unit_then_sees(api, review_api, submitted):
    url = f"/api/v1/cases/{submitted['serial_no']}/reject"
    refused = review_api.post(url, {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "审核不通过必须填写原因"
    assert review_api.post(url, {"reason": "   "}, format="json").status_code == 400

    response = review_api.post(url, {"reason": "劳动合同未盖章"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"

    detail = api.get(f"/api/v1/cases/{submitted['serial_no']}").json()
    assert detail["status_display"] == "审核不通过"
    assert detail["rejection_reason"] == "劳动合同未盖章"


def test_withdraw_before_a_decision_only(api, review_api, submitted):
    url = f"/api/v1/cases/{submitted['serial_no']}/withdraw"
    response = api.post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"

    again = api.post(url)
    assert again.status_code == 400
    assert "只有待审核的办件可以撤销" in again.json()["detail"]
    late = review_api.post(f"/api/v1/cases/{submitted['serial_no']}/approve")
    assert late.status_code == 400


def test_reviewer_queue_lists_the_regions_open_cases(review_api, submitted):
    body = review_api.get("/api/v1/review/cases").json()
    assert [c["serial_no"] for c in body["results"]] == [submitted["serial_no"]]
