"""显示完整号码: an agency reviewer reveals one full personal number of a case (to call the
declarant or a person), an explicit action that is audited.

Only what the service's row declares sensitive (``column(..., sensitive=...)``) or the
declarant's mobile can be revealed, one value per request, and each reveal is one
access audit event naming the case, the row, the field and the person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.reads import ReadAction, access_read_record
from shebao.core.errors import InvalidValue
from shebao.core.masking import Sensitive
from shebao.services.registry import registry

from .models import Case

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DECLARANT_MOBILE = "declarant_mobile"
NOT_SENSITIVE = gettext_noop("“%(f)s”不是可显示完整号码的字段")
NO_ROW = gettext_noop("办件没有第 %(n)s 行")


def case_value_reveal(
    *,
    case: Case,
    field: str,
    row_no: int | None,
    actor: User,
    ip: str | None = None,
) -> str:
    """The full value of ``field`` (of row ``row_no``, or the case's declarant mobile)."""
    if field == DECLARANT_MOBILE:
        value, kind, person = case.declarant_mobile, Sensitive.MOBILE, case.declarant
    else:
        columns = {c.name: c for c in registry[case.service_code].row.columns()}
        column = columns.get(field)
        if column is None or column.sensitive is None:
            raise InvalidValue(_(NOT_SENSITIVE) % {"f": field})
        row = case.rows.filter(row_no=row_no or 0).first()
        if row is None:
            raise InvalidValue(_(NO_ROW) % {"n": row_no})
        values = row.cleaned if row.passed and row.cleaned else row.raw
        value, kind = str(values.get(field) or ""), column.sensitive
        person = str(values.get("name") or values.get("manager_name") or "")
    access_read_record(
        action=ReadAction.REVEAL,
        actor=actor,
        unit=case.unit,
        ip=ip,
        case_id=case.pk,
        serial_no=case.serial_no or "",
        row_no=row_no,
        field=field,
        kind=str(kind),
        person=person,
    )
    return value
