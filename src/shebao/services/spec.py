"""What a business service declares; the engine derives every screen, file and endpoint from it."""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .roster import RosterFormat
from .rows import RowModel

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

    from shebao.registry.models import Person, PersonQuerySet, Unit


class Mode(enum.StrEnum):
    SINGLE = "single"
    BATCH = "batch"


MODE_LABELS = {Mode.SINGLE: gettext_noop("单个添加"), Mode.BATCH: gettext_noop("批量添加")}


class Review(enum.StrEnum):
    AUTO = "auto"  # 该业务已成功办结
    AGENCY = "agency"  # 该业务已提交审核 -> reviewer approves or rejects


class Group(enum.StrEnum):
    REQUIRED = gettext_noop("必传")
    OPTIONAL = "可选"
    GROUP1 = "分组1"
    GROUP2 = "分组2"


@dataclass(frozen=True)
class Material:
    name: str
    group: Group = Group.OPTIONAL
    note: str = ""

    @property
    def code(self) -> str:
        return self.name


@dataclass(frozen=True)
class Template:
    """The batch roster (报盘) as the manual prints it."""

    title: str
    header_lines: Sequence[str] = ("管理单位或独立缴费单位名称(章):", "管理单位或独立缴费单位编号:")
    example: dict[str, str] = field(default_factory=dict)
    notes: Sequence[str] = ()
    instruction: str = "以上一行填写示例请从下一行开始按示例填写"
    footer: str = "* 以上事项填写真实，若与实际情况不符，本单位愿意承担相关责任。"


@dataclass(frozen=True)
class RowError:
    row: int  # the row number the user sees (Excel row, or position on screen)
    column: str  # the Chinese column label, or "" for the whole row
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" + (f"【{self.column}】" if self.column else "")
        return f"{where}：{self.message}"


@dataclass(frozen=True)
class InfoTable:
    """Read-only records shown above the single form (e.g. 单位已参保信息), so the user sees
    what a row may refer to before typing it."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class ReportField:
    """A 申报表 column the unit does not type but the service works out from the row,
    such as the contribution base and its 保底/封顶 flag; filled by ``report_values``."""

    name: str
    label: str
    kind: str = "text"  # text / money / number, formatted like row columns


@dataclass
class CheckContext:
    """What a spec's cross-row and database checks may look at."""

    unit: Unit
    #: What ``ServiceSpec.prefetch`` loaded for these rows, once for the whole validation.
    prefetched: Any = None
    errors: dict[int, list[RowError]] = field(default_factory=dict)

    def fail(self, row: int, column: Any, message: Any) -> None:
        self.errors.setdefault(row, []).append(RowError(row, str(column), str(message)))


@dataclass(frozen=True)
class EffectContext:
    """What an effect (``apply`` / ``revert``) knows of the case that carries it.

    The engine builds it from the case, so specs never touch the case model; an effect that
    refuses raises ``InvalidValue`` and the engine turns it into the case error.
    """

    unit: Unit
    serial_no: str  # the case's 业务流水号, set before any effect runs
    case_id: int  # for records that point back at the case (arrears, refunds)
    operator_id: int  # the unit's operator who declared the case
    decided_by_id: int | None = None  # the reviewer; None when the case completes on submit

    @cached_property
    def operator(self) -> User:
        """Loaded on first use only, like the case's foreign key was."""
        user: User = get_user_model().objects.get(pk=self.operator_id)
        return user

    @cached_property
    def decided_by(self) -> User | None:
        if self.decided_by_id is None:
            return None
        user: User = get_user_model().objects.get(pk=self.decided_by_id)
        return user


