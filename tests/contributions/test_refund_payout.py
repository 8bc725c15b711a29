# ruff: noqa: F811  (fixtures imported from test_bill_sources are arguments here)
"""退付登记: a district reviewer records that a 退费单据 was paid out to the unit's account.

Refund documents come from the engine (§3.3.35 approved, then §3.3.26 多缴退费; a §3.3.21
wage change, then §3.3.26 差额退费); the payout goes through the back-office form."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from shebao.audit.models import AuditEvent
from shebao.contributions import payout as po
from shebao.contributions.bills import PAID_OUT, bill_expire_overdue, bill_revoke
from shebao.contributions.models import (
    BaseAdjustment,
    Bill,
    BillStatus,
    DeclarationStatus,
    RefundPayout,
)
from shebao.core.errors import InvalidValue
from shebao.services.queries import queries
from tests import factories

from .arrears_helpers import add_rows
from .conftest import messages
from .test_bill_sources import (  # noqa: F401  (fixtures)
    account,
    issue,
    refund,
    wage_changed,
)
from .test_bills import REVOKE

D = Decimal


def today():
    """The agency's day (Asia/Shanghai), as the service judges dates."""
    return timezone.localdate()


def form_url(bill):
    return f"/backoffice/refund-payouts/{bill.document_no}/"


def post(client, bill, *, amount=None, paid_on=None, serial="BK20260101000001"):
    paid_on = paid_on or today()
    amount = bill.total_amount if amount is None else amount
    return client.post(
        form_url(bill),
        {"paid_on": paid_on.isoformat(), "bank_serial_no": serial, "amount": str(amount)},
    )


def refund_rows(unit):
    query = queries["hb_unit_refunds"]
    headers = [c.label for c in query.columns]
    return [
        dict(zip(headers, query.cells(r), strict=True))
        for r in query.queryset(unit=unit, params={})
    ]


@pytest.fixture
def document(unit, operator, refund):
    """张三's approved §3.3.35 refund on a 多缴退费 退费单据 (1350.00)."""
    _c, bill = issue(unit, operator, "多缴退费")
    return bill


def test_a_reviewer_registers_the_payout_and_the_refund_shows_as_paid_out(
    rv_client, reviewer, unit, refund, document
):
    (row,) = refund_rows(unit)
    assert row["退费状态"] == "已开具退费单据" and row["退付日期"] == ""

    listing = rv_client.get("/backoffice/refund-payouts/").content.decode()
    assert document.document_no in listing and unit.name in listing and "登记退付" in listing
    page = rv_client.get(form_url(document))
    assert page.status_code == 200 and "1,350.00" in page.content.decode()

    response = post(rv_client, document)
    assert response.status_code == 302 and response["Location"] == "/backoffice/refund-payouts/"
    landed = rv_client.get(response["Location"]).content.decode()
    assert f"退费单据 {document.document_no} 已登记退付 1,350.00 元" in landed
    assert "没有待退付的退费单据" in landed
    document.refresh_from_db()
    assert document.status == BillStatus.PAID_OUT and document.received_amount == 0
    payout = RefundPayout.objects.get()
    assert (payout.bill, payout.amount, payout.paid_on, payout.bank_serial_no) == (
        document,
        D("1350.00"),
        today(),
        "BK20260101000001",
    )
    assert (payout.actor, payout.ip) == (reviewer, "127.0.0.1")
    event = AuditEvent.objects.get(bill=document, event_type="bill.payout")
    assert (event.from_status, event.to_status, event.actor, event.ip) == (
        BillStatus.VALID,
        BillStatus.PAID_OUT,
        reviewer,
        "127.0.0.1",
    )
    assert event.detail["bank_serial_no"] == "BK20260101000001"
    assert event.detail["amount"] == "1350.00" and event.detail["paid_on"] == today().isoformat()

    # 单位退费查询: the refund it covered is 已退付, with the day
    (row,) = refund_rows(unit)
    assert (row["退费状态"], row["退付日期"]) == ("已退付", today().isoformat())
    refund.refresh_from_db()
    assert refund.status == DeclarationStatus.BILLED  # the shared status is left as it was
    # 业务单据查询 and the back-office tabs
    bills = queries["hb_business_documents"]
    (cells,) = [bills.cells(b) for b in bills.queryset(unit=unit, params={"kind": "refund"})]
    assert cells[10] == f"已于 {today().isoformat()} 退付至单位收款账户" and cells[12] == "已退付"
    assert document.document_no not in rv_client.get("/backoffice/refund-payouts/").content.decode()
    done = rv_client.get("/backoffice/refund-payouts/?status=paid_out").content.decode()
    assert document.document_no in done and "BK20260101000001" in done


