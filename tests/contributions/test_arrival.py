"""到账文件: matching arrivals to bills, per-line reasons, idempotence, the back-office pages."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from shebao.contributions.arrival import ACCEPTED, REFUSED, arrival_import
from shebao.contributions.models import ArrivalImport, BillStatus, Payment
from shebao.core.errors import InvalidValue
from tests import factories

from .test_bills import REVOKE, declared, issue, run  # noqa: F401  (declared: a fixture)

D = Decimal
HEADER = "单据号,单位编号,到账金额,到账日期,银行流水号"


def csv_file(*lines, encoding="utf-8"):
    return ("\n".join([HEADER, *lines]) + "\n").encode(encoding)


@pytest.fixture
def bills(request, unit, operator):
    """Two bills of the unit: unemployment 177.80 and pension 4267.20."""
    request.getfixturevalue("declared")
    _c, small = issue(unit, operator, insurance_type="失业保险")
    _c, large = issue(unit, operator, insurance_type="城镇职工基本养老保险")
    return small, large


def outcome(record):
    return [(line["row"], line["outcome"], line["reason"]) for line in record.lines]


def test_full_partial_unknown_and_duplicate_lines(region, reviewer, unit, bills):
    small, large = bills
    data = csv_file(
        f"{small.document_no},{unit.unit_no},177.80,2021-03-20,BK001",
        f"{large.document_no},{unit.unit_no},4000.00,2021-03-20,BK002",
        f"2021039999999999,{unit.unit_no},10.00,2021-03-20,BK003",
        f"{large.document_no},{unit.unit_no},100.00,2021-03-21,BK002",
        f"{large.document_no},{unit.unit_no},abc,2021-03-21,BK004",
    )
    record = arrival_import(region=region, actor=reviewer, data=data, filename="到账.csv")

    rows = outcome(record)
    assert [r[1] for r in rows] == [ACCEPTED, ACCEPTED, REFUSED, REFUSED, REFUSED]
    assert rows[0][2] == "足额到账"
    assert rows[1][2] == "未足额到账，尚欠 267.20 元"
    assert rows[2][2] == "单据号不存在"
    assert "银行流水号已导入过（第 3 行）" in rows[3][2]
    assert "到账金额" in rows[4][2]
    assert (record.accepted, record.refused, record.accepted_amount) == (2, 3, D("4177.80"))

    small.refresh_from_db()
    large.refresh_from_db()
    assert (small.status, small.received_amount, small.outstanding) == (
        BillStatus.PAID,
        D("177.80"),
        D("0"),
    )
    assert (large.status, large.received_amount, large.outstanding) == (
        BillStatus.PARTIAL,
        D("4000.00"),
        D("267.20"),
    )
    assert set(Payment.objects.values_list("bank_serial_no", flat=True)) == {"BK001", "BK002"}
    assert [e.action for e in large.events.all()] == ["issue", "arrival"]
    assert large.events.last().actor == reviewer


def test_reimporting_the_same_file_books_nothing_twice(region, reviewer, unit, bills):
    small, _large = bills
    data = csv_file(f"{small.document_no},{unit.unit_no},100.00,2021-03-20,BK100")
    arrival_import(region=region, actor=reviewer, data=data, filename="a.csv")
    again = arrival_import(region=region, actor=reviewer, data=data, filename="a.csv")
    assert [r[1] for r in outcome(again)] == [REFUSED]
    assert "银行流水号已导入过" in outcome(again)[0][2]
    small.refresh_from_db()
    assert small.received_amount == D("100.00") and small.status == BillStatus.PARTIAL
    assert Payment.objects.count() == 1


def test_the_rest_of_a_partial_bill_completes_it(region, reviewer, unit, bills):
    small, _large = bills
    arrival_import(
        region=region,
        actor=reviewer,
        data=csv_file(f"{small.document_no},{unit.unit_no},100.00,2021-03-20,BK1"),
        filename="a.csv",
    )
    record = arrival_import(
        region=region,
        actor=reviewer,
        data=csv_file(
            f"{small.document_no},{unit.unit_no},77.81,2021-03-22,BK2",  # 1 fen too much
            f"{small.document_no},{unit.unit_no},77.80,2021-03-22,BK3",
            f"{small.document_no},{unit.unit_no},1.00,2021-03-23,BK4",
        ),
        filename="b.csv",
    )
    rows = outcome(record)
    assert rows[0][1] == REFUSED and "超过未到账金额 77.80 元" in rows[0][2]
    assert rows[1][1:] == (ACCEPTED, "足额到账")
    assert rows[2][1:] == (REFUSED, "该单据已足额到账")
    small.refresh_from_db()
    assert small.status == BillStatus.PAID and small.received_amount == small.total_amount


def test_wrong_unit_and_revoked_bill_are_refused(region, reviewer, unit, operator, bills):
    small, large = bills
    run(REVOKE, unit, operator, document_no=large.document_no)
    record = arrival_import(
        region=region,
        actor=reviewer,
        data=csv_file(
            f"{small.document_no},999999999,177.80,2021-03-20,BK1",
            f"{large.document_no},{unit.unit_no},4267.20,2021-03-20,BK2",
        ),
        filename="a.csv",
    )
    rows = outcome(record)
    assert rows[0][1] == REFUSED and f"单据属于 {unit.unit_no}" in rows[0][2]
    assert rows[1][1] == REFUSED and "已作废" in rows[1][2]
    assert not Payment.objects.exists()


def test_gbk_csv_in_another_column_order(region, reviewer, unit, bills):
    small, _large = bills
    text = (
        "银行流水号,到账日期,到账金额,单位编号,单据号,备注\n"
        f"GBK001,2021/3/20,177.8,{unit.unit_no},{small.document_no},工商银行代收\n"
    )
    record = arrival_import(
        region=region, actor=reviewer, data=text.encode("gbk"), filename="到账.csv"
    )
    assert outcome(record) == [(2, ACCEPTED, "足额到账")]
    payment = Payment.objects.get()
    assert str(payment.arrived_on) == "2021-03-20" and payment.amount == D("177.80")


def test_xlsx_file(region, reviewer, unit, bills):
    small, _large = bills
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([small.document_no, unit.unit_no, 177.8, "2021-03-20", "XL001"])
    buffer = io.BytesIO()
    book.save(buffer)
    record = arrival_import(
        region=region, actor=reviewer, data=buffer.getvalue(), filename="到账.xlsx"
    )
    assert outcome(record) == [(2, ACCEPTED, "足额到账")]


def test_a_file_without_the_columns_books_nothing(region, reviewer, bills):
    with pytest.raises(InvalidValue, match="缺少必填列"):
        arrival_import(
            region=region, actor=reviewer, data="单据号,金额\n1,2\n".encode(), filename="x.csv"
        )
    assert not ArrivalImport.objects.exists()


def test_another_regions_bill_is_unknown_to_its_reviewer(other_region, unit, bills):
    small, _large = bills
    stranger = factories.reviewer(other_region)
    record = arrival_import(
        region=other_region,
        actor=stranger,
        data=csv_file(f"{small.document_no},{unit.unit_no},177.80,2021-03-20,BK9"),
        filename="a.csv",
    )
    assert outcome(record)[0][1:] == (REFUSED, "单据号不存在")
    small.refresh_from_db()
    assert small.received_amount == 0


# back office --------------------------------------------------------------------------------


def test_backoffice_upload_and_result_page(rv_client, reviewer, other_region, unit, bills):
    small, _large = bills
    assert rv_client.get("/backoffice/arrivals/").status_code == 200
    upload = SimpleUploadedFile(
        "到账.csv", csv_file(f"{small.document_no},{unit.unit_no},177.80,2021-03-20,BK7")
    )
    response = rv_client.post("/backoffice/arrivals/", {"file": upload})
    record = ArrivalImport.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/backoffice/arrivals/{record.pk}/"
    )
    assert record.uploaded_by == reviewer and record.region == unit.region
    page = rv_client.get(response["Location"]).content.decode()
    assert small.document_no in page and "足额到账" in page and "BK7" in page
    assert "到账.csv" in rv_client.get("/backoffice/arrivals/").content.decode()

    stranger = factories.staff_client(factories.reviewer(other_region))
    assert stranger.get(f"/backoffice/arrivals/{record.pk}/").status_code == 404
    assert "到账.csv" not in stranger.get("/backoffice/arrivals/").content.decode()


def test_backoffice_bad_file_is_explained(rv_client, bills):
    response = rv_client.post(
        "/backoffice/arrivals/", {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")}
    )
    assert response.status_code == 400
    assert "表头" in response.content.decode() or "缺少" in response.content.decode()
    assert not ArrivalImport.objects.exists()


def test_operators_cannot_open_the_arrival_pages(op_client):
    assert op_client.get("/backoffice/arrivals/").status_code in (302, 403)
