"""After a rejection, and drafts (issue #12 §5): 修改后重新申报, the home page's alert, 删除草稿."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from shebao.audit.models import AuditEvent
from shebao.cases import materials
from shebao.cases import services as cases
from shebao.cases.models import Case, CaseMaterial, CaseStatus, RowImport

from .helpers import draft_case, submitted_case

pytestmark = pytest.mark.django_db

CONTRACT = "劳动合同"  # the enrolment service's optional material
REASON = "劳动合同照片不清晰，请重新上传"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("contract.png", buffer.getvalue(), content_type="image/png")


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def rejected_case(unit, operator, reviewer, *, rows: int = 2) -> Case:
    case = draft_case(unit, operator, rows=rows)
    materials.material_upload(case=case, material=CONTRACT, uploaded_file=png(), actor=operator)
    case = cases.case_submit(case=case, actor=operator)
    return cases.case_reject(case=case, reviewer=reviewer, reason=REASON)


def test_resubmit_copies_rows_and_materials_and_links_the_cases(
    op_client, unit, operator, reviewer, private_media
):
    old = rejected_case(unit, operator, reviewer)
    detail = op_client.get(f"/cases/{old.pk}/").content.decode()
    assert f'action="/cases/{old.pk}/resubmit/"' in detail and "修改后重新申报" in detail
    result = op_client.get(f"/cases/{old.pk}/result/").content.decode()
    assert f'action="/cases/{old.pk}/resubmit/"' in result and REASON in result

    response = op_client.post(f"/cases/{old.pk}/resubmit/")

    new = Case.objects.get(resubmission_of=old)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{new.pk}/step/2/"
    assert new.status == CaseStatus.DRAFT and new.step == 2 and new.serial_no is None
    assert (new.service_code, new.unit, new.declarant) == (old.service_code, unit, old.declarant)
    old_rows = list(old.rows.order_by("row_no").values_list("row_no", "raw", "passed"))
    assert list(new.rows.order_by("row_no").values_list("row_no", "raw", "passed")) == old_rows
    assert len(old_rows) == 2
    (theirs,), (mine,) = old.materials.all(), new.materials.all()
    assert (mine.material, mine.sha256, mine.size) == (theirs.material, theirs.sha256, theirs.size)
    assert mine.file.name != theirs.file.name
    assert Path(mine.file.path).read_bytes() == Path(theirs.file.path).read_bytes()
    assert AuditEvent.objects.filter(case=new, event_type="case.resubmit").count() == 1
    assert AuditEvent.objects.filter(case=old, event_type="case.resubmit").count() == 1
    assert op_client.get(response["Location"]).status_code == 200  # the draft's 表单填写
    assert "李小明" in op_client.get(f"/cases/{new.pk}/step/2/?tab=results").content.decode()
    assert old.serial_no in op_client.get(f"/cases/{new.pk}/").content.decode()

    # Submitting the new draft works: it is an ordinary draft.
    submitted = cases.case_submit(case=new, actor=operator)
    assert submitted.status == CaseStatus.UNDER_REVIEW


def test_a_double_click_makes_one_draft(op_client, unit, operator, reviewer):
    old = rejected_case(unit, operator, reviewer)
    first = op_client.post(f"/cases/{old.pk}/resubmit/")
    second = op_client.post(f"/cases/{old.pk}/resubmit/")
    assert first["Location"] == second["Location"]
    assert Case.objects.filter(resubmission_of=old).count() == 1

    # Once the resubmission is submitted, another one is refused with the reason.
    new = Case.objects.get(resubmission_of=old)
    cases.case_submit(case=new, actor=operator)
    page = op_client.post(f"/cases/{old.pk}/resubmit/", follow=True).content.decode()
    assert "已重新申报" in page
    assert Case.objects.filter(resubmission_of=old).count() == 1


def test_only_a_rejected_case_of_ones_own_unit(
    op_client, unit, operator, reviewer, other_unit, other_operator
):
    theirs = rejected_case(other_unit, other_operator, reviewer, rows=1)
    assert op_client.post(f"/cases/{theirs.pk}/resubmit/").status_code == 404
    assert op_client.get(f"/cases/{theirs.pk}/resubmit/").status_code in (404, 405)
    assert not Case.objects.filter(resubmission_of=theirs).exists()

    pending = submitted_case(unit, operator)
    page = op_client.post(f"/cases/{pending.pk}/resubmit/", follow=True).content.decode()
    assert "只有审核不通过的办件可以修改后重新申报" in page
    assert not Case.objects.filter(resubmission_of=pending).exists()


def test_the_home_page_alerts_rejected_cases_until_resubmitted(op_client, unit, operator, reviewer):
    old = rejected_case(unit, operator, reviewer, rows=1)
    for _ in range(6):  # newer cases: the rejected one stays in 最近办件 all the same
        submitted_case(unit, operator)
    home = op_client.get("/").content.decode()
    assert "审核不通过" in home and REASON in home
    assert home.count(f'action="/cases/{old.pk}/resubmit/"') == 2  # the alert and 最近办件
    assert f'href="/cases/{old.pk}/"' in home

    new = Case.objects.get(
        pk=int(op_client.post(f"/cases/{old.pk}/resubmit/")["Location"].split("/")[2])
    )
    assert REASON in op_client.get("/").content.decode()  # an open draft is not yet resubmitted
    cases.case_submit(case=new, actor=operator)
    assert REASON not in op_client.get("/").content.decode()


def test_drafts_are_listed_with_their_age(op_client, unit, operator):
    draft = draft_case(unit, operator)
    Case.objects.filter(pk=draft.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    home = op_client.get("/").content.decode()
    assert "3 天前" in home
    assert f'action="/cases/{draft.pk}/discard/"' in home and "data-confirm" in home


def test_discard_removes_the_draft_and_its_files(
    op_client, unit, operator, private_media, django_capture_on_commit_callbacks
):
    draft = draft_case(unit, operator, rows=2)
    materials.material_upload(case=draft, material=CONTRACT, uploaded_file=png(), actor=operator)
    upload = RowImport.objects.create(
        case=draft,
        file=SimpleUploadedFile("roster.xlsx", b"PK-roster"),
        original_name="roster.xlsx",
    )
    assert len(files(private_media)) == 2
    detail = op_client.get(f"/cases/{draft.pk}/").content.decode()
    assert f'action="/cases/{draft.pk}/discard/"' in detail and "data-confirm" in detail

    with django_capture_on_commit_callbacks(execute=True):
        with_commit = op_client.post(f"/cases/{draft.pk}/discard/")

    assert with_commit.status_code == 302 and with_commit["Location"] == "/"
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DISCARDED
    assert not draft.rows.exists()
    assert not CaseMaterial.objects.filter(case=draft).exists()
    assert not RowImport.objects.filter(pk=upload.pk).exists()
    assert draft.declarant == "" and draft.declarant_mobile == ""
    assert files(private_media) == []
    assert AuditEvent.objects.filter(case=draft, event_type="case.discard").count() == 1
    home = op_client.get("/").content.decode()
    assert f"/cases/{draft.pk}/step/" not in home
    assert op_client.get(f"/cases/{draft.pk}/step/2/")["Location"] == f"/cases/{draft.pk}/"


def test_a_submitted_case_cannot_be_discarded(
    op_client, unit, operator, other_unit, other_operator
):
    case = submitted_case(unit, operator)
    page = op_client.post(f"/cases/{case.pk}/discard/", follow=True).content.decode()
    assert "只有草稿可以删除" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW and case.rows.count() == 1

    theirs = draft_case(other_unit, other_operator)
    assert op_client.post(f"/cases/{theirs.pk}/discard/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == CaseStatus.DRAFT and theirs.rows.count() == 1