def test_a_partial_amount_is_refused_with_both_amounts(rv_client, document):
    response = post(rv_client, document, amount="1000.00")
    assert response.status_code == 400
    html = response.content.decode()
    assert "退付金额 1,000.00 元" in html and "应退金额 1,350.00 元" in html
    assert "不能部分退付" in html
    document.refresh_from_db()
    assert document.status == BillStatus.VALID and not RefundPayout.objects.exists()
    assert not AuditEvent.objects.filter(event_type="bill.payout").exists()


def test_a_date_in_the_future_or_before_issue_is_refused(rv_client, document):
    tomorrow = today() + dt.timedelta(days=1)
    response = post(rv_client, document, paid_on=tomorrow)
    assert response.status_code == 400
    assert po.IN_THE_FUTURE % {"d": tomorrow.isoformat(), "t": today().isoformat()} in (
        response.content.decode()
    )
    yesterday = today() - dt.timedelta(days=1)
    response = post(rv_client, document, paid_on=yesterday)
    assert response.status_code == 400 and "早于退费单据的开具日期" in response.content.decode()
    document.refresh_from_db()
    assert document.status == BillStatus.VALID and not RefundPayout.objects.exists()


def test_another_districts_reviewer_cannot_see_or_register_it(other_region, document):
    stranger = factories.staff_client(factories.reviewer(other_region, "江岸"))
    assert stranger.get(form_url(document)).status_code == 404
    assert post(stranger, document).status_code == 404
    assert document.document_no not in stranger.get("/backoffice/refund-payouts/").content.decode()
    with pytest.raises(InvalidValue, match="不属于本经办机构"):
        po.refund_payout_register(
            region=other_region,
            document_no=document.document_no,
            paid_on=today(),
            bank_serial_no="BK1",
            amount=document.total_amount,
            actor=factories.reviewer(other_region),
        )
    document.refresh_from_db()
    assert document.status == BillStatus.VALID and not RefundPayout.objects.exists()


def test_a_payable_bill_is_not_paid_out(rv_client, unit, operator, refund):
    # the refund fixture billed 202005-06 and imported its arrival (已足额到账)
    payable = Bill.objects.get(collection_type="normal")
    page = rv_client.get(form_url(payable)).content.decode()
    assert "是应缴单据" in page and 'name="bank_serial_no"' not in page
    response = post(rv_client, payable)
    assert response.status_code == 400 and "到账文件导入" in response.content.decode()
    payable.refresh_from_db()
    assert payable.status == BillStatus.PAID and not RefundPayout.objects.exists()


def test_a_second_registration_is_refused(rv_client, region, document):
    assert post(rv_client, document).status_code == 302
    second = factories.staff_client(factories.reviewer(region, "第二个经办人"))
    response = post(second, document, serial="BK20260101000002")
    assert response.status_code == 400
    html = response.content.decode()
    assert "请勿重复退付" in html and "BK20260101000001" in html
    assert RefundPayout.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="bill.payout").count() == 1


def test_a_bank_serial_number_is_used_once(rv_client, unit, operator, document, refund):
    assert post(rv_client, document).status_code == 302
    # a second refund document of the same unit, paid with the same serial number
    refund.pk = None
    refund.status = DeclarationStatus.DECLARED
    refund.start_period = refund.end_period = "202007"
    refund.save()
    refund.lines.create(
        detail_id=10**9,
        period="202007",
        insurance_type="110",
        base=D("2700"),
        individual_to_account=D(1),
        individual_to_pooling=D(0),
        unit_to_account=D(0),
        unit_to_pooling=D(1),
    )
    _c, other = issue(unit, operator, "多缴退费")
    response = post(rv_client, other)
    assert response.status_code == 400
    assert f"银行流水号 BK20260101000001 已登记过（单据 {document.document_no}）" in (
        response.content.decode()
    )
    other.refresh_from_db()
    assert other.status == BillStatus.VALID


def test_a_paid_out_document_cannot_be_revoked_nor_expire(
    rv_client, unit, operator, refund, document
):
    assert post(rv_client, document).status_code == 302
    document.refresh_from_db()
    expected = PAID_OUT % {"n": document.document_no, "d": today().isoformat()}
    _case, (stored,) = add_rows(REVOKE, unit, operator, {"document_no": document.document_no})
    assert not stored.passed and expected in messages(stored)
    with pytest.raises(InvalidValue, match="退付至单位收款账户，不能撤销"):
        bill_revoke(bill=document, serial_no="x", actor=operator)
    refund.refresh_from_db()
    assert refund.status == DeclarationStatus.BILLED

    Bill.objects.filter(pk=document.pk).update(due_date=today() - dt.timedelta(days=1))
    assert bill_expire_overdue() == 0
    document.refresh_from_db()
    assert document.status == BillStatus.PAID_OUT
    assert not AuditEvent.objects.filter(bill=document, event_type="bill.expire").exists()


