"""§3.3.26 / §3.3.27 for every declared source: back-payments (补缴), wage-change differences
(差额补缴 / 差额退费) and overpayment refunds (多缴退费), through the case engine; the 退费单."""

import datetime as dt
import shutil
from decimal import Decimal
from urllib.parse import unquote

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.contributions import wage_change as wc
from shebao.contributions.arrival import ACCEPTED, REFUND_DOCUMENT, REFUSED, arrival_import
from shebao.contributions.bills import NO_RECEIVING_ACCOUNT, outstanding_total
from shebao.contributions.models import (
    Arrears,
    BaseAdjustment,
    Bill,
    BillKind,
    BillLineSource,
    BillStatus,
    CollectionType,
    DeclarationStatus,
    Payment,
    Refund,
    UnitBankAccount,
)
from shebao.contributions.specs import arrears_person, arrears_unit
from shebao.contributions.specs.bills import UNKNOWN_ITEM
from shebao.core.masking import Sensitive, mask
from shebao.core.money import yuan_in_capitals
from shebao.registry.choices import InsuranceType
from shebao.services.queries import queries
from shebao.services.registry import registry
from tests import factories

from .arrears_helpers import add_rows, approve, pay, upload
from .conftest import MONTHLY, draft, messages
from .test_bills import ISSUE, REVOKE, pdf_text, run

D = Decimal
PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT
ACCOUNT_NO = "6222021234567890123"
WAGE_CHANGE = "hb_contribution_wage_change_declaration"
REFUND = "hb_overpayment_refund"


def hire(unit, name, *, wage="6500", start=dt.date(2019, 1, 1)):
    person = factories.person(name=name)
    for e in factories.enrol(person, unit, start=start):
        e.monthly_wage = D(wage)
        e.save()
    return person


def issue(unit, operator, collection_type, **row):
    case = run(ISSUE, unit, operator, collection_type=collection_type, **row)
    assert case.status == CaseStatus.COMPLETED
    (number,) = case.effect["bills"]
    return case, Bill.objects.get(document_no=number)


def declare(unit, operator, *periods):
    for period in periods:
        case = draft(MONTHLY, unit, operator)
        stored = cases.case_row_add(case=case, raw={"period": period})
        assert stored.passed, stored.errors
        cases.case_submit(case=case, actor=operator)


@pytest.fixture
def account(unit):
    return UnitBankAccount.objects.create(
        unit=unit, bank_name="中国工商银行神农架支行", account_name=unit.name, account_no=ACCOUNT_NO
    )


# -- 补缴 ------------------------------------------------------------------------------------


@pytest.fixture
def unit_wide(policy, unit, operator, reviewer, on):
    """§3.3.33 for 202102, approved: three staff, fees waiting for the bill (R-BP-09)."""
    on(dt.date(2021, 8, 13))
    for name in ("张三", "李四", "王五"):
        hire(unit, name, start=dt.date(2020, 1, 1))
    case, (stored,) = add_rows(
        "hb_unit_whole_back_payment",
        unit,
        operator,
        {"start_period": "202102", "end_period": "202102"},
    )
    assert stored.passed, stored.errors
    upload(case, operator, arrears_unit.ID_CARD)
    case = approve(case, operator, reviewer)
    assert case.status == CaseStatus.APPROVED
    record = Arrears.objects.get(case=case)
    assert record.fees_on_billing and (record.interest, record.late_fee) == (D(0), D(0))
    return record


