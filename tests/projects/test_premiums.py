"""§3.3.24 / §3.3.25 项目工伤保险费申报 and §3.3.28 / §3.3.29 单据撤销/取消, through the engine."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.cases import services as cases
from shebao.contributions.models import Bill, BillStatus, CollectionType
from shebao.contributions.premiums import construction_premium
from shebao.core.money import round_half_up_to_cent
from shebao.policy.models import ProjectPremiumRate
from shebao.policy.seed import PROJECT_PREMIUMS, policy_seed
from shebao.registry.choices import InsuranceType
from shebao.services.registry import registry

from .helpers import draft, errors_of, register_project

D = Decimal
BUILD = "hb_construction_project_premium_declaration"
MINE = "hb_mining_project_premium_declaration"
BUILD_CANCEL = "hb_construction_project_premium_document_revocation"
MINE_CANCEL = "hb_mining_project_premium_document_cancellation"
CONSTRUCTION_RATE = PROJECT_PREMIUMS[ProjectPremiumRate.Kind.CONSTRUCTION]
MINING_RATE = PROJECT_PREMIUMS[ProjectPremiumRate.Kind.MINING]


@pytest.fixture
def policy(region):
    policy_seed(region)
    return region


@pytest.fixture
def building(policy, unit, operator, reviewer):
    return register_project(unit, operator, reviewer, total_price_10k_cny="1200.50")


@pytest.fixture
def mine(policy, unit, operator, reviewer):
    return register_project(unit, operator, reviewer, mining=True)


def add(code, unit, operator, **row):
    case = draft(code, unit, operator)
    return case, cases.case_row_add(case=case, raw=row)


def run(code, unit, operator, **row):
    case, stored = add(code, unit, operator, **row)
    assert stored.passed, stored.errors
    return cases.case_submit(case=case, actor=operator)


def premium_bill(case):
    (number,) = case.effect["bills"]
    return Bill.objects.get(document_no=number)


def test_construction_premium_is_the_cost_times_the_regions_rate(unit, operator, building):
    case = run(BUILD, unit, operator, project_no=building.project_no)
    bill = premium_bill(case)
    expected = round_half_up_to_cent(D("1200.50") * 10000 * CONSTRUCTION_RATE)
    assert expected == D("12005.00")  # 1‰ of 12,005,000 yuan
    assert bill.total_amount == bill.unit_amount == expected
    assert bill.individual_amount == 0
    assert (bill.collection_type, bill.insurance_type, bill.project) == (
        CollectionType.PROJECT,
        InsuranceType.WORK_INJURY,
        building,
    )
    assert bill.status == BillStatus.VALID and not bill.tax_invoiced
    line = bill.lines.get()
    assert (line.basis, line.rate) == (D("12005000.00"), CONSTRUCTION_RATE)


def test_the_premium_is_on_the_report(unit, operator, building):
    case, stored = add(BUILD, unit, operator, project_no=building.project_no)
    assert stored.passed
    spec = registry[BUILD]
    (values,) = spec.report_values(unit, [spec.row.model_validate(stored.cleaned)])
    assert values["premium"] == D("12005.00") and values["basis"] == D("12005000.00")
    assert "12,005.00" in spec.computed_summary([values])[0][1]


def test_a_later_rate_applies_from_its_date(unit, operator, building):
    ProjectPremiumRate.objects.create(
        region=unit.region,
        project_kind="construction",
        rate=D("0.0015"),
        effective_from=dt.date.today() - dt.timedelta(days=1),
        source="测试",
    )
    premium = construction_premium(project=building, on=dt.date.today())
    assert premium.amount == D("18007.50")
    old = construction_premium(project=building, on=dt.date.today() - dt.timedelta(days=2))
    assert old.amount == D("12005.00")


def test_no_rate_configured_is_a_refusal(unit, operator, building):
    ProjectPremiumRate.objects.all().delete()
    _case, stored = add(BUILD, unit, operator, project_no=building.project_no)
    assert (
        not stored.passed and "未配置" in errors_of(stored) and "工伤保险费率" in errors_of(stored)
    )


def test_one_live_premium_bill_per_project(unit, operator, building):
    first = premium_bill(run(BUILD, unit, operator, project_no=building.project_no))
    _case, stored = add(BUILD, unit, operator, project_no=building.project_no)
    assert not stored.passed
    assert first.document_no in errors_of(stored) and "建筑工程项目工伤保险费单据撤销" in errors_of(
        stored
    )


def test_only_the_units_own_project_of_the_right_kind(
    unit, operator, building, mine, other_unit, other_operator
):
    policy_seed(other_unit.region)
    _case, stored = add(BUILD, other_unit, other_operator, project_no=building.project_no)
    assert not stored.passed and "不属于本单位" in errors_of(stored)
    _case, stored = add(BUILD, unit, operator, project_no=mine.project_no)
    assert not stored.passed and "矿山项目" in errors_of(stored)


def test_mining_premium_per_unit_of_capacity(unit, operator, mine):
    _case, stored = add(MINE, unit, operator, project_no=mine.project_no)
    assert not stored.passed and "产能数量" in " ".join(e["column"] for e in stored.errors)
    bill = premium_bill(
        run(MINE, unit, operator, project_no=mine.project_no, capacity_quantity="1000")
    )
    assert bill.total_amount == round_half_up_to_cent(D("1000") * MINING_RATE) == D("500.00")
    assert bill.lines.get().basis == D("1000")
    _case, stored = add(MINE, unit, operator, project_no=mine.project_no, capacity_quantity="0")
    assert not stored.passed


# cancellation --------------------------------------------------------------------------------


def test_cancel_a_valid_unpaid_bill_then_declare_again(unit, operator, building):
    bill = premium_bill(run(BUILD, unit, operator, project_no=building.project_no))
    listing, details = registry[BUILD_CANCEL].info_tables(unit)
    assert listing.rows[0][0] == bill.document_no and listing.rows[0][-2:] == (
        "财务可处理",
        "未处理",
    )
    assert "合计：12,005.00" in listing.title
    assert details.rows[0][1] == building.project_no

    case = run(BUILD_CANCEL, unit, operator, project_no=building.project_no)
    bill.refresh_from_db()
    assert bill.status == BillStatus.REVOKED and bill.revoked_by == case.serial_no
    assert case.effect["bills_cancelled"] == [bill.document_no]
    assert [e.action for e in bill.events.all()] == ["issue", "cancel"]
    again = premium_bill(run(BUILD, unit, operator, project_no=building.project_no))
    assert again.pk != bill.pk


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": BillStatus.PAID, "received_amount": D("12005.00")}, "已足额到账"),
        ({"status": BillStatus.PARTIAL, "received_amount": D("5")}, "未足额到账"),
        ({"tax_invoiced": True}, "税务已开票"),
        ({"status": BillStatus.EXPIRED}, "已过期"),
    ],
)
def test_cancel_refused_for_paid_partial_invoiced_or_expired(
    unit, operator, building, change, reason
):
    bill = premium_bill(run(BUILD, unit, operator, project_no=building.project_no))
    Bill.objects.filter(pk=bill.pk).update(**change)
    for row in (
        {"project_no": building.project_no},
        {"project_no": building.project_no, "document_no": bill.document_no},
    ):
        _case, stored = add(BUILD_CANCEL, unit, operator, **row)
        assert not stored.passed and reason in errors_of(stored)
    bill.refresh_from_db()
    assert bill.status != BillStatus.REVOKED


def test_cancel_names_a_bill_of_that_project(unit, operator, reviewer, building):
    other = register_project(unit, operator, reviewer, project_name="第二个项目")
    bill = premium_bill(run(BUILD, unit, operator, project_no=building.project_no))
    _case, stored = add(
        BUILD_CANCEL, unit, operator, project_no=other.project_no, document_no=bill.document_no
    )
    assert not stored.passed and "不是项目" in errors_of(stored)


def test_mining_cancellation(unit, operator, mine):
    bill = premium_bill(
        run(MINE, unit, operator, project_no=mine.project_no, capacity_quantity="20")
    )
    run(MINE_CANCEL, unit, operator, project_no=mine.project_no, document_no=bill.document_no)
    bill.refresh_from_db()
    assert bill.status == BillStatus.REVOKED


def test_the_tax_invoice_feed_stops_the_cancellation(unit, operator, reviewer, region, building):
    """R-REF-05: once the tax authority's file names the bill, 取消 is refused."""
    from shebao.contributions.tax_invoice import ACCEPTED, tax_invoice_import

    bill = premium_bill(run(BUILD, unit, operator, project_no=building.project_no))
    data = f"单据号,发票号码,开票日期,金额\n{bill.document_no},P001,{dt.date.today()},{bill.total_amount}\n"
    record = tax_invoice_import(region=region, actor=reviewer, data=data.encode(), filename="t.csv")
    assert record.lines[0]["outcome"] == ACCEPTED
    _case, stored = add(
        BUILD_CANCEL, unit, operator, project_no=building.project_no, document_no=bill.document_no
    )
    assert not stored.passed and "税务已开票" in errors_of(stored)
    bill.refresh_from_db()
    assert bill.status == BillStatus.VALID and bill.tax_invoiced


def test_the_premium_is_confirmed_as_the_units_work_injury_amount(
    unit, operator, building, op_client
):
    """Issue #12 §3: 1‰ of 12,005,000 yuan, paid by the unit alone, on step 3."""
    case, stored = add(BUILD, unit, operator, project_no=building.project_no)
    assert stored.passed
    cases.case_step_set(case=case, step=3)
    html = op_client.get(f"/cases/{case.pk}/step/3/").content.decode()
    block = html[html.index('<section class="money"') :]
    block = block[: block.index("</section>")]
    assert "工伤保险" in block and block.count("12,005.00") >= 3  # unit, line total, total
    assert "0.00" in block  # no personal share
