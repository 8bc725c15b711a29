"""A service's modes (单个添加 / 批量添加) hold on every channel: they are checked in ``cases``.

Before, only the API checked them: a roster uploaded through the web to a single-entry-only
service (§3.3.12 单位增加险种登记) was stored as the case's rows.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.cases import services as cases
from shebao.cases.imports import import_start
from shebao.cases.models import Case, CaseRow, RowImport
from tests.api.conftest import client_for, declaration

pytestmark = pytest.mark.django_db

ADDITION = "hb_unit_insurance_type_addition"  # 单个添加 only
CQ_CHANGE = "cq_construction_project_personnel_change"  # 批量添加 only
NO_BATCH = "业务“单位增加险种登记”不支持批量添加（上传报盘或一次申报多行），请逐个添加"
ROW = {"insurance_type": "工伤保险", "change_date": "2021-03-13"}


def roster() -> SimpleUploadedFile:
    """A well-formed §3.3.12 roster: only the mode refuses it."""
    return SimpleUploadedFile(
        "增加险种.csv", "险种类型,单位参保日期\n工伤保险,2021-03-13\n".encode("gbk")
    )


def draft(code, unit, operator):
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def test_a_web_upload_to_a_single_entry_service_is_refused(op_client, unit, operator):
    case = draft(ADDITION, unit, operator)
    response = op_client.post(f"/cases/{case.pk}/imports/", {"file": roster()}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/step/2/?tab=batch"
    assert NO_BATCH in response.content.decode()
    assert not CaseRow.objects.exists() and not RowImport.objects.exists()


def test_the_service_refuses_it_whatever_the_channel(unit, operator):
    case = draft(ADDITION, unit, operator)
    with pytest.raises(cases.CaseError, match="不支持批量添加"):
        import_start(case=case, data=roster().read(), filename="a.csv", actor=operator)
    with pytest.raises(cases.CaseError, match="不支持批量添加"):
        cases.case_rows_replace(case=case, rows=[(1, ROW), (2, ROW)])
    assert not CaseRow.objects.exists()
    cases.case_row_add(case=case, raw=ROW)  # 单个添加 is its mode
    assert case.rows.count() == 1


def test_a_batch_only_service_refuses_a_single_row(cq_unit, cq_operator):
    case = draft(CQ_CHANGE, cq_unit, cq_operator)  # a Chongqing service, for a Chongqing unit
    with pytest.raises(cases.CaseError, match="不支持单个添加，请使用【批量添加】上传报盘文件"):
        cases.case_row_add(case=case, raw={"name": "张三"})
    assert not CaseRow.objects.exists()


def test_the_api_refuses_a_roster_file_for_a_single_entry_service(operator):
    api = client_for(operator)
    body = declaration(service=ADDITION)
    del body["rows"]
    body["file"] = roster()
    response = api.post("/api/v1/cases", body, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"] == NO_BATCH
    assert not Case.objects.exists() and not RowImport.objects.exists()

    response = api.post(
        f"/api/v1/services/{ADDITION}/validate", {"file": roster()}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["detail"] == NO_BATCH


def test_the_api_takes_one_json_row_but_not_several(operator):
    api = client_for(operator)
    url = f"/api/v1/services/{ADDITION}/validate"
    response = api.post(url, {"rows": [ROW, ROW]}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == NO_BATCH
    response = api.post(url, {"rows": [ROW]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["total"] == 1
