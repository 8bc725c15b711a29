"""§3.3.26 应缴认定单及退费单据开具 and §3.3.27 应缴认定单及退费单据撤销.

Issuing takes the declared data without a document (待征集信息) chosen by 征集类型,
费款所属期止 and 险种类型 (R-REF-06) and makes one document of it: a 应缴认定单 for
正常应缴 (monthly declarations), 补缴 (approved back-payments, with interest and late
fees) and 差额补缴 (补差 of wage changes); a 退费单据 for 差额退费 (退差 of wage
changes) and 多缴退费 (approved §3.3.35 refunds) — "refund documents are generated the
same way". The optional 待征集编号 picks rows of the 待征集信息 table (the ticked rows of
the manual); without it every row matching the conditions is taken. What is billed can no
longer be cancelled (§3.3.23, R-REF-03) or rolled back; revoking a wrong or expired,
unpaid document (R-REF-04) gives it back. Both complete at once; the document prints as
《社会保险费应缴认定单》 or 《社会保险费退费单》 (``shebao.documents.bill``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.money import format_money
from shebao.policy.areas import HUBEI_ONLY
from shebao.policy.selectors import PROVISIONAL_INTEREST
from shebao.registry.choices import TYPE_ALIASES, TYPE_CHOICES, TYPE_NAMES, InsuranceType
from shebao.registry.models import Unit
from shebao.services.modules import Module
from shebao.services.money import MoneySummary
from shebao.services.registry import register
from shebao.services.rows import PeriodText, RowModel, Text, column, one_of
from shebao.services.spec import CheckContext, InfoPick, InfoTable, Mode, Review, ServiceSpec

from ..bills import (
    DECLARATIONS_CHANGED,
    ISSUED_BY_3_3_26,
    NO_RECEIVING_ACCOUNT,
    PendingItem,
    bill_get,
    bill_issue,
    bill_list,
    bill_period,
    bill_revoke,
    bill_subject,
    item_codes,
    ledger_name,
    pending_items,
    revoke_refusal,
)
from ..models import Bill, BillKind, BillStatus, CollectionType
from ..selectors import receiving_account
from .bill_money import issued_money, pending_money, revoked_money

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

NOTHING_PENDING = gettext_noop("没有符合条件的待征集信息（已申报且未开具单据的缴费数据）")
OVERLAPS = gettext_noop("与第 %(n)d 行的待征集信息重叠")
UNKNOWN_ITEM = gettext_noop("待征集编号 %(c)s 不在符合条件的“%(t)s”待征集信息中")
UNKNOWN_BILL = gettext_noop("征集通知单号 %(n)s 不存在或不属于本单位")
DUPLICATE_BILL = gettext_noop("与第 %(n)d 行的征集通知单号重复")
CHANGED_MEANWHILE = gettext_noop("单据 %(n)s 刚被其他业务处理，本办件未生效，请刷新后重新办理")

#: 征集类型 this service issues, by label (项目工伤 bills come from §3.3.24 / §3.3.25).
COLLECTION_CHOICES = [str(CollectionType(t).label) for t in ISSUED_BY_3_3_26]
COLLECTION_BY_LABEL = {str(CollectionType(t).label): str(t) for t in ISSUED_BY_3_3_26}
CollectionTypeName = Annotated[str, one_of(COLLECTION_CHOICES)]
InsuranceTypeName = Annotated[str, one_of(TYPE_CHOICES, TYPE_ALIASES)]
#: 收付方式 of every bill here: contributions are collected by the tax authority (税务征收).
SETTLEMENT = gettext_noop("地税征收")


BILL_HEADERS = (
    "征集通知单号",
    "账套类型",
    "收支类型",
    "主体编号",
    "主体名称",
    "单据所属期",
    "收付方式",
    "应处理金额",
    "已到账金额",
    "单据状态",
    "缴费截止日期",
    "业务流水号",
    "经办时间",
    "经办机构",
)


def bill_cells(bill: Bill) -> tuple[str, ...]:
    subject_no, subject_name = bill_subject(bill)
    return (
        bill.document_no,
        ledger_name(bill),
        _("收入") if bill.kind == BillKind.PAYMENT else _("支出"),
        subject_no,
        subject_name,
        bill_period(bill),
        _(SETTLEMENT),
        format_money(bill.total_amount),
        format_money(bill.received_amount),
        bill.get_status_display(),
        bill.due_date.isoformat(),
        bill.serial_no,
        timezone.localtime(bill.issued_at).strftime("%Y-%m-%d %H:%M"),
        bill.region.name,
    )


PENDING_HEADERS = (
    "待征集编号",
    "征集类型",
    "收支类型",
    "险种类型",
    "费款所属期",
    "人数",
    "单位金额",
    "个人金额",
    "利息",
    "滞纳金",
    "合计",
    "业务流水号",
)
FEES_ON_BILLING = gettext_noop("开具时生成")


def _money(amount: Any) -> str:
    return format_money(amount)


def _interest_note(item: PendingItem) -> str:
    if item.interest_provisional is None:
        return ""
    return "（" + _(PROVISIONAL_INTEREST) % {"y": item.interest_provisional} + "）"


def pending_cells(item: PendingItem) -> tuple[str, ...]:
    """A row of 待征集信息: what it is, its periods and amounts (退费 amounts positive)."""
    span = item.period_from
    if item.period_to != item.period_from:
        span = f"{item.period_from}-{item.period_to}"
    later = _(FEES_ON_BILLING) if item.fees_on_billing else ""
    return (
        item.code,
        str(CollectionType(item.collection_type).label),
        _("收入") if item.kind == BillKind.PAYMENT else _("支出"),
        "、".join(str(InsuranceType(t).label) for t in item.insurance_types),
        span,
        str(item.headcount),
        _money(item.unit_amount),
        _money(item.individual_amount),
        later or _money(item.interest) + _interest_note(item),
        later or _money(item.late_fee),
        _money(item.total),
        item.serial_no,
    )


class BillIssueRow(RowModel):
    collection_type: CollectionTypeName = column(
        "征集类型",
        example="正常应缴",
        kind="choice",
        choices=COLLECTION_CHOICES,
        help="应缴：正常应缴、补缴、差额补缴；退费：差额退费、多缴退费",
    )
    period_to: PeriodText | None = column(
        "费款所属期止", example="202103", required=False, help="YYYYMM；不填时包括全部已申报期"
    )
    insurance_type: InsuranceTypeName | None = column(
        "险种类型",
        required=False,
        kind="choice",
        choices=TYPE_CHOICES,
        help="不选时包括全部险种",
    )
    items: Text | None = column(
        "待征集编号",
        example="D12,D13",
        required=False,
        help="在待征集信息中勾选要开具的行（接口中填编号，多个用逗号分隔）；"
        "不选时开具全部符合条件的待征集信息",
    )


def _collection(row: BillIssueRow) -> str:
    return COLLECTION_BY_LABEL[row.collection_type]


def _matching(unit: Unit, row: BillIssueRow) -> list[PendingItem]:
    kind = TYPE_NAMES[row.insurance_type] if row.insurance_type else None
    return pending_items(
        unit=unit, collection_type=_collection(row), period_to=row.period_to, insurance_type=kind
    )


def _picked(unit: Unit, row: BillIssueRow) -> tuple[list[PendingItem], list[str]]:
    """The row's pending items, and the 待征集编号 it names that match nothing."""
    found = _matching(unit, row)
    codes = item_codes(row.items)
    if not codes:
        return found, []
    by_code = {item.code: item for item in found}
    return [by_code[c] for c in dict.fromkeys(codes) if c in by_code], [
        c for c in codes if c not in by_code
    ]