class DraftView(Protocol):
    """A read-only look at a draft's rows, for rules that follow what the rows chose
    (required materials, the tables above the single form). Each read is one query."""

    @property
    def unit(self) -> Unit: ...

    def first_raw(self) -> Mapping[str, Any] | None:
        """The first row as the unit typed it, by row number; None without rows."""
        ...

    def passed_cleaned(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """The cleaned values of the rows that passed, by row number."""
        ...


RowT = TypeVar("RowT", bound=RowModel)

CARD_TEXT_MAX = 60

#: Person fields a look-up never copies into a form: the ID number goes masked, by the engine.
LOOKUP_WITHHELD = frozenset({"id", "id_number", "id_number_hash", "created_at", "updated_at"})


class ServiceSpec(Generic[RowT]):
    """Base class of a declared service; subclasses set the class attributes and effect.

    Generic over the row model (``ServiceSpec[SuspensionRow]``), so the hooks get typed rows.
    """

    code: ClassVar[str]
    title: ClassVar[str]
    section: ClassVar[str] = ""  # the manual's reference: shown as 依据 in 服务说明 only
    description: ClassVar[str] = ""
    #: The line under the title on the service card; by default the description's first
    #: sentence (see ``card_text``). Plain words: no section numbers or document references.
    short_description: ClassVar[str] = ""
    row: type[RowT]  # a class attribute; ClassVar cannot hold a type variable
    modes: ClassVar[frozenset[Mode]] = frozenset({Mode.SINGLE, Mode.BATCH})
    #: The most rows one case may declare (e.g. 1: one project per registration); None: any.
    max_rows: ClassVar[int | None] = None
    template: ClassVar[Template | None] = None
    materials: ClassVar[Sequence[Material]] = ()
    review: ClassVar[Review] = Review.AGENCY
    review_workdays: ClassVar[int] = 2  # the reviewer's time limit in working days
    report: ClassVar[str] = "services/report.html"
    report_title: ClassVar[str] = ""
    report_columns: ClassVar[Sequence[str]] = ()  # row field names shown on the 申报表
    report_notes: ClassVar[Sequence[str]] = ()
    requires_online_access: ClassVar[bool] = True  # False: the application to go online itself
    report_computed: ClassVar[Sequence[ReportField]] = ()  # appended after report_columns
    agreement: ClassVar[str] = "我已阅读以上内容，并接受用户使用协议和相关法律法规条款。"
    #: The word the wizard counts rows in, after the number: "第 1 行", "校验通过 3 行". A
    #: service whose rows are not lines of a roster names them (monthly: "条申报").
    row_noun: ClassVar[str] = gettext_noop("行")
    #: Tab titles of the modes where 单个添加 / 批量添加 do not fit (monthly: 填写申报).
    mode_labels: ClassVar[Mapping[Mode, str]] = {}

    @classmethod
    def mode_label(cls, mode: Mode) -> str:
        """The tab title of ``mode``, translated."""
        return str(_(cls.mode_labels.get(mode) or MODE_LABELS[mode]))

    def prefetch(self, unit: Unit, rows: list[RowT]) -> Any:
        """Load what the check, the report and the effect look up for ``rows``, in a
        number of queries that does not grow with the rows; None by default.

        The engine calls it once per validation and hands the result to ``check`` as
        ``ctx.prefetched``; ``report_values`` and ``apply`` call it themselves. Validation
        cost is part of a spec's contract: tests/services/test_query_budget.py fails a
        batch service whose checks query once per row.
        """
        return None

    def row_key(self, raw: Mapping[str, Any]) -> str | None:
        """Whom a typed row declares, so that appending an upload to a draft updates a person
        already in it rather than adding them twice; None: the row is always added.

        The ID number, else the 个人编号, of a row that has one; override for rows keyed
        otherwise (a project, a period).
        """
        for name in ("id_number", "person_no"):
            value = raw.get(name)
            if value is not None and str(value).strip():
                return f"{name}:{str(value).strip().upper()}"
        return None

    def check(self, ctx: CheckContext, rows: list[tuple[int, RowT]]) -> None:
        """Cross-row and database checks; report problems with ``ctx.fail``."""

    def lock_keys(self, rows: Sequence[Mapping[str, Any]]) -> Collection[str]:
        """The ID numbers of the persons the effect (or its undo) writes, given the stored
        rows' cleaned values; the engine locks those persons before re-checking, so two
        approvals on the same people serialise. Default: every ``id_number`` a row names.
        """
        return {str(row["id_number"]) for row in rows if row.get("id_number")}

    def required_materials(self, draft: DraftView) -> Sequence[Material]:
        """The materials the case of ``draft`` must carry, by group; ``materials`` by default.

        Override when the rule depends on the rows (补缴 within 3 years needs a 劳动合同,
        beyond that one of the legal documents). Every name returned must be one of
        ``materials``, which stays the list a unit may upload.
        """
        return self.materials

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable | None:
        """What the single-add tab shows above the form; none by default.

        ``draft`` is the case being filled, so the table can follow what its rows chose
        (e.g. the roster of the project the rows name).
        """
        return None

    def info_tables(self, unit: Unit, draft: DraftView | None = None) -> Sequence[InfoTable]:
        """Every table shown above the single form; override when one is not enough."""
        table = self.info_table(unit, draft)
        return [table] if table is not None else []

    def lookup_persons(self, unit: Unit, persons: PersonQuerySet) -> QuerySet[Person]:
        """Whom the 人员信息查询窗口 offers for this service: ``persons`` (those related to
        ``unit``) by default; override to narrow them to whom the service may name (an
        enrolment offers those not insured here). The engine intersects the result with the
        related persons again, so a hook can never show another unit's staff.
        """
        return persons

    def lookup_fill(self, person: Person) -> dict[str, str]:
        """The form fields a pick fills from the person record: every row field the record
        knows (民族, 联系电话…), beside the masked ID number the engine fills itself."""
        known = {f.name for f in person._meta.concrete_fields} - LOOKUP_WITHHELD
        fill: dict[str, str] = {}
        for col in self.row.columns():
            value = getattr(person, col.name, None) if col.name in known else None
            if value not in (None, ""):
                fill[col.name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return fill

    def apply(self, effect: EffectContext, rows: list[RowT]) -> dict[str, Any]:
        """The effect on the system of record, run once inside the approval transaction.

        Raise ``InvalidValue`` when the records changed meanwhile; the engine refuses the case.
        """
        raise NotImplementedError

    def revert(self, effect: EffectContext) -> dict[str, Any]:
        """The compensating effect of a rollback (回退), run once inside its transaction.

        Services that cannot be undone keep this default and are not offered a rollback.
        Raise ``InvalidValue`` with the reason when later business blocks the undo.
        """
        raise NotImplementedError

    @classmethod
    def card_text(cls) -> str:
        """``short_description``, else the description up to its first full stop (at most 60
        characters)."""
        text = cls.short_description or cls.description.split("。", 1)[0]
        return text if len(text) <= CARD_TEXT_MAX else text[: CARD_TEXT_MAX - 1] + "…"

    @classmethod
    def revertible(cls) -> bool:
        return cls.revert is not ServiceSpec.revert

    @classmethod
    def roster_format(cls) -> RosterFormat:
        """The service's batch file layout (columns, template, title) for the roster readers."""
        return RosterFormat(title=cls.title, row=cls.row, template=cls.template)

    def summary(self, rows: list[RowT]) -> list[tuple[str, Any]]:
        """Totals printed under the 申报表 (合计)."""
        return [(str(_("合计")), f"{len(rows)} 人")]

    def report_values(self, unit: Unit, rows: list[RowT]) -> list[dict[str, Any]]:
        """Values of ``report_computed`` for each row, in order (one query for all rows)."""
        return [{} for _row in rows]

    def computed_summary(self, values: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        """Totals of the computed columns, printed after ``summary``; none by default."""
        return []
