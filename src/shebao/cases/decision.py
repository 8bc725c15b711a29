"""The reviewer's decision, made so that it cannot be made by mistake (issue #12 §4).

- :func:`approval_summary`: what approving the case will do, in the service's words
  (``ServiceSpec.effect_summary``), computed from the rows that passed;
- :func:`approval_token` / :func:`approval_confirmed`: the approval is two steps. 审核通过
  shows the summary with a signed token; only 确认通过 carrying that token approves. The
  token names the case, the reviewer and the summary, so a forged or borrowed post, or rows
  that changed meanwhile cannot approve what the reviewer did not see;
- :func:`rejection_choices`: the reasons and the rows the reviewer may tick;
- :func:`next_to_review`: the case to open after a decision, in the reviewer's own queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext as _

from shebao.policy.models import Region
from shebao.services.registry import registry

from . import selectors
from .models import Case
from .rows import passed_models

SALT = "shebao.cases.decision.approve"
#: How long a confirmation page stays valid (seconds): long enough to read a big case.
TOKEN_MAX_AGE = 2 * 60 * 60


def approval_summary(case: Case) -> str:
    """The service's ``effect_summary`` of the rows that passed (those the approval applies)."""
    return registry[case.service_code].effect_summary(passed_models(case))


def approval_token(case: Case, summary: str, *, reviewer_id: int) -> str:
    data = {"case": case.pk, "reviewer": reviewer_id, "summary": summary}
    return signing.dumps(data, salt=SALT, compress=True)


def approval_confirmed(case: Case, token: str, *, reviewer_id: int) -> str | None:
    """The summary the reviewer confirmed if ``token`` is this reviewer's fresh confirmation
    of this case and the summary is still what approving would do; None otherwise (show it
    again)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    if (data.get("case"), data.get("reviewer")) != (case.pk, reviewer_id):
        return None
    summary = str(data.get("summary", ""))
    return summary if summary == approval_summary(case) else None


@dataclass(frozen=True)
class RowChoice:
    row_no: int
    label: str  # "第 2 行 李小明"


def rejection_choices(case: Case) -> tuple[list[tuple[str, str]], list[RowChoice]]:
    """The service's 常用不通过原因 (value, label shown in the reviewer's language) and the
    case's rows by number and name, for the rejection form's ticks."""
    spec = registry[case.service_code]
    reasons = [(reason, _(reason)) for reason in spec.rejection_reasons]
    rows = [
        RowChoice(row.row_no, _("第 %(n)d 行 %(name)s") % {"n": row.row_no, "name": _name(row)})
        for row in case.rows.order_by("row_no")
    ]
    return reasons, rows


def _name(row: object) -> str:
    values = getattr(row, "cleaned", None) or getattr(row, "raw", None) or {}
    return str(values.get("name") or values.get("manager_name") or "").strip()


def next_to_review(*, region: Region, after: Case, service: str = "") -> Case | None:
    """The first case still waiting in the reviewer's region queue (its own order: earliest
    due date first), other than ``after``, of ``service`` when the queue was filtered to
    one; None when the queue is empty."""
    queue = selectors.review_queue(region=region).exclude(pk=after.pk)
    if service:
        queue = queue.filter(service_code=service)
    return queue.first()
