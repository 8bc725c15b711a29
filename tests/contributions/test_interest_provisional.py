"""记账利率 not yet published: back-payments stand on the last published rate (暂按) and are
worked out again, audited, when an administrator enters the real one."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.audit.models import AuditEvent
from shebao.cases.models import CaseStatus
from shebao.contributions.interest import DIFFERENCE, RECOMPUTED
from shebao.contributions.models import Arrears, Bill, DeclarationStatus
from shebao.contributions.specs import arrears_person as spec
from shebao.documents.reports import case_report
from shebao.policy.models import AccountInterestRate
from shebao.policy.services import interest_rate_publish
from shebao.services.registry import registry
from tests import factories

from .arrears_helpers import add_rows, approve, upload
from .test_bill_sources import issue
from .test_bills import ISSUE

CODE = "hb_labour_contract_back_payment"
D = Decimal
SOURCE_2025 = (
    "人力资源社会保障部办公厅 财政部办公厅关于公布2025年职工基本养老保险个人账户记账利率的通知"
)


@pytest.fixture
def admin_user(db):
    return factories.admin_user("rate_admin")


@pytest.fixture
def back_paid(policy, unit, operator, reviewer, on):
    """The demo unit today (2026-12-04) back-pays 张三's pension for 202401 at 6500 a month:
    its interest runs through 2026, and 2024's is the last published rate."""
    on(dt.date(2026, 12, 4))
    person = factories.person(name="张三")
    factories.enrol(person, unit, start=dt.date(2019, 1, 1))
    row = {
        "id_number": person.id_number,
        "name": person.name,
        "start_period": "202401",
        "end_period": "202401",
        "reason": "劳动合同补缴",
        "wage": "6500",
        "pension": "√",
    }
    case, (stored,) = add_rows(CODE, unit, operator, row)
    assert stored.passed, stored.errors
    report = case_report(case)
    upload(case, operator, spec.CONTRACT)
    case = approve(case, operator, reviewer)
    assert case.status == CaseStatus.APPROVED
    return Arrears.objects.get(case=case), report


def test_a_back_payment_reaching_unpublished_years_is_computed_at_the_last_rate_marked_provisional(
    unit, back_paid
):
    record, report = back_paid
    line = record.lines.get()
    # months 202402-202412 (2024: 11 at 2.62%), 2025: 12 and 202601-202611: 11, both 暂按
    # 2024's 2.62%: 520 × (1 + 2.62% × 11/12) × (1 + 2.62%) × (1 + 2.62% × 11/12) − 520 = 39.56
    assert line.interest == record.interest == D("39.56")
    assert line.interest_provisional == 2024 and line.interest_note == "暂按2024年利率"
    assert "(1 + 2.62% × 12/12，2025年暂按2024年利率)" in line.explanation
    assert "(1 + 2.62% × 11/12，2026年暂按2024年利率)" in line.explanation
    assert line.explanation.count("暂按") == 2  # 2024 itself is published
    # the 申报表 the unit confirmed says so beside the interest total
    assert dict(report.totals)["个人账户利息"] == (
        "39.56（未公布年度的记账利率暂按2024年利率计算，公布后重算）"
    )
    assert any("2026年暂按2024年利率" in c.text for r in report.rows for c in r.cells)
    # and so does the 待征集信息 screen the bill is issued from
    (cells,) = registry[ISSUE].info_tables(unit)[0].rows
    assert cells[0] == f"A{record.pk}" and cells[8] == "39.56（暂按2024年利率）"


def test_entering_the_2025_rate_recomputes_the_open_back_payment_and_audits_it(
    region, back_paid, admin_user
):
    record, _report = back_paid
    publication = interest_rate_publish(
        region=region, year=2025, rate=D("0.0200"), source=SOURCE_2025, actor=admin_user
    )
    assert publication.created and publication.rate.rate == D("0.0200")
    record.refresh_from_db()
    line = record.lines.get()
    # 2025 at its own 2.00%; 2026, still unpublished, now 暂按 2025's:
    # 520 × (1 + 2.62% × 11/12) × (1 + 2.00%) × (1 + 2.00% × 11/12) − 520 = 33.10
    assert line.interest == record.interest == D("33.10")
    assert line.interest_provisional == 2025
    assert "(1 + 2% × 12/12)" in line.explanation
    assert "(1 + 2% × 11/12，2026年暂按2025年利率)" in line.explanation
    assert "2025年暂按" not in line.explanation
    assert line.explanation.count("个人账户利息") == 1 and "滞纳金" in line.explanation
    (event,) = AuditEvent.objects.filter(case=record.case, event_type=RECOMPUTED)
    assert event.actor == admin_user and event.acting_unit == record.unit
    assert event.detail["interest_rate_year"] == 2025
    assert event.detail["arrears"] == [
        {
            "arrears": record.pk,
            "lines": 1,
            "interest_before": "39.56",
            "interest_after": "33.10",
            "difference": "-6.46",
            "bill": "",
            "applied": True,
        }
    ]
    (summary,) = [str(r) for r in publication.reports]
    assert "重算了 1 笔未开单补缴" in summary and "0 笔已开具应缴认定单" in summary


def test_a_billed_back_payment_keeps_its_amounts_and_the_difference_is_recorded(
    region, unit, operator, back_paid, admin_user
):
    record, _report = back_paid
    _case, bill = issue(unit, operator, "补缴")
    assert bill.interest == D("39.56")
    publication = interest_rate_publish(
        region=region, year=2025, rate=D("0.0200"), source=SOURCE_2025, actor=admin_user
    )
    record.refresh_from_db()
    bill.refresh_from_db()
    line = record.lines.get()
    assert record.status == DeclarationStatus.BILLED
    assert line.interest == record.interest == bill.interest == D("39.56")
    assert line.interest_provisional == 2024  # the billed amount stands on the 暂按 rate
    (event,) = AuditEvent.objects.filter(case=record.case, event_type=DIFFERENCE)
    (change,) = event.detail["arrears"]
    assert (change["interest_after"], change["difference"]) == ("33.10", "-6.46")
    assert (change["bill"], change["applied"]) == (bill.document_no, False)
    assert not AuditEvent.objects.filter(event_type=RECOMPUTED).exists()
    (summary,) = [str(r) for r in publication.reports]
    assert "1 笔已开具应缴认定单的补缴保留原金额，利息差额合计 -6.46 元" in summary
    assert Bill.objects.get(pk=bill.pk).total_amount == bill.total_amount


def test_the_admin_enters_the_rate_through_the_audited_recompute(region, back_paid, admin_user):
    record, _report = back_paid
    client = factories.staff_client(admin_user)
    response = client.post(
        "/admin/policy/accountinterestrate/add/",
        {"region": region.pk, "year": "2025", "rate": "0.02", "source": SOURCE_2025},
        follow=True,
    )
    assert response.status_code == 200
    assert "重算了 1 笔未开单补缴的个人账户利息" in response.content.decode()
    assert AccountInterestRate.objects.get(region=region, year=2025).rate == D("0.02")
    record.refresh_from_db()
    assert record.interest == D("33.10")
    assert AuditEvent.objects.filter(case=record.case, event_type=RECOMPUTED).count() == 1
    # a percentage typed as a whole number is refused, nothing recomputed
    refused = client.post(
        "/admin/policy/accountinterestrate/add/",
        {"region": region.pk, "year": "2026", "rate": "2.5", "source": "x"},
    )
    assert "记账利率应填写小数" in refused.content.decode()
    assert not AccountInterestRate.objects.filter(year=2026).exists()
