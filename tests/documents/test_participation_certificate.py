"""§3.3.47 单位参保证明 (WE-09): requested through the engine (提交即办结), its lines are
the arrived contributions of the 期号 range (补收 when the money came after the period),
printed sealed with 查询流水号, 开具日期, QR code and a 6-character 校验码, and verified
publicly through the QR code's URL for a limited time."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.contributions.certificates import certificate_lines
from shebao.contributions.models import (
    Arrears,
    ArrearsKind,
    ArrearsLine,
    ArrivalImport,
    Bill,
    BillLine,
    BillLineSource,
    BillStatus,
    CollectionType,
    ContributionDetail,
    DeclarationStatus,
    MonthlyDeclaration,
    ParticipationCertificate,
    Payment,
)
from shebao.core.masking import Sensitive, mask
from shebao.documents.catalogue import DocumentKind, case_documents
from shebao.documents.certificate import certificate_context, certificate_html
from shebao.pki.services import pki_init
from shebao.policy.seed import policy_seed
from shebao.registry.choices import InsuranceType
from tests import factories

CODE = "hb_unit_insurance_certificate"
TYPES = (InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT, InsuranceType.WORK_INJURY)
_numbers = itertools.count(1)
#: WE-09's 201901 bases; the first one's money arrived in 201902 (补收)
WE09_BASES = ["11200", "3990", "8420", "7210", "9190", "9590", "19920", "13360", "11500"]


@pytest.fixture
def insured_unit(region):
    policy_seed(region)
    return factories.unit(region_obj=region, types=TYPES)


def _bill(unit, period: str, arrived: dt.date, collection_type=CollectionType.NORMAL) -> Bill:
    """A 已足额到账 bill of ``unit`` whose money arrived on ``arrived``."""
    bill = Bill.objects.create(
        document_no=f"C{next(_numbers):015d}",
        unit=unit,
        region=unit.region,
        collection_type=collection_type,
        period_from=period,
        period_to=period,
        unit_amount=Decimal(0),
        individual_amount=Decimal(0),
        total_amount=Decimal(1),
        received_amount=Decimal(1),
        status=BillStatus.PAID,
        due_date=dt.date(2030, 1, 1),
    )
    record = ArrivalImport.objects.filter(region=unit.region).first()
    if record is None:
        staff = factories.reviewer(unit.region, f"arrivals{next(_numbers)}")
        record = ArrivalImport.objects.create(
            region=unit.region, uploaded_by=staff, filename="到账.csv"
        )
    Payment.objects.create(
        bill=bill,
        bank_serial_no=f"BK{bill.document_no}",
        amount=1,
        arrived_on=arrived,
        arrival_import=record,
    )
    return bill


def paid(unit, bases: dict, period: str, arrived: dt.date) -> None:
    """The unit declared ``period`` for all three types on ``bases`` ({person: base}),
    billed it and its money arrived on ``arrived``."""
    bill = _bill(unit, period, arrived)
    for kind in TYPES:
        declaration = MonthlyDeclaration.objects.create(
            unit=unit,
            region=unit.region,
            period=period,
            insurance_type=kind,
            status=DeclarationStatus.BILLED,
        )
        for person, base in bases.items():
            ContributionDetail.objects.create(
                period=period,
                person=person,
                unit=unit,
                insurance_type=kind,
                wage=Decimal(base),
                base=Decimal(base),
                unit_amount=0,
                individual_amount=0,
                declaration=declaration,
            )
        BillLine.objects.create(
            bill=bill,
            source=BillLineSource.DECLARATION,
            declaration=declaration,
            insurance_type=kind,
            period=period,
            unit_amount=0,
        )


def back_paid(unit, person, period: str, base: str, arrived: dt.date) -> None:
    """``person``'s ``period`` paid later as a back-payment (补缴) of all three types."""
    bill = _bill(unit, period, arrived, CollectionType.BACK_PAYMENT)
    for kind in TYPES:
        arrears = Arrears.objects.create(
            unit=unit,
            region=unit.region,
            person=person,
            kind=ArrearsKind.LABOUR_CONTRACT,
            start_period=period,
            end_period=period,
            months=1,
            status=DeclarationStatus.BILLED,
            calculated_on=arrived,
            unit_amount=0,
            individual_amount=0,
            interest=0,
            late_fee=0,
        )
        ArrearsLine.objects.create(
            arrears=arrears,
            period=period,
            person=person,
            insurance_type=kind,
            wage=Decimal(base),
            base=Decimal(base),
            unit_amount=0,
            individual_amount=0,
            interest=0,
            late_fee=0,
            explanation="",
        )
        BillLine.objects.create(
            bill=bill,
            source=BillLineSource.ARREARS,
            arrears=arrears,
            insurance_type=kind,
            period=period,
            unit_amount=0,
        )


def we09_staff(unit):
    """Nine staff: 201901 paid on time for eight and as a back-payment in 201902 for the
    first (WE-09's 补收 row), 201902 paid on time for all."""
    staff = []
    for n in range(len(WE09_BASES)):
        person = factories.person(name=f"职工{n}")
        factories.enrol(person, unit, *TYPES, start=dt.date(2018, 1, 1))
        staff.append(person)
    bases = dict(zip(staff, WE09_BASES, strict=True))
    paid(unit, {p: b for p, b in bases.items() if p != staff[0]}, "201901", dt.date(2019, 1, 20))
    back_paid(unit, staff[0], "201901", WE09_BASES[0], dt.date(2019, 2, 10))
    paid(unit, bases, "201902", dt.date(2019, 2, 20))
    return staff


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


ROW = re.compile(
    r"<tr><td>(?P<name>[^<]*)</td><td>(?P<number>[^<]*)</td><td>(?P<period>\d{6})</td>"
    r"<td>(?P<arrived>\d{6})</td>(?P<cells>(?:<td[^>]*>[^<]*</td>){9})</tr>"
)


def printed_rows(html: str) -> list[dict]:
    """The detail rows as printed: name, number, period, arrived and 3 x (base, status, type)."""
    rows = []
    for found in ROW.finditer(html):
        values = re.findall(r"<td[^>]*>([^<]*)</td>", found["cells"])
        rows.append({
            **{k: found[k] for k in ("name", "number", "period", "arrived")},
            "cells": [tuple(values[i : i + 3]) for i in (0, 3, 6)],
        })  # fmt: skip
    return rows


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
