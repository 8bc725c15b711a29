"""Security baseline of the web: scope by acting unit (404), login, CSRF."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from shebao.cases.materials import material_upload
from shebao.cases.models import Case, CaseStatus

from .helpers import ENROLMENT, draft_case, enrolment_form, submitted_case

pytestmark = pytest.mark.django_db


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "劳动合同.png"
    return buffer


def test_another_units_case_by_id_or_serial_is_404(op_client, other_unit, other_operator):
    draft = draft_case(other_unit, other_operator)
    submitted = submitted_case(other_unit, other_operator)
    for url in (
        f"/cases/{submitted.pk}/",
        f"/cases/serial/{submitted.serial_no}/",
        f"/cases/{submitted.pk}/report.pdf",
        f"/cases/{submitted.pk}/result/",
        f"/cases/{draft.pk}/step/1/",
        f"/cases/{draft.pk}/step/2/",
        f"/cases/{draft.pk}/rows/1/edit/",
        f"/cases/{draft.pk}/rows/failed.xlsx",
    ):
        assert op_client.get(url).status_code == 404, url
    for url, data in (
        (f"/cases/{submitted.pk}/withdraw/", {}),
        (f"/cases/{draft.pk}/rows/add/", enrolment_form()),
        (f"/cases/{draft.pk}/rows/1/delete/", {}),
        (f"/cases/{draft.pk}/goto/", {"step": "3"}),
        (f"/cases/{draft.pk}/submit/", {}),
    ):
        assert op_client.post(url, data).status_code == 404, url
    assert Case.objects.get(pk=submitted.pk).status == CaseStatus.UNDER_REVIEW
    assert draft.rows.count() == 1
    assert submitted.serial_no not in op_client.get("/cases/").content.decode()


def test_another_units_material_by_id_is_404(op_client, unit, operator, other_unit, other_operator):
    theirs = draft_case(other_unit, other_operator)
    material = material_upload(
        case=theirs, material="劳动合同", uploaded_file=png(), actor=other_operator
    )
    mine = draft_case(unit, operator)
    # Neither through their case nor through mine with their material's id.
    assert op_client.get(f"/cases/{theirs.pk}/materials/{material.pk}/").status_code == 404
    assert op_client.get(f"/cases/{mine.pk}/materials/{material.pk}/").status_code == 404
    assert op_client.post(f"/cases/{mine.pk}/materials/{material.pk}/delete/").status_code == 404
    other = Client()
    other.force_login(other_operator)
    response = other.get(f"/cases/{theirs.pk}/materials/{material.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_materials_upload_view_and_replace_through_the_tab(op_client, unit, operator):
    case = draft_case(unit, operator)
    page = op_client.get(f"/cases/{case.pk}/step/2/?tab=materials").content.decode()
    assert "劳动合同" in page and "待上传" in page and "上传" in page
    response = op_client.post(
        f"/cases/{case.pk}/materials/", {"material": "劳动合同", "file": png()}, follow=True
    )
    page = response.content.decode()
    assert "“劳动合同”已上传" in page and "重新上传" in page
    stored = case.materials.get()
    assert op_client.get(f"/cases/{case.pk}/materials/{stored.pk}/").status_code == 200
    bad = io.BytesIO(b"not an image at all")
    bad.name = "x.png"
    response = op_client.post(
        f"/cases/{case.pk}/materials/", {"material": "劳动合同", "file": bad}, follow=True
    )
    assert "文件内容不是图片" in response.content.decode()
    assert case.materials.count() == 1


def test_anonymous_users_are_sent_to_login():
    client = Client()
    for url in ("/", "/cases/", f"/services/{ENROLMENT}/", "/persons/lookup/", "/backoffice/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert Case.objects.count() == 0


def test_login_page_is_chinese():
    page = Client().get("/login/").content.decode()
    assert "用户登录" in page and "用户名" in page and "密码" in page


def test_csrf_is_enforced(operator, unit):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    case = draft_case(unit, operator)
    response = client.post(f"/cases/{case.pk}/rows/add/", enrolment_form())
    assert response.status_code == 403
    assert "页面已过期或请求来源无法验证" in response.content.decode()
    assert case.rows.count() == 1
    # With the token from the page the same post goes through.
    client.get(f"/cases/{case.pk}/step/2/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/cases/{case.pk}/rows/add/", {**enrolment_form(), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert case.rows.count() == 2


def test_a_user_who_acts_for_no_unit_gets_403(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("nobody", password="Test-pass-123")
    client = Client()
    client.force_login(user)
    response = client.get("/cases/")
    assert response.status_code == 403
    assert "当前用户不是任何单位的经办人" in response.content.decode()
