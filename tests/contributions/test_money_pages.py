"""Money where it is confirmed (issue #12 §3): every money service shows unit / person
amounts per insurance type and the total on its confirmation (step 3), its result page,
its case page and its 申报表, formatted 1,391,675.60. Figures: WE-01 / WE-02."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from shebao.cases import services as cases
from shebao.contributions.models import Bill, ContributionBase
from shebao.documents.pdf import case_report_html
from tests import factories

from .conftest import MONTHLY, declare_we01, draft, run

ISSUE = "hb_payment_document_issue"
#: WE-01 pension 2844.80 + 1422.40 = 4267.20; WE-02 unemployment 124.46 + 53.34 = 177.80
WE01 = ("城镇职工基本养老保险", "2,844.80", "1,422.40", "4,267.20")
WE02 = ("失业保险", "124.46", "53.34", "177.80")
GRAND = ("2,969.26", "1,475.74", "4,445.00")


def money_block(html):
    """The text of the money block, tags dropped, one line per table row."""
    found = re.search(r'<section class="money".*?</section>', html, re.S)
    assert found, "no money block on the page"
    rows = re.findall(r"<tr.*?</tr>", found.group(0), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]


def assert_we01_we02(html):
    rows = money_block(html)
    assert any(all(v in r for v in WE01) for r in rows), rows
    assert any(all(v in r for v in WE02) for r in rows), rows
    assert any(r.startswith("合计") and all(v in r for v in GRAND) for r in rows), rows


def we01_staff(unit):
    for name in ("张三", "李四"):
        person = factories.person(name=name)
        factories.enrol(person, unit, start=dt.date(2019, 1, 1))
        ContributionBase.objects.create(
            person=person,
            unit=unit,
            year=2020,
            declared_wage=Decimal("8888"),
            base=Decimal("8890"),
            start_period="202007",
            end_period="202106",
        )


@pytest.fixture
def client(operator):
    c = Client()
    c.force_login(operator)
    return c


def test_monthly_confirmation_shows_we01_we02_amounts_per_type(policy, unit, operator, client):
    we01_staff(unit)
    case = draft(MONTHLY, unit, operator)
    assert cases.case_row_add(case=case, raw={"period": "202103"}).passed
    cases.case_step_set(case=case, step=3)

    html = client.get(f"/cases/{case.pk}/step/3/").content.decode()

    assert_we01_we02(html)
    assert "试算" in html  # before submitting the amounts are a preview


def test_monthly_result_case_page_and_report_show_what_was_declared(policy, unit, operator, client):
    we01_staff(unit)
    case = draft(MONTHLY, unit, operator)
    assert cases.case_row_add(case=case, raw={"period": "202103"}).passed
    case = cases.case_submit(case=case, actor=operator)

    for url in (f"/cases/{case.pk}/result/", f"/cases/{case.pk}/"):
        html = client.get(url).content.decode()
        assert_we01_we02(html)
        assert "试算" not in money_block(html)[-1]
    assert_we01_we02(case_report_html(case))  # what the 申报表 PDF is made of


def test_bill_lines_ticked_and_their_total_on_the_confirmation(policy, unit, operator, client):
    declare_we01(unit, operator)
    case = draft(ISSUE, unit, operator)
    step2 = client.get(f"/cases/{case.pk}/step/2/?tab=single").content.decode()
    codes = re.findall(r'name="items" value="(\w+)" form="row-form"', step2)
    assert len(codes) == 2  # one tickable row per declared type
    assert 'data-pick-amount="4267.20"' in step2 and 'data-pick-amount="177.80"' in step2

    # the form posts the ticked rows (no script involved); only the pension's is ticked
    pension = re.search(r'value="(\w+)"[^>]*data-pick-amount="4267.20"', step2).group(1)
    response = client.post(
        f"/cases/{case.pk}/rows/add/", {"collection_type": "正常应缴", "items": [pension]}
    )
    assert response.status_code in (200, 302)
    (row,) = case.rows.all()
    assert row.passed and row.cleaned["items"] == pension
    cases.case_step_set(case=case, step=3)

    html = client.get(f"/cases/{case.pk}/step/3/").content.decode()
    rows = money_block(html)
    assert any(all(v in r for v in WE01) for r in rows), rows
    assert not any("失业保险" in r for r in rows)
    assert any(r.startswith("合计") and "4,267.20" in r for r in rows), rows

    case = cases.case_submit(case=case, actor=operator)
    bill = Bill.objects.get(document_no=case.effect["bills"][0])
    assert bill.total_amount == Decimal("4267.20")
    after = money_block(client.get(f"/cases/{case.pk}/result/").content.decode())
    assert any(r.startswith("合计") and "4,267.20" in r for r in after)


def test_the_api_still_takes_bill_line_codes(policy, unit, operator):
    declare_we01(unit, operator)
    case = draft(ISSUE, unit, operator)
    stored = cases.case_row_add(case=case, raw={"collection_type": "正常应缴", "items": "d999"})
    assert not stored.passed and "D999" in " ".join(e["message"] for e in stored.errors)


def test_back_payment_money_per_type_and_after_approval_as_recorded(
    policy, unit, operator, reviewer, client, on
):
    """§3.3.30 (the hand-computed case of test_arrears_labour_contract): pension 1,040.00 /
    520.00 with interest 43.27 and late fee 351.00; unemployment 45.50 / 19.50, late fee
    14.63; 2,033.90 in all. Once approved, the page shows the recorded lines even when the
    interest would have grown since."""
    from shebao.contributions.specs import arrears_person

    from .arrears_helpers import add_rows, approve, upload

    person = factories.person(name="张三")
    factories.enrol(person, unit, start=dt.date(2019, 1, 1))
    on(dt.date(2022, 3, 10))
    raw = {
        "id_number": person.id_number,
        "name": person.name,
        "start_period": "202011",
        "end_period": "202011",
        "reason": "劳动合同补缴",
        "wage": "6500",
        "months": "1",
    }
    case, (stored,) = add_rows("hb_labour_contract_back_payment", unit, operator, raw)
    assert stored.passed, stored.errors
    upload(case, operator, arrears_person.CONTRACT)
    cases.case_step_set(case=case, step=3)
    pension = ("城镇职工基本养老保险", "1,040.00", "520.00", "394.27", "1,954.27")
    unemployment = ("失业保险", "45.50", "19.50", "14.63", "79.63")

    rows = money_block(client.get(f"/cases/{case.pk}/step/3/").content.decode())
    assert any(all(v in r for v in pension) for r in rows), rows
    assert any(all(v in r for v in unemployment) for r in rows), rows
    assert any(r.startswith("合计") and "2,033.90" in r for r in rows), rows

    case = approve(case, operator, reviewer)
    on(dt.date(2022, 9, 10))  # later: recomputing would add interest and late fees
    rows = money_block(client.get(f"/cases/{case.pk}/").content.decode())
    assert any(all(v in r for v in pension) for r in rows), rows
    assert any(r.startswith("合计") and "2,033.90" in r for r in rows), rows


def test_bill_revocation_confirms_the_amounts_it_gives_back(policy, unit, operator, client):
    declare_we01(unit, operator)
    issued = run(ISSUE, unit, operator, collection_type="正常应缴")
    (number,) = issued.effect["bills"]
    case = draft("hb_payment_document_revocation", unit, operator)
    assert cases.case_row_add(case=case, raw={"document_no": number}).passed
    cases.case_step_set(case=case, step=3)

    html = client.get(f"/cases/{case.pk}/step/3/").content.decode()

    assert "撤销的单据金额" in html
    assert_we01_we02(html)
