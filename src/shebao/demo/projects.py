"""Demo construction project: registered (§3.3.1) and its roster filed (§3.3.4) through the
real service functions, with three dozen of the demo unit's own staff. Idempotent."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.cases import materials
from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.registry.models import Project, Unit

from .roster import build_roster

REGISTRATION = "hb_construction_project_registration"
FILING = "hb_construction_project_roster_filing"
PROJECT_NAME = "光谷科技园二期厂房建设工程"
WORKERS = 36


def projects_load(*, unit: Unit, operator: User, reviewer: User) -> str:
    """Create the demo project and its roster if missing; return one summary line."""
    project = Project.objects.filter(unit=unit, name=PROJECT_NAME).first()
    if project is None:
        case = _case(unit, operator, REGISTRATION, [_project_row(build_roster()[0])])
        materials.material_upload(
            case=case, material="施工合同", uploaded_file=_scan(), actor=operator
        )
        case = cases.case_approve(
            case=cases.case_submit(case=case, actor=operator), reviewer=reviewer
        )
        project = Project.objects.get(project_no=case.effect["project_no"])
    if not project.workers.exists():
        staff = [p for p in build_roster() if p.state == "both"][1 : WORKERS + 1]
        rows = [_worker_row(project, p, i) for i, p in enumerate(staff)]
        case = _case(unit, operator, FILING, rows)
        cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    return f"{project.project_no} {project.name} {project.workers.count()} 人"


def _case(unit: Unit, operator: User, code: str, rows: list[dict[str, Any]]) -> Case:
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    case = cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    cases.case_rows_replace(case=case, rows=list(enumerate(rows, start=1)), actor=operator)
    return case


def _project_row(manager: Any) -> dict[str, Any]:
    return {
        "project_name": PROJECT_NAME,
        "project_status": "正常",
        "is_decoration_or_landscaping": "否",
        "contract_no": "GG-2026-018",
        "total_price_10k_cny": "3860.00",
        "address": "武汉市东湖新技术开发区高新大道 999 号",
        "manager_name": manager.name,
        "manager_id_type": "居民身份证(户口簿)",
        "manager_id_number": manager.id_number,
        "manager_phone": manager.mobile,
        "expected_headcount": "60",
        "start_date": "2026-03-01",
        "end_date": "2027-06-30",
        "industry_category": "房屋建设",
    }


def _worker_row(project: Project, p: Any, i: int) -> dict[str, Any]:
    return {
        "project_no": project.project_no,
        "name": p.name,
        "gender": "男" if p.gender == "1" else "女",
        "id_type": "身份证",
        "id_number": p.id_number,
        "start_date": f"2026-{3 + i % 6:02d}-{1 + i % 27:02d}",
        "mobile": p.mobile,
    }


def _scan() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (240, 240, 240)).save(buffer, format="PNG")
    return SimpleUploadedFile("施工合同.png", buffer.getvalue(), content_type="image/png")
