"""The retirement application's step 2 on the web: 基本信息, 工作经历, 参保信息, 上传材料 as
tabs, sub-rows added, edited and deleted by plain form posts (no JavaScript)."""

from __future__ import annotations

import pytest

from shebao.cases.models import Case

from .helpers import form, retiring

pytestmark = pytest.mark.django_db
CODE = "hb_normal_retirement_application"


def started(client) -> int:
    response = client.post(f"/services/{CODE}/")
    pk = int(response["Location"].split("/")[2])
    client.post(
        f"/cases/{pk}/step/1/",
        {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"},
    )
    return pk


def basic(person) -> dict[str, str]:
    return {k: v for k, v in form(person).items() if k not in ("work_history", "insurance_history")}


def test_four_tabs_and_sub_rows_without_javascript(op_client, unit):
    person = retiring(unit)
    pk = started(op_client)
    page = op_client.get(f"/cases/{pk}/step/2/").content.decode()
    for tab in ("基本信息", "工作经历", "参保信息", "上传材料"):
        assert f">{tab}<" in page
    assert "单个添加" not in page and "批量添加" not in page
    page = op_client.get(f"/cases/{pk}/step/2/?tab=sub-work_history").content.decode()
    assert "请先填写并保存基本信息" in page

    response = op_client.post(f"/cases/{pk}/rows/add/", basic(person))
    assert response["Location"].endswith("?tab=sub-work_history")
    row = Case.objects.get(pk=pk).rows.get()
    assert not row.passed and {"column": "工作经历", "message": "工作经历不能为空"} in row.errors
    # 参保信息 came from the registry: the pension enrolment since 201901.
    assert row.raw["insurance_history"] == [
        {
            "insurance_type": "城镇职工基本养老保险",
            "start_month": "201901",
            "end_month": "",
            "agency": unit.region.code,
        }
    ]
    page = op_client.get(f"/cases/{pk}/step/2/?tab=sub-insurance_history").content.decode()
    assert "城镇职工基本养老保险" in page and "201901" in page

    url = f"/cases/{pk}/sub/work_history/add/"
    op_client.post(url, {"start_month": "198601", "end_month": "200506", "job": "工人"})
    op_client.post(url, {"start_month": "200507", "job": "车工"})
    row.refresh_from_db()
    assert row.passed, row.errors
    assert [w["job"] for w in row.raw["work_history"]] == ["工人", "车工"]

    page = op_client.get(f"/cases/{pk}/step/2/?tab=sub-work_history&edit=1").content.decode()
    assert 'value="车工"' in page and "保存修改" in page
    op_client.post(
        f"/cases/{pk}/sub/work_history/1/save/", {"start_month": "200507", "job": "钳工"}
    )
    op_client.post(f"/cases/{pk}/sub/work_history/0/delete/")
    row.refresh_from_db()
    assert [w["job"] for w in row.raw["work_history"]] == ["钳工"] and row.passed

    # Saving 基本信息 again keeps the sub-rows; a bad sub-row names its table and number.
    page = op_client.get(f"/cases/{pk}/step/2/").content.decode()
    assert "保存修改" in page and person.name in page
    op_client.post(f"/cases/{pk}/rows/1/edit/", {**basic(person), "contact": "13900000000"})
    row.refresh_from_db()
    assert row.raw["contact"] == "13900000000" and len(row.raw["work_history"]) == 1
    op_client.post(
        f"/cases/{pk}/sub/work_history/0/save/", {"start_month": "203001", "job": "钳工"}
    )
    page = op_client.get(f"/cases/{pk}/step/2/?tab=sub-work_history").content.decode()
    assert "【工作经历第1行】【开始年月】开始年月晚于离退休年月" in page
