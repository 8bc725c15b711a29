"""扫码核验 of a 申报表 (issue #12 §2): its QR code holds a full URL with a check code, and the
public page shows what the form states, no person; a wrong code answers like an unknown number."""

import re
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client

from shebao.cases import services as cases
from shebao.documents import views
from shebao.documents.verify import case_check_code, verify_case_url
from shebao.pki.services import pki_init
from tests.documents import builders


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enrolment(unit, operator):
    return builders.enrolment_case(unit, operator, people=["张伟", "欧阳秀兰"])


def page(response):
    return response.content.decode()


def id_numbers(case):
    return [row.cleaned["id_number"] for row in case.rows.all()]


def test_the_portal_pdf_qr_opens_the_case_facts(op_client, enrolment, unit, tmp_path, settings):
    if not (shutil.which("zbarimg") and shutil.which("pdftoppm")):
        pytest.skip("zbarimg / pdftoppm not installed")
    pki_init()  # the served PDF of a submitted case is sealed
    settings.PUBLIC_BASE_URL = ""
    (tmp_path / "r.pdf").write_bytes(op_client.get(f"/cases/{enrolment.pk}/report.pdf").content)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", "r.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", "page.png"], cwd=tmp_path, capture_output=True, text=True
    ).stdout.strip()
    code = case_check_code(enrolment.serial_no)
    assert decoded == f"http://testserver/verify/cases/{enrolment.serial_no}?c={code}"
    parts = urlsplit(decoded)
    response = Client().get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200
    html = page(response)
    assert "申报表真实" in html and enrolment.serial_no in html
    assert unit.name in html and unit.unit_no in html
    assert "单位职工参保登记" in html and "在职职工增员申报表" in html
    assert "待审核" in html and "<td>2</td>" in html
    assert "张伟" not in html and "欧阳秀兰" not in html
    for number in id_numbers(enrolment):
        assert number not in html and number[-4:] not in html


def test_the_case_page_prints_the_check_code(op_client, enrolment):
    html = page(op_client.get(f"/cases/{enrolment.pk}/"))
    assert f"校验码 {case_check_code(enrolment.serial_no)}" in html  # under the QR code


def test_status_is_current_not_as_printed(enrolment, reviewer):
    cases.case_reject(case=enrolment, reviewer=reviewer, reason="材料不全")
    html = page(Client().get(verify_case_url(enrolment.serial_no)))
    assert "审核不通过" in html and "未生效" in html


def missing_page(response, serial):
    assert response.status_code == 404
    html = page(response)
    assert "未找到该申报表" in html
    html = re.sub(r'name="(csrfmiddlewaretoken|next)" value="[^"]*"', "", html)
    return html.replace(serial, "<serial>")


def test_wrong_code_and_unknown_serial_look_the_same(enrolment):
    serial = enrolment.serial_no
    unknown = "202001010000001"
    wrong = missing_page(Client().get(f"/verify/cases/{serial}?c=AAAAAAAA"), serial)
    absent = missing_page(
        Client().get(f"/verify/cases/{unknown}?c={case_check_code(unknown)}"), unknown
    )
    assert wrong == absent
    assert enrolment.unit.name not in wrong


def test_a_bill_code_does_not_open_a_case(enrolment):
    from shebao.documents.verify import bill_check_code

    code = bill_check_code(enrolment.serial_no)
    assert Client().get(f"/verify/cases/{enrolment.serial_no}?c={code}").status_code == 404


def test_a_draft_is_not_verifiable(unit, operator):
    draft = builders.enrolment_case(unit, operator, people=["张伟"], submit=False)
    draft.serial_no = "202612070000099"  # even if it had a number
    draft.save(update_fields=["serial_no"])
    assert Client().get(verify_case_url(draft.serial_no)).status_code == 404


def test_the_bare_path_of_older_forms_asks_for_the_code(enrolment):
    response = Client().get(f"/verify/{enrolment.serial_no}")
    assert response.status_code == 200
    html = page(response)
    assert "请输入申报表校验码" in html
    assert f'action="/verify/cases/{enrolment.serial_no}"' in html
    assert enrolment.unit.name not in html


def test_misses_are_limited(enrolment, monkeypatch):
    monkeypatch.setattr(views, "VERIFY_MISSES_PER_HOUR", 2)
    client = Client()
    for _n in range(2):
        assert client.get(f"/verify/cases/{enrolment.serial_no}?c=AAAAAAAA").status_code == 404
    assert client.get(verify_case_url(enrolment.serial_no)).status_code == 429
