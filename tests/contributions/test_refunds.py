"""§3.3.35 单位职工社会保险费多缴退费申报 (退收 / 退账), through the case engine."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.contributions.models import (
    BillStatus,
    ContributionBase,
    DeclarationStatus,
    MonthlyDeclaration,
    Refund,
    UnitBankAccount,
)
from shebao.contributions.specs import refund as spec
from shebao.core.masking import Sensitive, mask
from shebao.core.money import format_money
from shebao.documents.reports import case_report
from shebao.policy.seed import policy_seed
from shebao.registry.choices import InsuranceType
from shebao.registry.disclosure import NOT_INSURED_HERE
from tests import factories

from .arrears_helpers import add_rows, approve, errors_of, pay, upload
from .conftest import MONTHLY, draft
from .test_bills import issue

CODE = "hb_overpayment_refund"
D = Decimal
PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT
ACCOUNT_NO = "6222021234567890123"


def declare(unit, operator, period):
    case = draft(MONTHLY, unit, operator)
    stored = cases.case_row_add(case=case, raw={"period": period})
    assert stored.passed, stored.errors
    cases.case_submit(case=case, actor=operator)


@pytest.fixture
def declared(region, unit, operator):
    """WE-04: 202005-202012 declared; base 2700 in 申报年度 2019, 3000 in 2020.

    A 缴费基数标准 of 4500 puts the floor at 2700, so both bases stand as declared.
    """
    policy_seed(region, average_wage=D("4500"))
    person = factories.person(name="张三")
    factories.enrol(person, unit, start=dt.date(2019, 1, 1))
    for year, wage in ((2019, "2700"), (2020, "3000")):
        ContributionBase.objects.create(
            person=person,
            unit=unit,
            year=year,
            declared_wage=D(wage),
            base=D(wage),
            start_period=f"{year}07",
            end_period=f"{year + 1}06",
        )
    for month in range(5, 13):
        declare(unit, operator, f"2020{month:02d}")
    return person


@pytest.fixture
def paid(region, unit, operator, declared):
    """The WE-04 months on one 应缴认定单, 已足额到账."""
    _case, bill = issue(unit, operator)
    pay(region, bill)
    return declared


@pytest.fixture
def account(unit):
    return UnitBankAccount.objects.create(
        unit=unit, bank_name="中国工商银行神农架支行", account_name=unit.name, account_no=ACCOUNT_NO
    )


def row(person, start, end, **extra):
    return {
        "id_number": person.id_number,
        "name": person.name,
        "start_period": start,
        "end_period": end,
        "reason": "解除劳动关系多缴退收/退账",
        **extra,
    }


def test_we04_rows_refunded_to_the_units_account(unit, operator, reviewer, paid, account):
    case, stored = add_rows(
        CODE,
        unit,
        operator,
        row(paid, "202005", "202012", pension="√", months="8"),
        row(paid, "202005", "202005", unemployment="√"),
    )
    assert all(s.passed for s in stored), [s.errors for s in stored]
    upload(case, operator, "解除劳动合同通知书")
    case = approve(case, operator, reviewer)
    assert case.status == CaseStatus.APPROVED

    refunds = list(Refund.objects.order_by("pk"))
    assert [r.bank_account for r in refunds] == [account, account]  # R-REF-01
    lines = [
        (
            line.insurance_type,
            line.period,
            line.base,
            line.individual_to_account,
            line.individual_to_pooling,
            line.unit_to_account,
        )
        for r in refunds
        for line in r.lines.all()
    ]
    # WE-04 columns A / B / C: pension 3000 × 8% = 240, 2700 × 8% = 216 into the account;
    # unemployment 2700 × 0.3% = 8.1 into pooling; nothing of the unit share to the account
    assert lines == [
        *[
            (PENSION, f"2020{m:02d}", D("3000.00"), D("240.00"), D("0.00"), D("0.00"))
            for m in (12, 11, 10, 9, 8, 7)
        ],
        (PENSION, "202006", D("2700.00"), D("216.00"), D("0.00"), D("0.00")),
        (PENSION, "202005", D("2700.00"), D("216.00"), D("0.00"), D("0.00")),
        (UNEMPLOYMENT, "202005", D("2700.00"), D("0.00"), D("8.10"), D("0.00")),
    ]
    pension, unemployment = refunds
    # 6 × 240 + 2 × 216 = 1872 back from the account (退账); unit share 6 × 480 + 2 × 432
    assert (pension.account_amount, pension.individual_amount) == (D("1872.00"), D("1872.00"))
    assert pension.unit_amount == D("3744.00")
    assert pension.lines.get(period="202012").unit_to_pooling == D("480.00")
    # unemployment: 2700 × 0.7% = 18.90 from the unit, 8.10 from the person, no 退账
    assert (unemployment.unit_amount, unemployment.individual_amount) == (D("18.90"), D("8.10"))
    assert unemployment.account_amount == D("0.00")
    assert case.effect["account"] == mask(ACCOUNT_NO, Sensitive.ACCOUNT) == "6222***********0123"
    assert case.effect["total"] == f"{pension.total + unemployment.total:.2f}"

    # the same contributions cannot be refunded twice
    _case, (again,) = add_rows(CODE, unit, operator, row(paid, "202005", "202012", pension="√"))
    assert errors_of(again) == spec.NOTHING % {"s": "202005", "e": "202012"}
    # the unemployment of 202006-202012 was not refunded and still can be
    _case, (rest,) = add_rows(CODE, unit, operator, row(paid, "202005", "202012"))
    assert rest.passed, rest.errors


def test_the_report_masks_the_account_and_totals_the_lines(unit, operator, paid, account):
    case, _stored = add_rows(CODE, unit, operator, row(paid, "202011", "202012", pension="√"))
    values = [c.text for c in case_report(case).rows[0].cells]
    assert "2" in values  # 待退收条数
    assert "480.00" in values  # 2 × 240 退账
    assert any(mask(ACCOUNT_NO, Sensitive.ACCOUNT) in v for v in values)
    assert not any(ACCOUNT_NO in v for v in values)


def test_without_a_receiving_account_nothing_is_refunded(unit, operator, paid):
    _case, (stored,) = add_rows(CODE, unit, operator, row(paid, "202005", "202012"))
    assert errors_of(stored) == spec.NO_ACCOUNT


def test_one_evidence_document_is_required(unit, operator, paid, account):
    case, _stored = add_rows(CODE, unit, operator, row(paid, "202005", "202012"))
    with pytest.raises(CaseError) as refused:
        cases.case_submit(case=case, actor=operator)
    assert str(refused.value) == cases.GROUP_MISSING % {"g": "分组1", "m": "、".join(spec.EVIDENCE)}
    upload(case, operator, "其他材料")
    assert cases.case_submit(case=case, actor=operator).status == CaseStatus.UNDER_REVIEW


def test_unbilled_contributions_are_cancelled_not_refunded(unit, operator, paid, account):
    MonthlyDeclaration.objects.filter(period="202012").update(status=DeclarationStatus.DECLARED)
    _case, (stored,) = add_rows(CODE, unit, operator, row(paid, "202012", "202012"))
    assert errors_of(stored) == spec.NOTHING % {"s": "202012", "e": "202012"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_period": "202004"}, spec.END_BEFORE_START % {"e": "202004", "s": "202005"}),
        ({"months": "3"}, spec.MONTHS_MISMATCH % {"v": "3", "n": 8}),
        ({"name": "李四"}, spec.NAME_MISMATCH % {"n": "张三"}),
        ({"person_no": "99999999999"}, None),
    ],
)
def test_row_refusals(unit, operator, paid, account, change, message):
    _case, (stored,) = add_rows(CODE, unit, operator, {**row(paid, "202005", "202012"), **change})
    if message is None:
        message = spec.PERSON_NO_MISMATCH % {"n": paid.person_no}
    assert errors_of(stored) == message


def test_unknown_person_and_overlapping_rows(unit, operator, paid, account):
    stranger = {**row(paid, "202005", "202012"), "id_number": factories.id_number(), "name": "王五"}
    _case, (unknown, first, overlap) = add_rows(
        CODE, unit, operator, stranger, row(paid, "202005", "202008"), row(paid, "202008", "202012")
    )
    assert errors_of(unknown) == NOT_INSURED_HERE
    assert first.passed
    assert errors_of(overlap) == spec.OVERLAP % {"n": 2}


def test_unknown_reason_is_refused(unit, operator, paid, account):
    _case, (stored,) = add_rows(
        CODE, unit, operator, {**row(paid, "202005", "202012"), "reason": "多缴"}
    )
    assert "不在可选范围内" in errors_of(stored)


def test_unit_refund_query_lists_the_refunds_masked(
    unit, operator, reviewer, paid, account, op_client
):
    case, stored = add_rows(
        CODE, unit, operator, row(paid, "202005", "202012", pension="√", months="8")
    )
    upload(case, operator, "解除劳动合同通知书")
    case = approve(case, operator, reviewer)
    response = op_client.get("/queries/hb_unit_refunds/")
    ((key, cells),) = response.context["rows"]
    refund = Refund.objects.get()
    assert cells[0] == case.serial_no and cells[2] == paid.name
    assert (
        cells[10] == mask(ACCOUNT_NO, Sensitive.ACCOUNT)
        and ACCOUNT_NO not in response.content.decode()
    )
    assert cells[7] == format_money(refund.unit_amount)
    assert op_client.get("/queries/hb_unit_refunds/", {"period_to": "202004"}).context["rows"] == []


def test_billed_but_unpaid_months_are_not_refunded(region, unit, operator, declared, account):
    _case, bill = issue(unit, operator)
    assert bill.status == BillStatus.VALID
    _case, (stored,) = add_rows(CODE, unit, operator, row(declared, "202011", "202012"))
    assert errors_of(stored) == spec.NOT_ARRIVED % {
        "p": "202011、202012",
        "n": bill.document_no,
        "st": "有效",
    }
    pay(region, bill)
    _case, (stored,) = add_rows(CODE, unit, operator, row(declared, "202011", "202012"))
    assert stored.passed, stored.errors


def test_of_a_partly_paid_bill_only_the_months_the_money_covers(
    region, unit, operator, reviewer, declared, account
):
    _case, bill = issue(unit, operator)
    # 202005 costs 2700 × 24% + 2700 × 1% = 675.00; 700.00 covers it, not 202006 as well
    pay(region, bill, amount=D("700.00"))
    assert bill.status == BillStatus.PARTIAL
    _case, (stored,) = add_rows(CODE, unit, operator, row(declared, "202005", "202006"))
    assert errors_of(stored) == spec.NOT_ARRIVED % {
        "p": "202006",
        "n": bill.document_no,
        "st": "未足额到账",
    }
    case, (stored,) = add_rows(CODE, unit, operator, row(declared, "202005", "202005"))
    assert stored.passed, stored.errors
    upload(case, operator, "解除劳动合同通知书")
    assert approve(case, operator, reviewer).status == CaseStatus.APPROVED
    (refund,) = Refund.objects.all()
    assert refund.total == D("675.00")
    assert {(line.period, line.insurance_type) for line in refund.lines.all()} == {
        ("202005", PENSION),
        ("202005", UNEMPLOYMENT),
    }
