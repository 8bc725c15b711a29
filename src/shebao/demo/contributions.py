"""Demo contributions: the last three months declared (§3.3.22) and the first two billed
(§3.3.26), through the real services, so 缴费综合信息, 业务单据查询 and the printed
应缴认定单 have something to show on a fresh ``make demo``."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone

from shebao.cases import services as cases
from shebao.cases.models import Case, CaseStatus
from shebao.contributions.models import Bill, MonthlyDeclaration
from shebao.core.period import Period
from shebao.registry.models import Unit

MONTHLY = "hb_monthly_contribution_declaration"
ISSUE = "hb_payment_document_issue"
MONTHS = 3


def demo_periods() -> list[Period]:
    """The three months before the current one, oldest first."""
    now = Period.of(timezone.localdate())
    return [now + -n for n in range(MONTHS, 0, -1)]


def contributions_load(*, unit: Unit, operator: User) -> str:
    """Declare and bill once: a unit that has declarations already is left as it is."""
    if not MonthlyDeclaration.objects.filter(unit=unit).exists():
        periods = demo_periods()
        for period in periods:
            _completed(unit, operator, MONTHLY, {"period": str(period)})
        _completed(
            unit,
            operator,
            ISSUE,
            {"collection_type": "正常应缴", "period_to": str(periods[-2])},
        )
    declared = MonthlyDeclaration.objects.filter(unit=unit).count()
    bills = Bill.objects.filter(unit=unit).count()
    return f"{declared} 条缴费申报，{bills} 张应缴认定单"


def _completed(unit: Unit, operator: User, code: str, raw: dict[str, str]) -> Case:
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    case = cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    stored = cases.case_row_add(case=case, raw=raw)
    if not stored.passed:
        raise RuntimeError(f"demo {code}: {stored.errors}")
    case = cases.case_submit(case=case, actor=operator)
    if case.status != CaseStatus.COMPLETED:
        raise RuntimeError(f"demo {code}: {case.status}")
    return case
