"""§3.3.47 单位参保证明 (WE-09): requested through the engine (提交即办结), its lines are
the arrived contributions of the 期号 range (补收 when the money came after the period),
printed sealed with 查询流水号, 开具日期, QR code and a 6-character 校验码, and verified
publicly through the QR code's URL for a limited time."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.contributions.certificates import certificate_lines
from shebao.contributions.models import ParticipationCertificate
from shebao.core.masking import Sensitive, mask
from shebao.documents.catalogue import DocumentKind, case_documents
from shebao.documents.certificate import certificate_context, certificate_html
from shebao.pki.services import pki_init
from shebao.policy.seed import policy_seed
from tests import factories

from .certificate_records import TYPES, WE09_BASES, paid, printed_rows, we09_staff

CODE = "hb_unit_insurance_certificate"


@pytest.fixture
def insured_unit(region):
    policy_seed(region)
    return factories.unit(region_obj=region, types=TYPES)


def request(unit, operator, **row):
    case = cases.case_start(service_code=CODE, unit=unit, operator=operator)
    case = cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    stored = cases.case_row_add(case=case, raw=row)
    return case, stored


def issue(unit, operator, **row):
    case, stored = request(unit, operator, **row)
    assert stored.passed, stored.errors
    case = cases.case_submit(case=case, actor=operator)
    return case, ParticipationCertificate.objects.get(case=case)


def messages(stored):
    return " ".join(e["message"] for e in stored.errors)


def test_a_unit_certificate_is_issued_on_submit_with_a_six_character_check_code(
    insured_unit, operator
):
    unit = insured_unit
    operator = factories.operator(unit)
    we09_staff(unit)

    case, certificate = issue(unit, operator, period_from="201901", period_to="201902")

    assert case.status == CaseStatus.COMPLETED
    assert certificate.serial_no == case.serial_no  # 查询流水号
    assert re.fullmatch(r"[A-Z0-9]{6}", certificate.check_code)
    assert (certificate.persons, certificate.lines) == (9, 18)
    assert certificate.valid_until == dt.date.today() + dt.timedelta(days=90)
    assert "示例参数" in certificate.validity_source
    assert certificate.rates == [
        ["企业养老保险", "16.0%", "8.0%", "201902 / 9人"],
        ["失业保险", "0.7%", "0.3%", "201902 / 9人"],
        ["工伤保险", "--", "--", "201902 / 9人"],  # no risk class configured: no rate printed
    ]
    [document] = [d for d in case_documents(case) if d.kind == DocumentKind.CERTIFICATE]
    assert document.url == f"/cases/{case.pk}/certificate.pdf"
    assert AuditEvent.objects.filter(event_type="participation_certificate.issue").count() == 1


def test_lines_follow_we09_late_arrival_is_bushou_and_bases_sit_under_each_type(
    insured_unit, operator
):
    unit = insured_unit
    operator = factories.operator(unit)
    staff = we09_staff(unit)
    _case, certificate = issue(unit, operator, period_from="201901", period_to="201902")

    context = certificate_context(certificate, verify_base_url="https://si.example.cn")
    rows = printed_rows(context["rows_html"])
    assert len(rows) == 18
    first = [r for r in rows if r["period"] == "201901"]
    late = next(r for r in first if r["name"] == staff[0].name)
    assert late["arrived"] == "201902"
    assert late["cells"] == [("11200", "已到账", "补收")] * 3
    on_time = [r for r in first if r is not late]
    assert {(r["arrived"], *c[1:]) for r in on_time for c in r["cells"]} == {
        ("201901", "已到账", "正常")
    }
    assert sorted(r["cells"][0][0] for r in first) == sorted(WE09_BASES)
    assert late["number"] == mask(staff[0].id_number, Sensitive.ID) != staff[0].id_number
    assert context["qr_payload"] == (
        f"https://si.example.cn/verify/certificates/{certificate.serial_no}"
        f"?c={certificate.check_code}"
    )

    html = certificate_html(certificate)
    for text in (
        "湖北省社会保险参保证明(单位)",
        "查询流水号",
        "开具日期",
        f"校验码: <strong>{certificate.check_code}</strong>",
        "企业养老、失业、工伤保险参保缴费比例情况",
        "企业养老、失业、工伤保险参保缴费情况(9人明细)",
        "(2019年01月 至 2019年02月)",
        'counter(page) "页/共" counter(pages)',
    ):
        assert text in html
    assert staff[0].id_number not in html


def test_arrivals_after_the_issue_day_never_change_a_certificate(insured_unit, operator):
    unit = insured_unit
    operator = factories.operator(unit)
    person = factories.person()
    factories.enrol(person, unit, *TYPES, start=dt.date(2018, 1, 1))
    paid(unit, {person: "5000"}, "201901", dt.date(2019, 1, 20))
    _case, certificate = issue(unit, operator, period_from="201901", period_to="201902")
    paid(unit, {person: "5000"}, "201902", dt.date.today() + dt.timedelta(days=1))

    lines = certificate_lines(unit_id=unit.pk, first="201901", last="201902", as_of=dt.date.today())
    assert [line.period for line in lines] == ["201901"]


def test_the_individual_version_lists_only_that_employee(insured_unit, operator):
    unit = insured_unit
    operator = factories.operator(unit)
    staff = we09_staff(unit)

    _case, certificate = issue(
        unit, operator, period_from="201901", period_to="201902", id_number=staff[1].id_number
    )

    assert certificate.person == staff[1]
    assert (certificate.persons, certificate.lines) == (1, 2)
    rows = printed_rows(certificate_context(certificate)["rows_html"])
    assert {r["name"] for r in rows} == {staff[1].name} and len(rows) == 2
    assert certificate.rates[0] == ["企业养老保险", "16.0%", "8.0%", "201902 / 1人"]


def test_requests_the_certificate_cannot_answer_are_refused(insured_unit, operator, other_unit):
    unit = insured_unit
    operator = factories.operator(unit)
    we09_staff(unit)
    stranger = factories.person(name="外单位")
    factories.enrol(stranger, other_unit)

    _c, backwards = request(unit, operator, period_from="201902", period_to="201901")
    _c, future = request(unit, operator, period_from="201901", period_to="209912")
    _c, empty = request(unit, operator, period_from="201801", period_to="201812")
    _c, other = request(
        unit, operator, period_from="201901", period_to="201902", id_number=stranger.id_number
    )

    assert "缴费起始期号不能晚于缴费结束期号" in messages(backwards)
    assert "缴费结束期号不能晚于本月" in messages(future)
    assert "没有已到账的缴费记录" in messages(empty)
    assert messages(other) == "该人员不是本单位参保职工"
    assert "外单位" not in messages(other)


def test_the_sealed_pdf_is_kept_and_verified_through_its_qr_code(
    db, insured_unit, client, settings
):
    pki_init()
    settings.PUBLIC_BASE_URL = "https://si.example.cn"
    unit = insured_unit
    operator = factories.operator(unit)
    staff = we09_staff(unit)
    case, certificate = issue(unit, operator, period_from="201901", period_to="201902")
    op_client = factories.client_of(unit)

    response = op_client.get(f"/cases/{case.pk}/certificate.pdf")
    assert response.status_code == 200
    pdf = response.content
    if os.environ.get("SHEBAO_SCREENSHOTS"):  # to render with pdftoppm and look at
        Path(os.environ["SHEBAO_SCREENSHOTS"], "participation-certificate.pdf").write_bytes(pdf)
    assert PdfFileReader(io.BytesIO(pdf)).embedded_signatures  # sealed
    assert op_client.get(f"/cases/{case.pk}/certificate.pdf").content == pdf  # the same bytes
    certificate.refresh_from_db()
    assert len(certificate.pdf_sha256) == 64

    url = f"/verify/certificates/{certificate.serial_no}?c={certificate.check_code.lower()}"
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "参保证明真实有效" in text and unit.name in text
    assert certificate.pdf_sha256 in text
    assert "201901" in text and "16.0%" in text
    assert all(p.name not in text and p.id_number not in text for p in staff)

    wrong = client.get(f"/verify/certificates/{certificate.serial_no}?c=AAAAAA")
    unknown = client.get("/verify/certificates/999999999999999?c=AAAAAA")
    assert wrong.status_code == unknown.status_code == 404
    assert unit.name not in wrong.content.decode()

    ParticipationCertificate.objects.filter(pk=certificate.pk).update(
        valid_until=dt.date.today() - dt.timedelta(days=1)
    )
    expired = client.get(url).content.decode()
    assert "参保证明已超过核验有效期" in expired and unit.name not in expired


def test_another_unit_cannot_print_the_certificate(insured_unit, operator, other_unit):
    unit = insured_unit
    operator = factories.operator(unit)
    we09_staff(unit)
    case, _certificate = issue(unit, operator, period_from="201901", period_to="201902")

    response = factories.client_of(other_unit).get(f"/cases/{case.pk}/certificate.pdf")

    assert response.status_code == 404


def test_the_lines_take_a_fixed_number_of_queries(
    insured_unit, operator, django_assert_max_num_queries
):
    unit = insured_unit
    operator = factories.operator(unit)
    we09_staff(unit)
    _case, certificate = issue(unit, operator, period_from="201901", period_to="201902")
    certificate = ParticipationCertificate.objects.select_related("unit", "person").get(
        pk=certificate.pk
    )

    with django_assert_max_num_queries(3):  # lines, persons, (none for the stored rates)
        context = certificate_context(certificate)
    assert len(printed_rows(context["rows_html"])) == 18


def test_the_case_page_links_the_certificate(insured_unit, operator):
    unit = insured_unit
    operator = factories.operator(unit)
    we09_staff(unit)
    case, _certificate = issue(unit, operator, period_from="201901", period_to="201902")

    page = factories.client_of(unit).get(f"/cases/{case.pk}/").content.decode()

    assert f"/cases/{case.pk}/certificate.pdf" in page
    assert "湖北省社会保险参保证明(单位)" in page