def test_back_payment_bill_assesses_the_fees_and_revoking_gives_the_arrears_back(
    unit, operator, unit_wide, on
):
    pending = registry[ISSUE].info_tables(unit)[0]
    (cells,) = pending.rows
    assert cells[0] == f"A{unit_wide.pk}" and cells[1] == "补缴" and cells[2] == "收入"
    assert cells[4] == "202102" and cells[5] == "3" and cells[8] == "开具时生成"

    case, bill = issue(unit, operator, "补缴")
    unit_wide.refresh_from_db()
    # the interest and late fees of test_arrears_unit_wide, worked out on the bill's day
    assert (unit_wide.interest, unit_wide.late_fee) == (D("43.50"), D("368.07"))
    assert unit_wide.status == DeclarationStatus.BILLED and not unit_wide.fees_on_billing
    assert (bill.kind, bill.collection_type) == (BillKind.PAYMENT, CollectionType.BACK_PAYMENT)
    assert (bill.unit_amount, bill.individual_amount) == (D("3256.50"), D("1618.50"))
    assert (bill.interest, bill.late_fee) == (unit_wide.interest, unit_wide.late_fee)
    assert bill.total_amount == unit_wide.total == D("5286.57")
    assert (bill.period_from, bill.period_to, bill.insurance_type) == ("202102", "202102", "")
    lines = {line.insurance_type: line for line in bill.lines.all()}
    assert set(lines) == {PENSION, UNEMPLOYMENT}
    pension = lines[PENSION]
    assert (pension.source, pension.arrears, pension.headcount) == (
        BillLineSource.ARREARS,
        unit_wide,
        3,
    )
    assert (pension.unit_amount, pension.individual_amount) == (D("3120.00"), D("1560.00"))
    assert pension.interest == D("43.50") and pension.fees_assessed_on == dt.date(2021, 8, 13)
    assert sum(line.total for line in lines.values()) == bill.total_amount
    assert outstanding_total(unit=unit) == bill.total_amount
    # billed: the back-payment case can no longer be rolled back, nor billed again
    _c, again = add_rows(ISSUE, unit, operator, {"collection_type": "补缴"})
    assert not again[0].passed and "没有符合条件的待征集信息" in messages(again[0])

    revocation = run(REVOKE, unit, operator, document_no=bill.document_no)
    assert revocation.effect["arrears"] == [unit_wide.pk]
    unit_wide.refresh_from_db()
    bill.refresh_from_db()
    assert bill.status == BillStatus.REVOKED
    assert unit_wide.status == DeclarationStatus.DECLARED
    assert unit_wide.fees_on_billing  # the next bill works the fees out for its own day
    assert [e.action for e in bill.events.all()] == ["issue", "revoke"]
    assert bill.events.get(event_type="bill.issue").detail["fees_assessed"] == [unit_wide.pk]

    # billed again a month later: more late days, a higher late fee
    on(dt.date(2021, 9, 13))
    _c, second = issue(unit, operator, "补缴")
    unit_wide.refresh_from_db()
    assert second.late_fee == unit_wide.late_fee > D("368.07")
    assert second.total_amount == unit_wide.total


def test_labour_contract_back_payment_bill(policy, unit, operator, reviewer, on):
    on(dt.date(2022, 3, 10))
    person = hire(unit, "张三")
    case, (stored,) = add_rows(
        "hb_labour_contract_back_payment",
        unit,
        operator,
        {
            "id_number": person.id_number,
            "name": person.name,
            "start_period": "202010",
            "end_period": "202011",
            "reason": "劳动合同补缴",
            "wage": "6500",
        },
    )
    assert stored.passed, stored.errors
    upload(case, operator, arrears_person.CONTRACT)
    approve(case, operator, reviewer)
    record = Arrears.objects.get()
    assert not record.fees_on_billing and record.interest > 0 and record.late_fee > 0
    # a record of two types is billed whole: a one-type filter does not take it
    _c, (one_type,) = add_rows(
        ISSUE, unit, operator, {"collection_type": "补缴", "insurance_type": "失业保险"}
    )
    assert not one_type.passed

    _case, bill = issue(unit, operator, "补缴")
    record.refresh_from_db()
    assert (record.interest, record.late_fee, record.calculated_on) == (
        bill.interest,
        bill.late_fee,
        dt.date(2022, 3, 10),
    )  # fees from the declaration, not worked out again
    assert bill.total_amount == record.total
    assert (bill.period_from, bill.period_to) == ("202010", "202011")
    assert {(line.insurance_type, line.period, line.period_to) for line in bill.lines.all()} == {
        (PENSION, "202010", "202011"),
        (UNEMPLOYMENT, "202010", "202011"),
    }
    assert all(line.fees_assessed_on is None for line in bill.lines.all())
    run(REVOKE, unit, operator, document_no=bill.document_no)
    record.refresh_from_db()
    assert record.status == DeclarationStatus.DECLARED and not record.fees_on_billing


