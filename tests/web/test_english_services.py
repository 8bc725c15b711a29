"""Issue #12 §10: an English page shows the services, their forms and the queries in English,
while what the agency prints (申报表 PDF, roster template) stays Chinese.

The specs hold Chinese texts; pages translate them at render (the ``ui`` filter) from the
catalogue, where ``manage.py spec_texts`` put them for makemessages.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from .helpers import ENROLMENT, draft_case, submitted_case
from .test_language import _compiled_catalogue  # noqa: F401  (an autouse fixture: the .mo)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_home_and_wizard_show_the_service_in_english(op_client):
    english(op_client)
    home = op_client.get("/").content.decode()
    assert "Employee enrolment / re-enrolment" in home
    assert "单位职工参保登记/续保" not in home

    step1 = op_client.get(f"/services/{ENROLMENT}/").content.decode()
    assert "<h1>Employee enrolment / re-enrolment</h1>" in step1
    assert "Enrols new employees of an insured unit" in step1
    assert "I have read the above and accept the user agreement" in step1


def test_the_single_form_and_row_tables_label_fields_in_english(op_client, unit, operator):
    case = draft_case(unit, operator, rows=1)
    english(op_client)
    single = op_client.get(f"/cases/{case.pk}/step/2/?tab=single").content.decode()
    for label in ("Telephone (mobile)", "Urban employees&#x27; pension insurance"):
        assert label in single
    results = op_client.get(f"/cases/{case.pk}/step/2/?tab=results").content.decode()
    assert "Telephone (mobile)" in results and "联系电话 (手机)" not in results


def test_queries_in_english(op_client):
    english(op_client)
    index = op_client.get("/queries/").content.decode()
    assert "Contribution overview" in index and "缴费综合信息" not in index
    listing = op_client.get("/queries/unit_insured_staff/").content.decode()
    assert "<h1>Unit&#x27;s insured staff</h1>" in listing


def test_the_review_queue_names_services_in_english(rv_client, unit, operator):
    submitted_case(unit, operator)
    english(rv_client)
    queue = rv_client.get("/backoffice/").content.decode()
    assert "Employee enrolment / re-enrolment" in queue


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_stays_chinese_on_an_english_page(op_client, unit, operator, tmp_path):
    case = submitted_case(unit, operator)
    english(op_client)
    response = op_client.get(f"/cases/{case.pk}/report.pdf")
    assert response.status_code == 200
    path = tmp_path / "report.pdf"
    path.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "在职职工增员申报表" in text and "身份证号码" in text
    assert "Employee enrolment declaration form" not in text and "ID card" not in text


def test_the_roster_template_stays_chinese_on_an_english_page(op_client):
    english(op_client)
    response = op_client.get(f"/services/{ENROLMENT}/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert "身份证号码" in cells and "ID card no." not in cells
