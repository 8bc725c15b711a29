"""Builders for the project tests: projects registered through the engine, roster rows."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shebao.cases import materials
from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.registry.choices import ProjectKind
from shebao.registry.models import Project
from tests import factories

CONSTRUCTION = "hb_construction_project_registration"
MINING = "hb_mining_project_registration"


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile("scan.png", buffer.getvalue(), content_type="image/png")


def draft(code: str, unit: Any, operator: Any) -> Case:
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def upload(case: Case, name: str, operator: Any) -> None:
    materials.material_upload(case=case, material=name, uploaded_file=png(), actor=operator)


def construction_raw(**overrides: Any) -> dict[str, Any]:
    data = {
        "project_name": "fcc测试",
        "project_status": "正常",
        "is_decoration_or_landscaping": "否",
        "contract_no": "HT2021-001",
        "total_price_10k_cny": "1200.50",
        "address": "武汉市洪山区测试路 1 号",
        "manager_name": "张三",
        "manager_id_type": "居民身份证(户口簿)",
        "manager_id_number": factories.id_number(dt.date(1980, 1, 2)),
        "manager_phone": "13800138000",
        "expected_headcount": "50",
        "start_date": "2021-03-01",
        "end_date": "2021-12-31",
        "industry_category": "房屋建设",
    }
    data.update(overrides)
    return data


def mining_raw(**overrides: Any) -> dict[str, Any]:
    data = {
        "project_name": "fcc测试矿山",
        "mining_type": "非煤矿山",
        "project_status": "正常",
        "start_date": "2021-03-10",
        "end_date": "2021-03-30",
        "manager_name": "李四",
        "manager_id_type": "居民身份证(户口簿)",
        "manager_id_number": factories.id_number(dt.date(1975, 6, 1)),
        "manager_phone": "13900139000",
    }
    data.update(overrides)
    return data


def register_project(
    unit: Any, operator: Any, reviewer: Any, *, mining: bool = False, **overrides: Any
) -> Project:
    """Register a project through §3.3.1 / §3.3.2 and approve it; returns the new record."""
    case = draft(MINING if mining else CONSTRUCTION, unit, operator)
    raw = mining_raw(**overrides) if mining else construction_raw(**overrides)
    row = cases.case_row_add(case=case, raw=raw)
    assert row.passed, row.errors
    upload(case, "开采协议" if mining else "施工合同", operator)
    case = cases.case_submit(case=case, actor=operator)
    case = cases.case_approve(case=case, reviewer=reviewer)
    return Project.objects.get(project_no=case.effect["project_no"])


def cq_project(
    unit: Any, name: str = "渝北区保障房一期", start: str = "2020-01-01", end: str = "2020-12-31"
) -> Project:
    """A construction project as the Chongqing office registers it (CQ-WI 一, at the counter)."""
    return Project.objects.create(
        unit=unit,
        project_no=f"P{next(factories._seq):07d}",
        kind=ProjectKind.CONSTRUCTION,
        name=name,
        start_date=dt.date.fromisoformat(start),
        end_date=dt.date.fromisoformat(end),
        manager_name="王工",
        manager_id_type="身份证",
        manager_id_number=factories.id_number(dt.date(1980, 1, 1)),
        manager_phone="13800000000",
    )


def worker_raw(project: Project, **overrides: Any) -> dict[str, Any]:
    male = overrides.pop("male", True)
    data = {
        "project_no": project.project_no,
        "name": "王五",
        "gender": "男" if male else "女",
        "id_type": "身份证",
        "id_number": factories.id_number(dt.date(1990, 3, 4), male=male),
        "start_date": "20210317",
        "end_date": "20210331",
        "mobile": "13600000000",
    }
    data.update(overrides)
    return data


def errors_of(row: Any) -> str:
    return "；".join(e["message"] for e in row.errors)
