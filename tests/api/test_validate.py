"""POST /api/v1/services/{code}/validate: the web's row checks as a dry run that stores nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.audit.models import AuditEvent
from shebao.cases.models import Case, CaseRow
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Person
from tests import factories

from .conftest import ENROLMENT, client_for, declaration, enrolment_row

URL = f"/api/v1/services/{ENROLMENT}/validate"


def test_json_rows_come_back_passed_and_failed_with_chinese_reasons(api, region):
    good = enrolment_row()
    bad_id = enrolment_row(id_number="110100198506020016")
    other = factories.unit(region_obj=region)
    p = factories.person(name="王五")
    factories.enrol(p, other, InsuranceType.PENSION)
    enrolled = enrolment_row(id_number=p.id_number, name="王五")
    missing = enrolment_row()
    del missing["monthly_wage"]

    response = api.post(URL, {"rows": [good, bad_id, enrolled, missing]}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 4
    assert [p["row"] for p in body["passed"]] == [1]
    passed = body["passed"][0]["data"]
    assert passed["id_number"] == good["id_number"]
    assert passed["ethnicity"] == "汉族" and passed["pension"] is True
    assert passed["work_start_date"] == "2024-03-01"

    failed = {f["row"]: f["errors"] for f in body["failed"]}
    assert set(failed) == {2, 3, 4}
    assert failed[2][0]["column"] == "身份证号码"
    assert "应为 5" in failed[2][0]["message"]
    assert any("需原单位先办理停保" in e["message"] for e in failed[3])
    assert {"column": "月缴费工资", "message": "不能为空"} in failed[4]

    assert not Case.objects.exists()
    assert not CaseRow.objects.exists()
    assert not Person.objects.by_id_number(good["id_number"]).exists()


def test_rows_may_be_keyed_by_the_template_column_labels(api):
    good = enrolment_row()
    labelled = {
        "身份证号码": good["id_number"],
        "姓名": "赵六",
        "民族": "01 汉族",
        "本次申报参工时间": "2024/3/1",
        "月缴费工资": 5000,
        "城镇职工养老保险 (A)": "√",
        "联系电话 (手机)": "13900139000",
    }
    body = api.post(URL, {"rows": [labelled]}, format="json").json()
    assert body["failed"] == []
    assert body["passed"][0]["data"]["name"] == "赵六"


def test_a_csv_roster_upload_is_checked_row_by_row(api):
    good, other = enrolment_row(), enrolment_row()
    header = "身份证号码,姓名,民族,本次申报参工时间,月缴费工资,城镇职工养老保险 (A),失业保险 (√),工伤保险 (√),联系电话 (手机)"
    lines = [
        header,
        f"{good['id_number']},李四,01 汉族,2024-03-01,6000,√,√,,13800138000",
        f"{other['id_number']},钱七,汉族,2024-03-01,abc,√,,,13800138001",
        "510725199301018319,孙八,汉族,2024-03-01,5000,√,,,12345",
    ]
    upload = SimpleUploadedFile("roster.csv", ("\n".join(lines) + "\n").encode("gbk"))

    response = api.post(URL, {"file": upload}, format="multipart")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert [p["row"] for p in body["passed"]] == [2]
    failed = {f["row"]: f["errors"] for f in body["failed"]}
    assert set(failed) == {3, 4}
    assert failed[3][0]["column"] == "月缴费工资"
    assert {e["column"] for e in failed[4]} >= {"联系电话 (手机)"}
    assert not Case.objects.exists()


def test_a_file_that_is_not_a_roster_is_refused_in_chinese(api):
    upload = SimpleUploadedFile("roster.xlsx", b"\x00\x01 not a spreadsheet")
    response = api.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert ".xlsx" in response.json()["detail"]


@pytest.mark.parametrize(
    "body, message",
    [
        ({}, "请提供 rows"),
        ({"rows": []}, "数据行：rows 不能为空"),
        ({"rows": "x"}, "数据行：rows 不是合法的 JSON 数组"),
        ({"rows": [1]}, "数据行：第 1 项：每一行应为一个对象"),
    ],
)
def test_bad_requests_say_what_is_wrong(api, body, message):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)


def test_unknown_service_is_404(api):
    response = api.post("/api/v1/services/nope/validate", {"rows": [{}]}, format="json")
    assert response.status_code == 404


def test_a_reviewer_cannot_validate_for_a_unit(reviewer):
    response = client_for(reviewer).post(URL, {"rows": [enrolment_row()]}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "当前用户不是任何单位的经办人"


def test_json_rows_have_a_files_cell_limit(api):
    """The API's rows come through the web's import path: a 20,000-character name is refused
    as it is in a roster file, and nothing is stored."""
    long_name = enrolment_row(name="张" * 20_000)
    expected = "第 1 行【姓名】的内容有 20000 个字符，超过 500 个字符的上限；请检查是否填错了列"
    response = api.post(URL, {"rows": [long_name]}, format="json")
    assert response.status_code == 400 and response.json() == {"detail": expected}
    response = api.post("/api/v1/cases", declaration(long_name), format="json")
    assert response.status_code == 400 and response.json() == {"detail": expected}
    assert not Case.objects.exists() and not CaseRow.objects.exists()


def test_keys_that_are_not_columns_are_not_stored(api):
    row = enrolment_row() | {"备注X": "x" * 100_000}
    response = api.post("/api/v1/cases", declaration(row), format="json")
    assert response.status_code == 201, response.json()
    assert "备注X" not in CaseRow.objects.get().raw
    import_event = AuditEvent.objects.get(event_type="case.import")
    assert import_event.detail["file"] == "数据行" and import_event.detail["total"] == 1


def test_a_roster_over_the_size_limit_is_refused_unread(api, settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.csv", b"x" * (1024 * 1024 + 1))
    from django.core.files.uploadedfile import InMemoryUploadedFile
    from django.core.files.utils import FileProxyMixin

    def unread(self, *args):
        raise AssertionError("the upload was read")

    monkeypatch.setattr(InMemoryUploadedFile, "read", unread)  # the server's copy ...
    monkeypatch.setattr(SimpleUploadedFile, "read", FileProxyMixin.read)  # ... not the client's
    response = api.post(URL, {"file": big}, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"] == "报盘文件不能超过 1 MB，当前文件为 1.0 MB"
