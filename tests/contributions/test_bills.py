"""§3.3.26 应缴认定单开具 and §3.3.27 撤销, through the case engine; the bill's PDF."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.contributions.bills import BILL_VALIDITY_DAYS, bill_expire_overdue
from shebao.contributions.models import (
    Bill,
    BillStatus,
    CollectionType,
    DeclarationStatus,
    MonthlyDeclaration,
)
from shebao.core.money import yuan_in_capitals
from shebao.registry.choices import InsuranceType
from shebao.services.registry import registry

from .conftest import CANCEL, declare_we01, draft, messages, run

D = Decimal
ISSUE = "hb_payment_document_issue"
REVOKE = "hb_payment_document_revocation"
PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT


@pytest.fixture
def declared(policy, unit, operator):
    """WE-01/02: two persons on base 8890 each, period 202103 declared for both types."""
    declare_we01(unit, operator)
    return MonthlyDeclaration.objects.filter(unit=unit, period="202103")


def add(code, unit, operator, **row):
    case = draft(code, unit, operator)
    return case, cases.case_row_add(case=case, raw=row)


def issue(unit, operator, **row):
    case = run(ISSUE, unit, operator, collection_type="正常应缴", **row)
    assert case.status == CaseStatus.COMPLETED
    (number,) = case.effect["bills"]
    return case, Bill.objects.get(document_no=number)


def test_bill_from_we01_we02_declarations(unit, operator, declared):
    pension, unemployment = (
        declared.get(insurance_type=PENSION),
        declared.get(insurance_type=UNEMPLOYMENT),
    )
    case, bill = issue(unit, operator, period_to="202103")

    assert bill.unit == unit and bill.region == unit.region
    assert bill.collection_type == CollectionType.NORMAL
    assert bill.status == BillStatus.VALID
    assert (bill.period_from, bill.period_to) == ("202103", "202103")
    assert bill.unit_amount == pension.unit_amount + unemployment.unit_amount == D("2969.26")
    assert bill.individual_amount == D("1475.74")
    assert bill.total_amount == D("4445.00")
    assert bill.insurance_type == ""  # both types on one document
    assert bill.serial_no == case.serial_no
    assert bill.due_date == dt.date.today() + dt.timedelta(days=BILL_VALIDITY_DAYS)
    assert len(bill.document_no) == 16 and bill.document_no.isdigit()
    lines = {line.insurance_type: line for line in bill.lines.all()}
    assert lines[PENSION].declaration == pension and lines[PENSION].total == D("4267.20")
    assert lines[UNEMPLOYMENT].total == D("177.80")
    assert set(declared.values_list("status", flat=True)) == {DeclarationStatus.BILLED}
    assert AuditEvent.objects.get(bill=bill).action == "issue"
    assert case.effect["total"] == "4445.00"


def test_a_billed_declaration_can_no_longer_be_cancelled(unit, operator, declared):
    issue(unit, operator)
    _case, stored = add(CANCEL, unit, operator, period="202103")
    assert not stored.passed
    assert "已开具应缴认定单，不能撤销申报" in messages(stored)
    # and it is no longer 待征集: a second bill is refused
    _case, again = add(ISSUE, unit, operator, collection_type="正常应缴")
    assert not again.passed and "没有符合条件的待征集信息" in messages(again)
    assert Bill.objects.count() == 1


def test_one_insurance_type_only(unit, operator, declared):
    _case, bill = issue(unit, operator, insurance_type="失业保险")
    assert bill.insurance_type == UNEMPLOYMENT
    assert bill.total_amount == D("177.80")
    assert declared.get(insurance_type=PENSION).status == DeclarationStatus.DECLARED
    assert declared.get(insurance_type=UNEMPLOYMENT).status == DeclarationStatus.BILLED


def test_period_to_before_the_declared_period_finds_nothing(unit, operator, declared):
    _case, stored = add(ISSUE, unit, operator, collection_type="正常应缴", period_to="202102")
    assert not stored.passed and "待征集信息" in messages(stored)


def test_declaration_cancelled_between_check_and_submit_stops_the_bill(unit, operator, declared):
    case, stored = add(ISSUE, unit, operator, collection_type="正常应缴")
    assert stored.passed
    run(CANCEL, unit, operator, period="202103")
    with pytest.raises(CaseError):
        cases.case_submit(case=case, actor=operator)
    assert not Bill.objects.exists()


def test_pending_and_issued_tables(unit, operator, declared):
    spec = registry[ISSUE]
    pending, issued = spec.info_tables(unit)
    assert len(pending.rows) == 2 and not issued.rows
    _case, bill = issue(unit, operator)
    pending, issued = spec.info_tables(unit)
    assert not pending.rows
    assert issued.rows[0][0] == bill.document_no and issued.rows[0][7] == "4,445.00"


def test_revoke_gives_the_declarations_back(unit, operator, declared):
    _case, bill = issue(unit, operator)
    table = registry[REVOKE].info_table(unit)
    assert [r[0] for r in table.rows] == [bill.document_no]

    case = run(REVOKE, unit, operator, document_no=bill.document_no)
    bill.refresh_from_db()
    assert bill.status == BillStatus.REVOKED
    assert bill.revoked_by == case.serial_no and bill.revoked_at is not None
    assert set(declared.values_list("status", flat=True)) == {DeclarationStatus.DECLARED}
    assert [e.action for e in bill.events.all()] == ["issue", "revoke"]
    assert not registry[REVOKE].info_table(unit).rows

    _case, again = add(REVOKE, unit, operator, document_no=bill.document_no)
    assert not again.passed and "已作废" in messages(again)
    # back to 待征集: the declaration can be cancelled now, or billed again
    run(CANCEL, unit, operator, period="202103")
    assert set(declared.values_list("status", flat=True)) == {DeclarationStatus.CANCELLED}


def test_revoke_refused_once_money_arrived(unit, operator, declared):
    _case, bill = issue(unit, operator)
    Bill.objects.filter(pk=bill.pk).update(received_amount=D("100"), status=BillStatus.PARTIAL)
    _case, stored = add(REVOKE, unit, operator, document_no=bill.document_no)
    assert not stored.passed and "未足额到账" in messages(stored)
    Bill.objects.filter(pk=bill.pk).update(received_amount=D("4445"), status=BillStatus.PAID)
    _case, stored = add(REVOKE, unit, operator, document_no=bill.document_no)
    assert not stored.passed and "已足额到账" in messages(stored)
    assert set(declared.values_list("status", flat=True)) == {DeclarationStatus.BILLED}


def test_revoke_someone_elses_bill_is_unknown(unit, operator, declared, other_unit, other_operator):
    _case, bill = issue(unit, operator)
    from shebao.policy.seed import policy_seed

    policy_seed(other_unit.region)
    _case, stored = add(REVOKE, other_unit, other_operator, document_no=bill.document_no)
    assert not stored.passed and "不存在或不属于本单位" in messages(stored)


def test_expired_bills_can_be_revoked(unit, operator, declared):
    _case, bill = issue(unit, operator)
    assert bill_expire_overdue(today=bill.due_date) == 0
    assert bill_expire_overdue(today=bill.due_date + dt.timedelta(days=1)) == 1
    bill.refresh_from_db()
    assert bill.status == BillStatus.EXPIRED
    run(REVOKE, unit, operator, document_no=bill.document_no)
    bill.refresh_from_db()
    assert bill.status == BillStatus.REVOKED


# the printed bill ---------------------------------------------------------------------------


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "bill.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_bill_pdf_has_the_title_unit_amounts_and_capitals(unit, operator, declared, tmp_path):
    from shebao.documents.bill import bill_pdf

    _case, bill = issue(unit, operator)
    data = bill_pdf(bill)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "社会保险费应缴认定单" in text
    assert unit.name in text and unit.unit_no in text
    assert bill.document_no in text
    assert "4,445.00" in text and "4,267.20" in text and "177.80" in text
    assert yuan_in_capitals(bill.total_amount) in text.replace(" ", "")
    assert "肆仟肆佰肆拾伍元整" in text.replace(" ", "")


def test_bill_html_holds_the_qr_code_of_the_document_number(unit, operator, declared):
    from shebao.documents.bill import bill_document, bill_html
    from shebao.documents.verify import bill_check_code

    _case, bill = issue(unit, operator)
    document = bill_document(bill, verify_base_url="https://shebao.example")
    code = bill_check_code(bill.document_no)
    assert document.qr_payload == f"https://shebao.example/verify/bills/{bill.document_no}?c={code}"
    assert document.check_code == code and len(code) == 8
    assert f"校验码 {code}" in bill_html(bill)
    assert document.qr_svg.startswith("<svg")
    assert document.total_in_capitals == "肆仟肆佰肆拾伍元整"


def test_portal_serves_only_the_units_own_bill(op_client, other_client, unit, operator, declared):
    _case, bill = issue(unit, operator)
    response = op_client.get(f"/bills/{bill.document_no}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline;")
    assert other_client.get(f"/bills/{bill.document_no}.pdf").status_code == 404
    assert op_client.get("/bills/0000000000000000.pdf").status_code == 404
