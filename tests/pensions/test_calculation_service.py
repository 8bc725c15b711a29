"""§3.3.42 基本养老金计算（单位） end to end through the engine (issue #13 §4, WE-24)."""

import datetime as dt
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.core.period import Period
from shebao.documents.catalogue import DocumentKind, case_documents
from shebao.documents.pension_sheet import pension_sheet_html, pension_sheet_pdf
from shebao.pensions.models import PensionAward, Retiree
from shebao.pensions.services import recalculate_award, register_retiree
from shebao.pensions.specs.calculation import BasicPensionCalculation
from tests import factories

from .conftest import calculate, pay

pytestmark = pytest.mark.django_db


def retiree_of(unit, *, name="王退休", birth=dt.date(1959, 9, 1), month="201909"):
    """WE-24: 退休日期 2019-09-01, a man born 1959-09 retiring at 60."""
    person = factories.person(name=name, birth=birth)
    pay(person, unit, "201807", "201908", Decimal("6500"))
    register_retiree(
        person_id=person.pk,
        unit_id=unit.pk,
        retirement_month=Period.parse(month),
        category="normal",
        case_id=None,
        decided_by_id=None,
    )
    return person


def test_we24_calculation_completes_at_once_with_the_sheet(policy, unit, operator, tmp_path):
    person = retiree_of(unit)
    case, [row] = calculate(unit, operator, person.person_no)
    assert row.passed, row.errors
    case = cases.case_submit(case=case, actor=operator)

    assert case.status == CaseStatus.COMPLETED
    assert BasicPensionCalculation.completed_message == (
        "该业务已成功办结，您可在待遇计算表单打印功能中打印待遇计算表！"
    )
    award = PensionAward.objects.get(retiree__person=person, current=True)
    assert award.case_id == case.pk and award.version == 2  # 1: on approval, 2: §3.3.42
    # 14 paid months 201807-201908 on 6500 = the average wage: index 1.0000
    assert (award.actual_months, award.average_index) == (14, Decimal("1.0000"))
    # 6500 × (1 + 1) ÷ 2 × 14/12 × 1% = 75.83
    assert award.basic_pension == Decimal("75.83")
    # the person can no longer be added until a reviewer allows a recalculation
    assert not Retiree.objects.get(person=person).recalculation_allowed

    [sheet] = [d for d in case_documents(case) if d.kind == DocumentKind.PENSION_SHEET]
    assert sheet.title == "基本养老金计算表"
    html = pension_sheet_html(case)
    assert "6500.00 × (1 + 1.0000) ÷ 2 × 14÷12 × 1%" in html
    assert person.id_number not in html  # masked
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(pension_sheet_pdf(case))
    out = Path(os.environ.get("SHEBAO_SCREENSHOTS") or tmp_path) / "pension-sheet"
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(out)], check=True)
    assert list(out.parent.glob("pension-sheet*.png"))


def test_calculated_once_until_a_reviewer_allows_it(policy, unit, operator, reviewer):
    person = retiree_of(unit)
    case, _rows = calculate(unit, operator, person.person_no)
    cases.case_submit(case=case, actor=operator)
    _case, [again] = calculate(unit, operator, person.person_no)
    assert not again.passed
    assert again.errors[0]["message"] == "该人员不是本单位可计算待遇的离退休人员"

    retiree = Retiree.objects.get(person=person)
    recalculate_award(retiree_id=retiree.pk, reason="更正缴费基数", by_id=reviewer.pk)
    _case, [third] = calculate(unit, operator, person.person_no)
    assert third.passed, third.errors


def test_another_units_retiree_is_refused_saying_nothing_about_them(
    policy, unit, operator, other_unit
):
    from shebao.policy.seed import policy_seed

    policy_seed(other_unit.region)
    stranger = retiree_of(other_unit, name="李外单")
    nobody = factories.person(name="赵在职")
    _case, [theirs, not_retired] = calculate(unit, operator, stranger.person_no, nobody.person_no)
    messages = {e["message"] for e in theirs.errors} | {e["message"] for e in not_retired.errors}
    assert messages == {"该人员不是本单位可计算待遇的离退休人员"}
    assert "李外单" not in str(theirs.errors)


def test_the_print_queries_link_the_sheet_and_the_statement(policy, unit, operator, op_client):
    person = retiree_of(unit)
    case, _rows = calculate(unit, operator, person.person_no)
    case = cases.case_submit(case=case, actor=operator)

    sheets = op_client.get("/queries/hb_pension_sheet_print/").content.decode()
    assert f"/cases/serial/{case.serial_no}/pension-sheet.pdf" in sheets
    response = op_client.get(f"/cases/serial/{case.serial_no}/pension-sheet.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    statements = op_client.get("/queries/hb_individual_account_statement/").content.decode()
    assert f"/persons/{person.person_no}/account-statement.pdf" in statements
    assert person.id_number not in statements


def test_another_unit_cannot_print_the_sheet(policy, unit, operator, other_client):
    person = retiree_of(unit)
    case, _rows = calculate(unit, operator, person.person_no)
    case = cases.case_submit(case=case, actor=operator)
    assert other_client.get(f"/cases/serial/{case.serial_no}/pension-sheet.pdf").status_code == 404
    assert other_client.get(f"/cases/{case.pk}/pension-sheet.pdf").status_code == 404
