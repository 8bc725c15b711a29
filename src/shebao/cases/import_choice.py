"""追加 or 替换: what an upload does to a draft that already has rows (issue #12 §1).

替换 keeps the file's rows only; 追加 keeps the draft's and adds the file's, a person already
in the draft updated rather than added twice (``cases.rows.rows_appended``); without a choice
nothing is stored. Either way the upload is validated against the draft's rows as they were
when the user chose: if they change meanwhile (another tab, a single add), the upload stores
nothing and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.services.spec import ServiceSpec

from .models import Case, CaseStatus, RowImport
from .rows import rows_appended
from .services import NOT_DRAFT, CaseError

Rows = list[tuple[int, dict[str, Any]]]

CHOOSE_MERGE = gettext_noop(
    "本办件已有 %(n)d 行数据，请选择“追加”（保留已有数据）或“替换”（删除已有的 %(n)d 行）后再上传"
)
ROWS_CHANGED = gettext_noop(
    "上传校验期间本办件的数据有变动（例如在其他窗口添加或修改了人员），本次上传未生效，"
    "办件现有数据未改动；请重新上传"
)


@dataclass(frozen=True)
class Choice:
    """追加 or 替换, and the draft's rows revision the user chose it against."""

    merge: str
    basis: int

    @classmethod
    def of(cls, case: Case, merge: str | None) -> Choice:
        """The user's choice; required once the draft has rows (nothing is replaced unasked)."""
        basis, status = Case.objects.values_list("rows_revision", "status").get(pk=case.pk)
        if status != CaseStatus.DRAFT:
            raise CaseError(_(NOT_DRAFT))
        if merge not in (None, *RowImport.Merge.values):
            raise InvalidValue(_("上传方式只能是“追加”或“替换”"))
        if merge is None:
            count = case.rows.count()
            if count:
                raise InvalidValue(_(CHOOSE_MERGE) % {"n": count})
            merge = RowImport.Merge.REPLACE
        return cls(merge=merge, basis=basis)

    def rows(self, case: Case, spec: ServiceSpec[Any], incoming: Rows) -> tuple[Rows, int]:
        """What to validate and store: the file's rows, or the draft's followed by them."""
        if self.merge != RowImport.Merge.APPEND:
            return incoming, 0
        existing = [(r.row_no, dict(r.raw)) for r in case.rows.order_by("row_no")]
        return rows_appended(spec=spec, existing=existing, incoming=incoming)

    def still_current(self, case: Case) -> None:
        """Under the draft's lock: the rows are those the upload was validated with."""
        if case.rows_revision != self.basis:
            raise InvalidValue(_(ROWS_CHANGED))
