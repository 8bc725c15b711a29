"""What a business service declares; the engine derives every screen, file and endpoint from it."""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from shebao.core.money import round_half_up_to_cent
from shebao.policy.areas import Area

from .modules import Module
from .money import MoneySummary, summary_from_values
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
class InfoPick:
    """Makes an info table's rows tickable: ticking row i puts ``keys[i]`` into the row
    column ``field`` (one of the spec's ``pick_columns``), comma-separated as the API takes
    it; ``amounts[i]`` feeds the running total shown under the table."""

    field: str
    keys: Sequence[str]
    amounts: Sequence[Decimal]
    #: What ticking nothing means (不勾选时开具全部符合条件的待征集信息).
    note: str = ""


@dataclass(frozen=True)
class InfoTable:
    """Read-only records shown above the single form (e.g. 单位已参保信息), so the user sees
    what a row may refer to before typing it, or ticks the ones a row takes (``pick``)."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    pick: InfoPick | None = None

    @property
    def pick_rows(self) -> list[tuple[str, str, Sequence[str]]]:
        """(key, amount as plain cents text for the running total, cells) of each row."""
        if self.pick is None:
            return []
        amounts = [str(round_half_up_to_cent(a)) for a in self.pick.amounts]
        return list(zip(self.pick.keys, amounts, self.rows, strict=True))


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

#: 常用不通过原因 every service offers the reviewer as ticks, beside the free text; a spec
#: adds its own in ``rejection_reasons``. Stored in Chinese (the unit reads them), shown
#: through gettext.
COMMON_REJECTION_REASONS: tuple[str, ...] = (
    gettext_noop("材料不齐全"),
    gettext_noop("材料不清晰"),
    gettext_noop("信息与材料不符"),
)
EFFECT_DEFAULT = gettext_noop("审核通过后，“%(t)s”的 %(n)d 条申报数据即时生效")
SPAN = gettext_noop("%(a)s 至 %(b)s")
ROW_NOUN = gettext_noop("行")  # the default ``row_noun``


def span_text(values: Iterable[Any]) -> str:
    """One value, or the first and the last of several ("2026-11-01 至 2026-12-01",
    "202401 至 202406"): the dates or periods an effect summary names."""
    ordered = sorted({v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values})
    if not ordered:
        return "—"
    if len(ordered) == 1:
        return ordered[0]
    return str(_(SPAN)) % {"a": ordered[0], "b": ordered[-1]}


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
    #: The areas whose regions offer the service (``policy.areas``): every spec declares them,
    #: and a unit is offered a service only if its region is in one (``services.offer``).
    areas: ClassVar[frozenset[Area]]
    #: The manual's module the home page lists the service under.
    module: ClassVar[Module]
    #: Words a clerk may search for besides the title (增员, 停保…), for the home page's search.
    keywords: ClassVar[Sequence[str]] = ()
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
    #: The reasons the reviewer may tick when rejecting: the common ones, then the service's.
    rejection_reasons: ClassVar[Sequence[str]] = COMMON_REJECTION_REASONS
    #: What the money a case confirms is (``money_summary``): 应缴金额, 退费金额…
    money_title: ClassVar[str] = gettext_noop("应缴金额")
    #: Row columns filled by ticking rows of an info table (``InfoTable.pick``), not typed.
    pick_columns: ClassVar[frozenset[str]] = frozenset()
    #: the result page's wording of a ``Review.AUTO`` case ("" for the engine's 该业务已成功办结!)
    completed_message: ClassVar[str] = ""
    #: The word the wizard counts rows in, after the number: "第 1 行", "校验通过 3 行". A
    #: service whose rows are not lines of a roster names them (monthly: "条申报").
    row_noun: ClassVar[str] = ROW_NOUN
    #: Tab titles of the modes where 单个添加 / 批量添加 do not fit (monthly: 填写申报).
    mode_labels: ClassVar[Mapping[Mode, str]] = {}
    #: The word the confirmation counts the case's rows in ("请核对申报表（共 3 人）");
    #: "" for the default of ``count_noun_of``.
    count_noun: ClassVar[str] = ""

    @classmethod
    def count_noun_of(cls) -> str:
        """``count_noun``, else the ``row_noun`` of a service that names its rows (1 条申报),
        else 人 for rows of persons and 条 for any other record, translated."""
        if cls.count_noun:
            return str(_(cls.count_noun))
        if cls.row_noun != ROW_NOUN:
            return str(_(cls.row_noun))
        names = {c.name for c in cls.row.columns()}
        return str(_("人") if names & {"id_number", "person_no"} else _("条"))

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

    def subtable_prefill(self, unit: Unit, person: Person) -> dict[str, list[dict[str, str]]]:
        """Sub-rows the system knows for ``person`` (a retiree's 参保信息 from the registry),
        by sub-table name, offered when the unit starts the row; none by default."""
        return {}

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

    def effect_summary(self, rows: list[RowT]) -> str:
        """What approving a case of ``rows`` (those that passed) will do, in one sentence the
        reviewer confirms before the approval is written (e.g. "将为 3 人办理参保登记，自
        2026-12-01 起生效"); by default the title and the row count. Override with the
        service's own words wherever the effect has a number of people or a date."""
        return str(_(EFFECT_DEFAULT)) % {"t": self.title, "n": len(rows)}

    def summary(self, rows: list[RowT]) -> list[tuple[str, Any]]:
        """Totals printed under the 申报表 (合计)."""
        return [(str(_("合计")), f"{len(rows)} 人")]

    def report_values(self, unit: Unit, rows: list[RowT]) -> list[dict[str, Any]]:
        """Values of ``report_computed`` for each row, in order (one query for all rows).

        A value named after a typed ``report_columns`` field is printed in its place: the
        service fills in what the row left to it (the 申报险种 a declaration covers when
        it ticks none, so the form shows them)."""
        return [{} for _row in rows]

    def computed_summary(self, values: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        """Totals of the computed columns, printed after ``summary``; none by default."""
        return []

    def money_summary(
        self,
        *,
        unit: Unit,
        rows: list[RowT],
        values: list[dict[str, Any]],
        effect: Mapping[str, Any] | None,
    ) -> MoneySummary | None:
        """The money the case confirms, per insurance type: unit, person, fees and totals,
        printed on the confirmation, the result, the case page and the 申报表.

        ``values`` are ``report_values(unit, rows)``; ``effect`` is the stored effect once
        it has been applied (None before: the amounts are then a preview), so a service
        can read back what it recorded. By default one line from the computed columns
        ``unit_amount`` / ``premium``, ``individual_amount``, ``interest``, ``late_fee``,
        ``total``; None (no money block) for services without them.
        """
        return summary_from_values(values, title=str(_(self.money_title)), label=str(_("本次申报")))
