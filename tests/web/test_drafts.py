"""A half-finished wizard is the draft Case itself: it survives a reload and a logout."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from shebao.cases.models import Case, CaseStatus

from .helpers import ENROLMENT, PASSWORD, enrolment_form

pytestmark = pytest.mark.django_db


def test_draft_resumes_at_its_step_after_logout_and_login(operator):
    client = Client()
    assert client.login(
        username=operator.username, password=PASSWORD, request=RequestFactory().get("/")
    )
    step1 = client.post(f"/services/{ENROLMENT}/")["Location"]
    pk = int(step1.split("/")[2])
    client.post(
        step1,
        {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"},
    )
    client.post(f"/cases/{pk}/rows/add/", enrolment_form(name="赵六"))

    # A reload shows the same data.
    page = client.get(f"/cases/{pk}/step/2/?tab=results").content.decode()
    assert "赵六" in page

    client.post("/logout/")
    assert client.get("/").status_code == 302  # logged out

    fresh = Client()
    assert fresh.login(
        username=operator.username, password=PASSWORD, request=RequestFactory().get("/")
    )
    home = fresh.get("/").content.decode()
    assert f"/cases/{pk}/step/2/" in home and "继续办理" in home

    # The case record offers 继续办理 at the step it was at.
    detail = fresh.get(f"/cases/{pk}/").content.decode()
    assert f'href="/cases/{pk}/step/2/"' in detail
    page = fresh.get(f"/cases/{pk}/step/2/?tab=results").content.decode()
    assert "赵六" in page

    # Step 1 shows what was accepted; 上一步 / 保存 move the stored step.
    page = fresh.get(f"/cases/{pk}/step/1/").content.decode()
    assert 'value="王建"' in page and 'value="18555555555"' in page and "checked" in page
    fresh.post(f"/cases/{pk}/goto/", {"step": "3"})
    assert Case.objects.get(pk=pk).step == 3
    home = fresh.get("/").content.decode()
    assert f"/cases/{pk}/step/3/" in home
    fresh.post(f"/cases/{pk}/goto/", {"step": "2"})
    assert Case.objects.get(pk=pk).step == 2
    assert Case.objects.get(pk=pk).status == CaseStatus.DRAFT


def test_step2_needs_the_accepted_step1(op_client):
    step1 = op_client.post(f"/services/{ENROLMENT}/")["Location"]
    pk = int(step1.split("/")[2])
    response = op_client.get(f"/cases/{pk}/step/2/")
    assert response["Location"] == step1
    response = op_client.post(f"/cases/{pk}/goto/", {"step": "2"}, follow=True)
    assert "请先勾选" in response.content.decode()