def test_an_expired_refund_document_is_not_paid_out(rv_client, document):
    Bill.objects.filter(pk=document.pk).update(due_date=today() - dt.timedelta(days=1))
    assert bill_expire_overdue() == 1
    response = post(rv_client, document)
    assert response.status_code == 400 and "已过期" in response.content.decode()
    assert not RefundPayout.objects.exists()


def test_difference_refund_lines_show_as_paid_out(
    op_client, rv_client, unit, operator, wage_changed, account
):
    _c, payable = issue(unit, operator, "差额补缴")
    _c, document = issue(unit, operator, "差额退费")
    query = queries["hb_base_adjustments"]
    headers = [c.label for c in query.columns]

    def rows():
        return [
            dict(zip(headers, query.cells(a), strict=True))
            for a in query.queryset(unit=unit, params={})
        ]

    before = {(r["费款所属期"], r["险种类型"]): r for r in rows()}
    assert before[("202101", "城镇职工基本养老保险")]["状态"] == "已开具退费单据"
    assert before[("202102", "城镇职工基本养老保险")]["状态"] == "已开具应缴认定单"

    assert post(rv_client, document, serial="BK-T-1").status_code == 302
    after = rows()
    refunded = [r for r in after if r["补退类型"] == "退差"]
    assert len(refunded) == BaseAdjustment.objects.filter(bill_lines__bill=document).count() == 2
    assert {(r["状态"], r["退付日期"]) for r in refunded} == {("已退付", today().isoformat())}
    assert {(r["状态"], r["退付日期"]) for r in after if r["补退类型"] == "补差"} == {
        ("已开具应缴认定单", "")
    }
    payable.refresh_from_db()
    assert payable.status == BillStatus.VALID
    screen = op_client.get("/queries/hb_base_adjustments/")
    assert screen.status_code == 200 and "差额补退信息" in screen.content.decode()
    assert "已退付" in screen.content.decode() and "退差" in screen.content.decode()


def test_a_refund_document_takes_no_tax_invoice(region, reviewer, document):
    from shebao.contributions.tax_invoice import REFUSED, tax_invoice_import

    line = f"{document.document_no},INV9,{timezone.localdate():%Y-%m-%d},{document.total_amount}"
    record = tax_invoice_import(
        region=region,
        actor=reviewer,
        data=f"单据号,发票号码,开票日期,金额\n{line}\n".encode(),
        filename="开票.csv",
    )
    assert [(x["outcome"], x["reason"]) for x in record.lines] == [
        (REFUSED, "该单据是退费单据，退付给单位的款项不开具税务发票")
    ]
    document.refresh_from_db()
    assert not document.tax_invoiced


def test_a_wrong_registration_is_cancelled_with_a_reason_and_registered_again(
    rv_client, reviewer, document
):
    assert post(rv_client, document, serial="BK-TYPO").status_code == 302
    document.refresh_from_db()
    assert document.status == BillStatus.PAID_OUT

    refused = rv_client.post(form_url(document), {"cancel_reason": "  "})
    assert "请填写撤销退付登记的原因" in refused.content.decode()
    assert RefundPayout.objects.filter(bill=document).exists()

    response = rv_client.post(form_url(document), {"cancel_reason": "银行流水号登记错误"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == BillStatus.VALID
    assert not RefundPayout.objects.filter(bill=document).exists()
    event = document.events.get(event_type="bill.payout_cancel")
    assert (event.actor, event.from_status, event.to_status) == (
        reviewer,
        BillStatus.PAID_OUT,
        BillStatus.VALID,
    )
    assert event.detail["reason"] == "银行流水号登记错误"
    assert event.detail["bank_serial_no"] == "BK-TYPO"

    # the right serial now, even the typo's serial is free again
    assert post(rv_client, document, serial="BK20260101000009").status_code == 302
    assert RefundPayout.objects.get(bill=document).bank_serial_no == "BK20260101000009"


def test_nothing_to_cancel_on_a_document_not_paid_out(region, reviewer, document):
    with pytest.raises(InvalidValue) as refused:
        po.refund_payout_cancel(
            region=region, document_no=document.document_no, reason="误操作", actor=reviewer
        )
    assert "没有可撤销的退付登记" in str(refused.value)