@register
class PaymentDocumentIssue(ServiceSpec[BillIssueRow]):
    code = "hb_payment_document_issue"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    keywords = ("缴费单", "认定单", "退费单", "开票")
    title = "单位社会保险费应缴认定单及退费单据开具"
    section = "§3.3.26"
    description = (
        "按征集类型、费款所属期止和险种类型查询本单位已申报、尚未开具单据的数据（待征集信息），"
        "可填待征集编号只开具其中几条，生成单据并打印：正常应缴、补缴（含利息和滞纳金）、"
        "差额补缴开具社会保险费应缴认定单；差额退费、多缴退费开具退费单据，款项退至单位收款账户。"
        "开具后相应的申报不能再撤销；单据有误或已过有效期的，可通过"
        "“单位社会保险费应缴认定单及退费单据撤销”撤销。提交即办结。"
    )
    row = BillIssueRow
    modes = frozenset({Mode.SINGLE})
    review = Review.AUTO
    report_title = "单位社会保险费应缴认定单及退费单据开具申请表"
    report_columns = ("collection_type", "period_to", "insurance_type", "items")
    pick_columns = frozenset({"items"})

    def info_tables(self, unit: Unit, draft: DraftView | None = None) -> list[InfoTable]:
        items = pending_items(unit=unit)
        pending = InfoTable(
            title=_("待征集信息"),
            headers=PENDING_HEADERS,
            rows=[pending_cells(item) for item in items],
            pick=InfoPick(
                field="items",
                keys=[item.code for item in items],
                amounts=[item.total for item in items],
                note=_("不勾选时开具全部符合条件的待征集信息"),
            ),
        )
        issued = InfoTable(
            title=_("已开具的单据"),
            headers=BILL_HEADERS,
            rows=[bill_cells(b) for b in bill_list(unit=unit)[:50]],
        )
        return [pending, issued]

    def check(self, ctx: CheckContext, rows: list[tuple[int, BillIssueRow]]) -> None:
        claimed: dict[str, int] = {}
        for number, row in rows:
            if _collection(row) == CollectionType.DIFFERENCE_REFUND and not receiving_account(
                ctx.unit
            ):
                ctx.fail(number, "征集类型", _(NO_RECEIVING_ACCOUNT))
                continue
            items, unknown = _picked(ctx.unit, row)
            for code in unknown:
                ctx.fail(
                    number, "待征集编号", _(UNKNOWN_ITEM) % {"c": code, "t": row.collection_type}
                )
            if not items:
                if not unknown:
                    ctx.fail(number, "征集类型", _(NOTHING_PENDING))
                continue
            other = next((claimed[i.code] for i in items if i.code in claimed), None)
            if other is not None:
                ctx.fail(number, "费款所属期止", _(OVERLAPS) % {"n": other})
            for item in items:
                claimed.setdefault(item.code, number)

    def apply(self, effect: EffectContext, rows: list[BillIssueRow]) -> dict[str, Any]:
        issued = []
        for row in rows:
            items, unknown = _picked(effect.unit, row)
            if unknown:
                raise InvalidValue(_(DECLARATIONS_CHANGED))
            bill = bill_issue(
                unit=effect.unit,
                collection_type=_collection(row),
                items=items,
                serial_no=effect.serial_no,
                actor=effect.operator,
            )
            issued.append(bill)
        payable = [b for b in issued if b.kind == BillKind.PAYMENT]
        refunds = [b for b in issued if b.kind == BillKind.REFUND]
        return {
            "bills": [b.document_no for b in issued],
            "total": f"{sum((b.total_amount for b in payable), Decimal(0)):.2f}",
            "refund_total": f"{sum((b.total_amount for b in refunds), Decimal(0)):.2f}",
        }

    def summary(self, rows: list[BillIssueRow]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 项")]

    def money_summary(
        self,
        *,
        unit: Unit,
        rows: list[BillIssueRow],
        values: list[dict[str, Any]],
        effect: Mapping[str, Any] | None,
    ) -> MoneySummary | None:
        """The ticked (or all matching) 待征集信息 before, the issued bills after."""
        if effect is not None:
            return issued_money(unit, effect.get("bills") or [])
        return pending_money([item for row in rows for item in _picked(unit, row)[0]])


class BillRevocationRow(RowModel):
    document_no: Text = column("征集通知单号", example="2021030000000001")


@register
class PaymentDocumentRevocation(ServiceSpec[BillRevocationRow]):
    code = "hb_payment_document_revocation"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    title = "单位社会保险费应缴认定单及退费单据撤销"
    section = "§3.3.27"
    description = (
        "已开具的单位缴费单据或退费单据有误或已过有效期的，可申请撤销：只能撤销未缴费（没有任何到账）"
        "的单据，撤销后单据作废，对应的已申报数据（缴费申报、补缴、差额补退、多缴退费）回到待征集信息，"
        "可以撤销申报或重新开具。提交即办结。"
    )
    row = BillRevocationRow
    modes = frozenset({Mode.SINGLE})
    review = Review.AUTO
    report_title = "单位社会保险费单据撤销申请表"
    report_columns = ("document_no",)
    money_summary = revoked_money

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        bills = bill_list(unit=unit, statuses=(BillStatus.VALID, BillStatus.EXPIRED))
        rows = [bill_cells(b) for b in bills if not revoke_refusal(b)]
        return InfoTable(
            title=_("可撤销的单据信息(%(n)d)") % {"n": len(rows)}, headers=BILL_HEADERS, rows=rows
        )

    def check(self, ctx: CheckContext, rows: list[tuple[int, BillRevocationRow]]) -> None:
        seen: dict[str, int] = {}
        for number, row in rows:
            if row.document_no in seen:
                ctx.fail(number, "征集通知单号", _(DUPLICATE_BILL) % {"n": seen[row.document_no]})
            seen.setdefault(row.document_no, number)
            try:
                bill = bill_get(unit=ctx.unit, document_no=row.document_no)
            except Bill.DoesNotExist:
                ctx.fail(number, "征集通知单号", _(UNKNOWN_BILL) % {"n": row.document_no})
                continue
            refusal = revoke_refusal(bill)
            if refusal:
                ctx.fail(number, "征集通知单号", refusal)

    def apply(self, effect: EffectContext, rows: list[BillRevocationRow]) -> dict[str, Any]:
        returned: dict[str, list[int]] = {}
        for row in rows:
            bill = (
                bill_list(unit=effect.unit)
                .select_for_update(of=("self",))
                .filter(document_no=row.document_no)
                .first()
            )
            if bill is None:
                raise InvalidValue(_(CHANGED_MEANWHILE) % {"n": row.document_no})
            given = bill_revoke(bill=bill, serial_no=effect.serial_no, actor=effect.operator)
            for source, ids in given.items():
                returned.setdefault(source, []).extend(ids)
        return {
            "bills_revoked": [r.document_no for r in rows],
            "declarations": returned.get("declarations", []),
            **{k: v for k, v in returned.items() if v and k != "declarations"},
        }

    def summary(self, rows: list[BillRevocationRow]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 张")]


__all__ = [
    "BILL_HEADERS",
    "PENDING_HEADERS",
    "BillIssueRow",
    "BillRevocationRow",
    "PaymentDocumentIssue",
    "PaymentDocumentRevocation",
    "bill_cells",
    "ledger_name",
    "pending_cells",
]