def test_two_cases_cannot_bill_the_same_back_payment(unit, operator, unit_wide):
    first, (stored,) = add_rows(ISSUE, unit, operator, {"collection_type": "补缴"})
    assert stored.passed
    _c, bill = issue(unit, operator, "补缴")
    with pytest.raises(CaseError):
        cases.case_submit(case=first, actor=operator)
    assert Bill.objects.get() == bill
    assert bill.lines.count() == 2


# -- 差额补缴 / 差额退费 ------------------------------------------------------------------------


@pytest.fixture
def wage_changed(policy, unit, operator, reviewer, monkeypatch):
    """张三 declared 202101-202103 at 6500; changed to 5000 for 202101 (退差) and 8000 for
    202102-202103 (补差), approved through §3.3.21."""
    monkeypatch.setattr(wc, "today", lambda: dt.date(2021, 4, 15))
    person = hire(unit, "张三")
    declare(unit, operator, "202101", "202102", "202103")
    case = draft(WAGE_CHANGE, unit, operator)
    for start, end, wage in (("202101", "202101", "5000"), ("202102", "202103", "8000")):
        stored = cases.case_row_add(
            case=case,
            raw={
                "id_number": person.id_number,
                "name": person.name,
                "start_period": start,
                "end_period": end,
                "wage": wage,
            },
        )
        assert stored.passed, stored.errors
    case = cases.case_submit(case=case, actor=operator)
    case = cases.case_approve(case=case, reviewer=factories.reviewer(unit.region, "复核"))
    assert case.effect["back_pay_total"] == "750.00" and case.effect["refund_total"] == "375.00"
    return case


def test_back_pay_months_give_a_bill_and_refund_months_a_refund_document(
    unit, operator, wage_changed, account
):
    pending = {row[1]: row for row in registry[ISSUE].info_tables(unit)[0].rows}
    assert pending["差额补缴"][2:5] == ("收入", "城镇职工基本养老保险、失业保险", "202102-202103")
    assert pending["差额补缴"][10] == "750.00"
    assert pending["差额退费"][2] == "支出" and pending["差额退费"][10] == "375.00"

    _c, bill = issue(unit, operator, "差额补缴")
    assert (bill.kind, bill.collection_type) == (BillKind.PAYMENT, CollectionType.DIFFERENCE)
    assert bill.bank_account is None
    # 1500 more base in two months: pension 240 + 120, unemployment 10.50 + 4.50 a month
    assert (bill.unit_amount, bill.individual_amount, bill.total_amount) == (
        D("501.00"),
        D("249.00"),
        D("750.00"),
    )
    lines = [
        (line.period, line.insurance_type, line.base_total, line.total, line.adjustments.count())
        for line in bill.lines.order_by("period", "insurance_type")
    ]
    assert lines == [
        ("202102", PENSION, D("1500.00"), D("360.00"), 1),
        ("202102", UNEMPLOYMENT, D("1500.00"), D("15.00"), 1),
        ("202103", PENSION, D("1500.00"), D("360.00"), 1),
        ("202103", UNEMPLOYMENT, D("1500.00"), D("15.00"), 1),
    ]

    _c, refund = issue(unit, operator, "差额退费")
    assert (refund.kind, refund.collection_type) == (
        BillKind.REFUND,
        CollectionType.DIFFERENCE_REFUND,
    )
    assert refund.bank_account == account  # R-REF-01: the unit's receiving account
    assert (refund.unit_amount, refund.individual_amount, refund.total_amount) == (
        D("250.50"),
        D("124.50"),
        D("375.00"),
    )  # positive: the kind says the money goes out
    assert (refund.period_from, refund.period_to) == ("202101", "202101")
    assert {a.status for a in BaseAdjustment.objects.all()} == {DeclarationStatus.BILLED}
    # a 退费 document is not owed by the unit
    assert outstanding_total(unit=unit) == D("750.00")

    run(REVOKE, unit, operator, document_no=refund.document_no)
    back = BaseAdjustment.objects.filter(bill_lines__bill=refund)
    assert back.count() == 2
    assert {a.status for a in back} == {DeclarationStatus.DECLARED}
    assert {a.is_refund for a in back} == {True}
    assert set(
        BaseAdjustment.objects.filter(bill_lines__bill=bill).values_list("status", flat=True)
    ) == {DeclarationStatus.BILLED}


