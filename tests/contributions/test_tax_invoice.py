"""税务开票信息导入: registering the tax authority's invoices on bills, per-line reasons,
idempotence, what an invoice stops (R-REF-04/05), the back-office pages and the query."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from shebao.audit.models import AuditEvent
from shebao.contributions.bills import bill_expire_overdue
from shebao.contributions.models import BillStatus, TaxInvoice, TaxInvoiceImport
from shebao.contributions.tax_invoice import ACCEPTED, REFUSED, UNCHANGED, tax_invoice_import
from shebao.core.errors import InvalidValue
from shebao.services.queries import queries
from tests import factories

from .conftest import messages
from .test_bills import REVOKE, add, declared, issue, run  # noqa: F401  (declared: a fixture)

D = Decimal
HEADER = "单据号,发票号码,开票日期,金额"
TODAY = dt.date.today()


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


def test_registers_invoices_and_explains_every_refusal(region, reviewer, bills):
    small, large = bills
    data = csv_file(
        f"{small.document_no},INV001,{TODAY},177.80",
        f"{large.document_no},INV002,{TODAY},4267.00",
        f"2021039999999999,INV003,{TODAY},10.00",
        f"{small.document_no},INV001,{TODAY},177.80",
        f"{small.document_no},INV009,{TODAY},177.80",
        f"{large.document_no},INV001,{TODAY},4267.20",
        f"{large.document_no},INV004,{TODAY + dt.timedelta(days=1)},4267.20",
        f"{large.document_no},INV005,{TODAY - dt.timedelta(days=1)},4267.20",
        f"{large.document_no},INV006,not-a-date,4267.20",
    )
    record = tax_invoice_import(region=region, actor=reviewer, data=data, filename="开票.csv")

    rows = outcome(record)
    assert rows[0] == (2, ACCEPTED, "已登记税务开票")
    assert rows[1][1:] == (REFUSED, "开票金额 4,267.00 元与单据应缴金额 4,267.20 元不符")
    assert rows[2][1:] == (REFUSED, "单据号不存在")
    assert rows[3][1:] == (UNCHANGED, "该单据已登记此发票（本文件第 2 行），未重复登记")
    assert rows[4][1] == REFUSED and "已登记发票号码 INV001" in rows[4][2]
    assert rows[5][1:] == (REFUSED, f"发票号码已登记在单据 {small.document_no} 上")
    assert rows[6][1:] == (REFUSED, "开票日期晚于今天")
    assert rows[7][1:] == (REFUSED, f"开票日期早于单据开具日期 {TODAY}")
    assert rows[8][1] == REFUSED and "开票日期" in rows[8][2]
    assert (record.accepted, record.unchanged, record.refused) == (1, 1, 7)

    small.refresh_from_db()
    large.refresh_from_db()
    assert small.tax_invoiced and not large.tax_invoiced
    invoice = TaxInvoice.objects.get()
    assert (invoice.bill, invoice.invoice_no, invoice.invoiced_on, invoice.amount) == (
        small,
        "INV001",
        TODAY,
        D("177.80"),
    )
    assert invoice.tax_import == record
    event = small.events.get(event_type="bill.tax_invoice")
    assert event.actor == reviewer and event.from_status == event.to_status == BillStatus.VALID
    assert event.detail["invoice_no"] == "INV001" and event.detail["row"] == 2
    assert not large.events.filter(event_type="bill.tax_invoice").exists()
    assert AuditEvent.objects.filter(event_type="bill.tax_invoice").count() == 1


def test_reimporting_the_same_file_registers_nothing_twice(region, reviewer, bills):
    small, _large = bills
    data = csv_file(f"{small.document_no},INV100,{TODAY},177.80")
    tax_invoice_import(region=region, actor=reviewer, data=data, filename="a.csv")
    again = tax_invoice_import(region=region, actor=reviewer, data=data, filename="a.csv")
    ((_row, result, reason),) = outcome(again)
    assert result == UNCHANGED and reason.startswith("该单据已登记此发票（20")
    assert (again.accepted, again.unchanged, again.refused) == (0, 1, 0)
    assert TaxInvoice.objects.count() == 1
    assert small.events.filter(event_type="bill.tax_invoice").count() == 1


def test_revoked_bill_and_other_regions_bill_are_refused(
    region, reviewer, unit, operator, other_region, bills
):
    small, large = bills
    run(REVOKE, unit, operator, document_no=large.document_no)
    record = tax_invoice_import(
        region=region,
        actor=reviewer,
        data=csv_file(f"{large.document_no},INV1,{TODAY},4267.20"),
        filename="a.csv",
    )
    assert outcome(record)[0][1:] == (REFUSED, "该单据已作废，不能登记开票")

    stranger = factories.reviewer(other_region)
    record = tax_invoice_import(
        region=other_region,
        actor=stranger,
        data=csv_file(f"{small.document_no},INV2,{TODAY},177.80"),
        filename="a.csv",
    )
    assert outcome(record)[0][1:] == (REFUSED, "该单据不属于本经办机构，请由单据所属经办机构导入")
    assert not TaxInvoice.objects.exists()
    small.refresh_from_db()
    assert not small.tax_invoiced


def test_expired_bill_is_registered_with_a_warning(region, reviewer, bills):
    small, _large = bills
    bill_expire_overdue(today=small.due_date + dt.timedelta(days=1))
    record = tax_invoice_import(
        region=region,
        actor=reviewer,
        data=csv_file(f"{small.document_no},INV1,{TODAY},177.80"),
        filename="a.csv",
    )
    assert outcome(record)[0][1:] == (ACCEPTED, "已登记税务开票；该单据已过期，请核实缴费情况")
    small.refresh_from_db()
    assert small.tax_invoiced and small.status == BillStatus.EXPIRED


def test_an_invoiced_bill_can_no_longer_be_revoked(region, reviewer, unit, operator, bills):
    small, _large = bills
    tax_invoice_import(
        region=region,
        actor=reviewer,
        data=csv_file(f"{small.document_no},INV1,{TODAY},177.80"),
        filename="a.csv",
    )
    _case, stored = add(REVOKE, unit, operator, document_no=small.document_no)
    assert not stored.passed and "税务已开票" in messages(stored)
    small.refresh_from_db()
    assert small.status == BillStatus.VALID


def test_gbk_csv_with_aliases_and_another_column_order(region, reviewer, bills):
    small, _large = bills
    text = f"开票金额,开票时间,发票号,征集通知单号,备注\n177.8,{TODAY:%Y/%m/%d},GBK01,{small.document_no},电子税务局\n"
    record = tax_invoice_import(
        region=region, actor=reviewer, data=text.encode("gbk"), filename="开票.csv"
    )
    assert outcome(record) == [(2, ACCEPTED, "已登记税务开票")]
    assert TaxInvoice.objects.get().invoice_no == "GBK01"


def test_xlsx_file(region, reviewer, bills):
    small, _large = bills
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([small.document_no, "24420000000000000001", TODAY, 177.8])
    buffer = io.BytesIO()
    book.save(buffer)
    record = tax_invoice_import(
        region=region, actor=reviewer, data=buffer.getvalue(), filename="开票.xlsx"
    )
    assert outcome(record) == [(2, ACCEPTED, "已登记税务开票")]
    assert TaxInvoice.objects.get().invoiced_on == TODAY


def test_a_file_without_the_columns_registers_nothing(region, reviewer, bills):
    with pytest.raises(InvalidValue, match="缺少必填列"):
        tax_invoice_import(
            region=region, actor=reviewer, data="单据号,金额\n1,2\n".encode(), filename="x.csv"
        )
    assert not TaxInvoiceImport.objects.exists()


# the unit's 业务单据查询 -----------------------------------------------------------------------


def test_business_document_query_shows_the_invoice(region, reviewer, op_client, bills):
    small, large = bills
    tax_invoice_import(
        region=region,
        actor=reviewer,
        data=csv_file(f"{small.document_no},INV77,{TODAY},177.80"),
        filename="a.csv",
    )
    spec = queries["hb_business_documents"]
    labels = [c.label for c in spec.columns]
    rows = {
        cells[0]: dict(zip(labels, cells, strict=True))
        for cells in (spec.cells(b) for b in spec.queryset(unit=small.unit, params={}))
    }
    assert rows[small.document_no]["税务开票"] == "已开票"
    assert rows[small.document_no]["发票号码"] == "INV77"
    assert rows[small.document_no]["开票日期"] == TODAY.isoformat()
    assert rows[large.document_no]["税务开票"] == "未开票"
    assert rows[large.document_no]["发票号码"] == ""

    page = op_client.get("/queries/hb_business_documents/?tax_invoiced=1").content.decode()
    assert small.document_no in page and large.document_no not in page and "INV77" in page
    page = op_client.get("/queries/hb_business_documents/?tax_invoiced=0").content.decode()
    assert large.document_no in page and small.document_no not in page


# back office --------------------------------------------------------------------------------


def test_backoffice_upload_and_result_page(rv_client, reviewer, other_region, unit, bills):
    small, _large = bills
    assert rv_client.get("/backoffice/tax-invoices/").status_code == 200
    upload = SimpleUploadedFile(
        "开票.csv",
        csv_file(f"{small.document_no},INV7,{TODAY},177.80", f"2021039999999999,INV8,{TODAY},1.00"),
    )
    response = rv_client.post("/backoffice/tax-invoices/", {"file": upload})
    record = TaxInvoiceImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/backoffice/tax-invoices/{record.pk}/"
    assert record.uploaded_by == reviewer and record.region == unit.region
    page = rv_client.get(response["Location"]).content.decode()
    assert small.document_no in page and "INV7" in page and "已登记税务开票" in page
    assert "单据号不存在" in page
    listing = rv_client.get("/backoffice/tax-invoices/").content.decode()
    assert "开票.csv" in listing and 'href="/backoffice/tax-invoices/"' in listing  # nav

    stranger = factories.staff_client(factories.reviewer(other_region))
    assert stranger.get(f"/backoffice/tax-invoices/{record.pk}/").status_code == 404
    assert "开票.csv" not in stranger.get("/backoffice/tax-invoices/").content.decode()


def test_backoffice_bad_file_is_explained(rv_client, bills):
    response = rv_client.post(
        "/backoffice/tax-invoices/", {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")}
    )
    assert response.status_code == 400
    assert "表头应包含：单据号、发票号码、开票日期、金额" in response.content.decode()
    assert not TaxInvoiceImport.objects.exists()


def test_operators_cannot_open_the_tax_invoice_pages(op_client):
    assert op_client.get("/backoffice/tax-invoices/").status_code in (302, 403)
