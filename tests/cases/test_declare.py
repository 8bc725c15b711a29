"""Declaring in one transaction is a cases service: any channel can call it, no HTTP needed."""

import pytest

from shebao.audit.models import AuditEvent
from shebao.cases.declare import RowsRejected, case_declare, case_open
from shebao.cases.models import Case, CaseRow
from shebao.cases.services import CaseError
from shebao.core.errors import InvalidValue
from shebao.services.registry import registry
from tests.api.conftest import enrolment_row

pytestmark = pytest.mark.django_db

ENROLMENT = "hb_employee_enrolment"


def declare(unit, operator, **kw):
    args = {
        "spec": registry[ENROLMENT],
        "unit": unit,
        "operator": operator,
        "declarant": "王建",
        "declarant_mobile": "18555555555",
        "remarks": "",
        "agreement_accepted": True,
        "rows": [enrolment_row()],
        "file": None,
        "materials": [],
    }
    args.update(kw)
    return case_declare(**args)


def test_a_declaration_becomes_a_submitted_case(unit, operator):
    case = declare(unit, operator)
    assert case.status == "under_review" and case.serial_no
    assert case.rows.filter(passed=True).count() == 1


def test_a_failing_row_refuses_everything_as_a_case_error(unit, operator):
    with pytest.raises(RowsRejected) as refused:
        declare(unit, operator, rows=[enrolment_row(), enrolment_row(mobile="12345")])
    assert isinstance(refused.value, CaseError)
    assert refused.value.message == "有 1 行校验不通过，办件未提交，未保存任何数据"
    assert [f["row"] for f in refused.value.failed] == [2]
    assert not (
        Case.objects.exists()
        or CaseRow.objects.exists()
        or AuditEvent.objects.filter(case__isnull=False).exists()
    )


def test_rows_or_a_file_not_both_nor_neither(unit, operator):
    with pytest.raises(InvalidValue, match="二者选一"):
        declare(unit, operator, rows=None)
    assert not Case.objects.exists()


def test_case_open_refused_leaves_no_draft(unit, operator):
    """The wizard's step 1 posted before a draft exists: a refusal creates nothing."""
    with pytest.raises(CaseError):
        case_open(
            service_code=ENROLMENT,
            unit=unit,
            operator=operator,
            declarant="王建",
            declarant_mobile="18555555555",
            agreement_accepted=False,
        )
    assert not Case.objects.exists()
    case = case_open(
        service_code=ENROLMENT,
        unit=unit,
        operator=operator,
        declarant="王建",
        declarant_mobile="18555555555",
        agreement_accepted=True,
    )
    assert case.agreement_accepted and case.step == 2