def test_difference_refund_needs_a_receiving_account(unit, operator, wage_changed):
    _c, (stored,) = add_rows(ISSUE, unit, operator, {"collection_type": "差额退费"})
    assert not stored.passed and NO_RECEIVING_ACCOUNT in messages(stored)


def test_the_wage_change_cannot_be_rolled_back_once_billed(unit, operator, reviewer, wage_changed):
    issue(unit, operator, "差额补缴")
    with pytest.raises(CaseError):
        cases.case_rollback(case=wage_changed, reviewer=reviewer, reason="填错")
    assert BaseAdjustment.objects.count() == 6


# -- 多缴退费 ---------------------------------------------------------------------------------


@pytest.fixture
def refund(region, unit, operator, reviewer, account):
    """WE-04 shape: 张三's 202005-202006 declarations, billed and paid, refunded through
    §3.3.35."""
    from shebao.contributions.models import ContributionBase
    from shebao.policy.seed import policy_seed

    policy_seed(region, average_wage=D("4500"))
    person = factories.person(name="张三")
    factories.enrol(person, unit, start=dt.date(2019, 1, 1))
    ContributionBase.objects.create(
        person=person,
        unit=unit,
        year=2019,
        declared_wage=D("2700"),
        base=D("2700"),
        start_period="201907",
        end_period="202006",
    )
    declare(unit, operator, "202005", "202006")
    _c, bill = issue(unit, operator, "正常应缴")
    pay(region, bill)
    case, (stored,) = add_rows(
        REFUND,
        unit,
        operator,
        {
            "id_number": person.id_number,
            "name": person.name,
            "start_period": "202005",
            "end_period": "202006",
            "pension": "√",
            "unemployment": "√",
            "reason": "解除劳动关系多缴退收/退账",
        },
    )
    assert stored.passed, stored.errors
    upload(case, operator, "解除劳动合同通知书")
    approve(case, operator, reviewer)
    return Refund.objects.get()


def test_an_approved_refund_gives_a_refund_document_to_its_account(unit, operator, refund, account):
    pending = [r for r in registry[ISSUE].info_tables(unit)[0].rows if r[1] == "多缴退费"]
    assert [r[0] for r in pending] == [f"R{refund.pk}"]

    case, document = issue(unit, operator, "多缴退费")
    assert case.effect["refund_total"] == f"{refund.total:.2f}" and case.effect["total"] == "0.00"
    assert (document.kind, document.collection_type) == (
        BillKind.REFUND,
        CollectionType.OVERPAYMENT_REFUND,
    )
    assert document.bank_account == refund.bank_account == account
    # 2700 × (16% + 8%) and 2700 × (0.7% + 0.3%), two months
    assert document.total_amount == refund.total == D("1350.00")
    assert (document.unit_amount, document.individual_amount) == (
        refund.unit_amount,
        refund.individual_amount,
    )
    assert {
        (line.insurance_type, line.period, line.period_to, line.refund_id, line.total)
        for line in document.lines.all()
    } == {
        (PENSION, "202005", "202006", refund.pk, D("1296.00")),
        (UNEMPLOYMENT, "202005", "202006", refund.pk, D("54.00")),
    }
    refund.refresh_from_db()
    assert refund.status == DeclarationStatus.BILLED

    # 业务单据查询 shows both documents with their kind; the account masked
    query = queries["hb_business_documents"]
    rows = {b.document_no: query.cells(b) for b in query.queryset(unit=unit, params={})}
    assert rows[document.document_no][1] == "退费"
    assert rows[document.document_no][2] == "多缴退费"
    assert rows[document.document_no][11] == mask(ACCOUNT_NO, Sensitive.ACCOUNT)
    assert {cells[1] for cells in rows.values()} == {"应缴", "退费"}
    assert [b.document_no for b in query.queryset(unit=unit, params={"kind": "refund"})] == [
        document.document_no
    ]

    run(REVOKE, unit, operator, document_no=document.document_no)
    refund.refresh_from_db()
    assert refund.status == DeclarationStatus.DECLARED


def test_refunds_to_different_accounts_go_on_separate_documents(unit, operator, refund, account):
    other = UnitBankAccount.objects.create(
        unit=unit, bank_name="中国银行", account_name=unit.name, account_no="6216610000000001"
    )
    second = Refund.objects.create(
        unit=unit,
        person=refund.person,
        reason=refund.reason,
        start_period="202007",
        end_period="202007",
        bank_account=other,
        unit_amount=D(1),
        individual_amount=D(1),
        account_amount=D(0),
        case=refund.case,
    )
    second.lines.create(
        detail_id=10**9,
        period="202007",
        insurance_type=PENSION,
        base=D("2700"),
        individual_to_account=D(1),
        individual_to_pooling=D(0),
        unit_to_account=D(0),
        unit_to_pooling=D(1),
    )
    first, (stored,) = add_rows(ISSUE, unit, operator, {"collection_type": "多缴退费"})
    assert stored.passed
    with pytest.raises(CaseError):
        cases.case_submit(case=first, actor=operator)
    _c, only = issue(unit, operator, "多缴退费", items=f"r{second.pk}")
    assert only.bank_account == other and only.total_amount == D("2.00")
    _c, (unknown,) = add_rows(ISSUE, unit, operator, {"collection_type": "多缴退费", "items": "R0"})
    assert not unknown.passed
    assert UNKNOWN_ITEM % {"c": "R0", "t": "多缴退费"} in messages(unknown)


def test_arrival_import_never_books_a_refund_document(region, unit, operator, refund):
    _c, document = issue(unit, operator, "多缴退费")
    data = (
        "单据号,单位编号,到账金额,到账日期,银行流水号\n"
        f"{document.document_no},{unit.unit_no},{document.total_amount},2021-03-20,BK900\n"
    ).encode()
    staff = factories.reviewer(region, "到账")
    record = arrival_import(region=region, actor=staff, data=data, filename="到账.csv")
    ((line),) = record.lines
    assert (line["outcome"], line["reason"]) == (REFUSED, REFUND_DOCUMENT)
    assert ACCEPTED not in {line["outcome"] for line in record.lines}
    document.refresh_from_db()
    assert (document.status, document.received_amount) == (BillStatus.VALID, D(0))
    # the fixture's 应缴认定单 was paid before the refund; nothing booked on the 退费单据
    assert not Payment.objects.filter(bill=document).exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_refund_document_pdf(unit, operator, refund, tmp_path, op_client):
    from shebao.documents.bill import bill_pdf

    _c, document = issue(unit, operator, "多缴退费")
    data = bill_pdf(document)
    (tmp_path / "refund.pdf").write_bytes(data)
    text = pdf_text(data, tmp_path)
    flat = text.replace(" ", "")
    assert "社会保险费退费单" in flat and "退费金额（大写）" in flat
    assert yuan_in_capitals(document.total_amount) == "壹仟叁佰伍拾元整"
    assert "壹仟叁佰伍拾元整" in flat
    assert mask(ACCOUNT_NO, Sensitive.ACCOUNT) in text and ACCOUNT_NO not in text
    assert document.document_no in text and unit.name in text and "1,350.00" in text
    response = op_client.get(f"/bills/{document.document_no}.pdf")
    assert response.status_code == 200 and "退费单" in unquote(response["Content-Disposition"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_back_payment_bill_pdf_prints_interest_and_late_fee(unit, operator, unit_wide, tmp_path):
    from shebao.documents.bill import bill_pdf

    _c, bill = issue(unit, operator, "补缴")
    data = bill_pdf(bill)
    (tmp_path / "back_payment.pdf").write_bytes(data)
    text = pdf_text(data, tmp_path)
    flat = text.replace(" ", "")
    assert "社会保险费应缴认定单" in flat and "利息" in flat and "滞纳金" in flat
    assert "43.50" in text and "368.07" in text and "5,286.57" in text
    assert yuan_in_capitals(bill.total_amount) in flat
