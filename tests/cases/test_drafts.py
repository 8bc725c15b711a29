"""修改后重新申报 and 删除草稿 as service functions (issue #12 §5); the pages are in tests/web."""

from __future__ import annotations

import pytest

from shebao.cases import drafts
from shebao.cases import services as cases
from shebao.cases.models import Case, CaseStatus
from shebao.cases.services import CaseError
from tests.web.helpers import draft_case, enrolment_raw

pytestmark = pytest.mark.django_db


def _rejected(unit, operator, reviewer, raw) -> Case:
    case = draft_case(unit, operator, rows=0)
    cases.case_row_add(case=case, raw=raw)
    case = cases.case_submit(case=case, actor=operator)
    return cases.case_reject(case=case, reviewer=reviewer, reason="信息有误")


def test_the_rows_are_validated_again_against_todays_records(unit, operator, reviewer):
    raw = enrolment_raw()
    old = _rejected(unit, operator, reviewer, raw)
    other = draft_case(unit, operator, rows=0)
    cases.case_row_add(case=other, raw=raw)  # the same person, enrolled meanwhile
    cases.case_approve(case=cases.case_submit(case=other, actor=operator), reviewer=reviewer)

    new = drafts.case_resubmit(case=old, unit=unit, actor=operator)

    (row,) = new.rows.all()
    assert row.raw == old.rows.get().raw
    assert not row.passed and row.errors  # shown on 表单填写, to correct before submitting
    with pytest.raises(CaseError):
        cases.case_submit(case=new, actor=operator)


def test_a_discarded_resubmission_does_not_count(unit, operator, reviewer):
    old = _rejected(unit, operator, reviewer, enrolment_raw())
    first = drafts.case_resubmit(case=old, unit=unit, actor=operator)
    assert drafts.case_resubmit(case=old, unit=unit, actor=operator) == first
    drafts.case_discard(case=first, unit=unit, actor=operator)
    second = drafts.case_resubmit(case=old, unit=unit, actor=operator)
    assert second != first and second.status == CaseStatus.DRAFT
    assert second.rows.count() == 1


def test_scoped_to_the_acting_unit(unit, operator, reviewer, other_unit, other_operator):
    old = _rejected(unit, operator, reviewer, enrolment_raw())
    with pytest.raises(Case.DoesNotExist):
        drafts.case_resubmit(case=old, unit=other_unit, actor=other_operator)
    draft = draft_case(unit, operator)
    with pytest.raises(Case.DoesNotExist):
        drafts.case_discard(case=draft, unit=other_unit, actor=other_operator)
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT
