"""§3.3.35 单位职工社会保险费多缴退费申报 (退收 / 退账).

A row names a person, a span and the types; the lines refunded are that person's
contribution details at the unit in the span whose money arrived: the declaration's
应缴认定单 is 已足额到账, or the part of a 未足额到账 one its arrivals cover
(``declaration_money``). Only money that came in can go back: a row whose span holds a
billed month still unpaid is refused with the bill named (a declaration not yet billed is
cancelled instead, §3.3.23).
Each line splits as the 待退收列表 shows (WE-04): the individual share into the
individual account (pension) or into pooling (the other types), the unit share into
pooling (nothing of it goes into the account today). The money goes to the unit's
receiving account on record (R-REF-01, ``UnitBankAccount``); the individual-account part
is reversed from the account (退账). Evidence: one of four documents (R-REF-02).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.masking import Sensitive, mask
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.registration.specs.common import check_unit_columns, ticked_types
from shebao.registry.disclosure import NAME_MISMATCH, NOT_INSURED_HERE, PERSON_NO_MISMATCH
from shebao.registry.models import Person, Unit
from shebao.registry.selectors import related_person_ids
from shebao.services.modules import Module
from shebao.services.money import MoneyLine
from shebao.services.registry import register
from shebao.services.rows import (
    IdNumberStr,
    IdTypeName,
    PeriodText,
    PersonName,
    RowModel,
    Text,
    Tick,
    column,
    id_type_column,
    one_of,
)
from shebao.services.spec import (
    CheckContext,
    Group,
    InfoTable,
    Material,
    Mode,
    ReportField,
    Review,
    ServiceSpec,
    Template,
)

from ..arrears import ACCOUNT_TYPES
from ..models import (
    ContributionDetail,
    DeclarationStatus,
    Refund,
    RefundLine,
    UnitBankAccount,
)
from ..selectors import DeclarationMoney, declaration_money, receiving_account
from .recorded_money import refund_money, type_label

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

REASONS = [
    "解除劳动关系多缴退收/退账",
    "服刑多缴退收/退账",
    "行政部门审批认定多缴退收/退账",
    "其他退收/退账",
]
NO_ACCOUNT = gettext_noop("本单位没有登记收款账户，退费须退至单位收款账户，请先到经办机构登记")
END_BEFORE_START = gettext_noop("退收/退账结束年月 %(e)s 早于开始年月 %(s)s")
MONTHS_MISMATCH = gettext_noop("退收/退账月数 %(v)s 与开始、结束年月不符，应为 %(n)d")
NOTHING = gettext_noop("该人员 %(s)s-%(e)s 在本单位没有可退的已缴费记录")
NOT_ARRIVED = gettext_noop(
    "%(p)s 的缴费尚未足额到账（应缴认定单 %(n)s 状态为“%(st)s”），只能退已到账的缴费；"
    "请待款项到账后再申报，或调整退收/退账时段"
)
OVERLAP = gettext_noop("与第 %(n)d 行的退收/退账时段重叠")
TYPE_GROUP = "险种类型"

EVIDENCE = (
    "解除劳动合同通知书",
    "司法部门出具的相关法律文书或行政审批件",
    "稽核部门出具的整改通知书",
    "其他材料",
)


class RefundRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉**公司", required=False)
    person_no: Text | None = column("个人编号", example="10000000000", required=False)
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName | None = column("姓名", example="张三", required=False)
    start_period: PeriodText = column("退收/退账开始年月", example="202005", help="YYYYMM")
    end_period: PeriodText = column("退收/退账结束年月", example="202012", help="YYYYMM")
    months: Text | None = column("退收/退账月数", example="8", required=False)
    pension: Tick = column(
        "城镇企业职工养老保险",
        header_note="(√)",
        example="√",
        kind="tick",
        required=False,
        group=TYPE_GROUP,
    )
    unemployment: Tick = column(
        "失业保险", header_note="(√)", example="√", kind="tick", required=False, group=TYPE_GROUP
    )
    work_injury: Tick = column(
        "工伤保险", header_note="(√)", kind="tick", required=False, group=TYPE_GROUP
    )
    reason: Annotated[str, one_of(REASONS)] = column(
        "退收/退账原因", example="解除劳动关系多缴退收/退账", kind="choice", choices=REASONS
    )
    id_type: IdTypeName | None = id_type_column()


@dataclass
class Lookups:
    """What the checks, the 申报表 and the effect of a set of rows look up, loaded once
    for all of them (``prefetch``): a 1,000-row upload costs the queries of a 10-row one."""

    account: UnitBankAccount | None
    unit_types: list[str]
    persons: dict[str, Person]
    #: of ``persons``, those related to the unit (validation may name only their data)
    related: set[int]
    #: billed, not yet refunded details at the unit, by person id, newest first
    billed: dict[int, list[ContributionDetail]]
    money: DeclarationMoney


def lookups_for(unit: Unit, rows: list[RefundRow]) -> Lookups:
    persons = {p.id_number: p for p in Person.objects.by_id_numbers([r.id_number for r in rows])}
    ids = [p.pk for p in persons.values()]
    periods = [p for row in rows for p in (row.start_period, row.end_period)]
    billed: dict[int, list[ContributionDetail]] = {}
    if ids and periods:
        details = (
            ContributionDetail.objects.filter(
                period__gte=min(periods),
                period__lte=max(periods),
                unit=unit,
                person_id__in=ids,
                declaration__status=DeclarationStatus.BILLED,
            )
            .exclude(pk__in=RefundLine.objects.values("detail_id"))
            .order_by("-period", "insurance_type")
        )
        for detail in details:
            billed.setdefault(detail.person_id, []).append(detail)
    declarations = {d.declaration_id for found in billed.values() for d in found}
    return Lookups(
        account=receiving_account(unit),
        unit_types=sorted(unit.insurances.values_list("insurance_type", flat=True)),
        persons=persons,
        related=related_person_ids(unit=unit, person_ids=ids) if ids else set(),
        billed=billed,
        money=declaration_money(unit=unit, declaration_ids=declarations),
    )


def _types(row: RefundRow, lookups: Lookups) -> list[str]:
    ticked = [str(t.value) for t in ticked_types(row)]
    return ticked or list(lookups.unit_types)


def _billed(lookups: Lookups, person: Person, row: RefundRow) -> list[ContributionDetail]:
    """The person's billed, not yet refunded details at the unit in the row's span."""
    types = set(_types(row, lookups))
    return [
        d
        for d in lookups.billed.get(person.pk, [])
        if row.start_period <= d.period <= row.end_period and d.insurance_type in types
    ]


def refundable(lookups: Lookups, person: Person, row: RefundRow) -> list[ContributionDetail]:
    """The billed, not yet refunded details whose money arrived."""
    return [d for d in _billed(lookups, person, row) if d.declaration_id in lookups.money.arrived]


def not_arrived(lookups: Lookups, person: Person, row: RefundRow) -> str:
    """Why some billed months of the row cannot be refunded yet ("" when all arrived)."""
    details = _billed(lookups, person, row)
    money = lookups.money
    waiting = sorted(
        {
            (d.period, money.unpaid[d.declaration_id])
            for d in details
            if d.declaration_id in money.unpaid
        },
        key=lambda pair: (pair[0], pair[1].document_no),
    )
    if not waiting:
        return ""
    bills = {bill.document_no: bill for _p, bill in waiting}
    return _(NOT_ARRIVED) % {
        "p": "、".join(sorted({p for p, _b in waiting})),
        "n": "、".join(sorted(bills)),
        "st": "、".join(sorted({str(b.get_status_display()) for b in bills.values()})),
    }


def split(detail: ContributionDetail) -> dict[str, Decimal]:
    """The four columns of a 待退收列表 row (WE-04 A, B, C and the last, blank one)."""
    individual = detail.individual_amount
    to_account = detail.insurance_type in ACCOUNT_TYPES
    return {
        "individual_to_account": individual if to_account else Decimal("0.00"),
        "individual_to_pooling": Decimal("0.00") if to_account else individual,
        "unit_to_account": Decimal("0.00"),
        "unit_to_pooling": detail.unit_amount,
    }


@register
class OverpaymentRefund(ServiceSpec[RefundRow]):
    code = "hb_overpayment_refund"
    areas = HUBEI_ONLY
    module = Module.PENSION_SERVICES
    keywords = ("退费", "多缴", "退款")
    title = "单位职工社会保险费多缴退费申报"
    section = "§3.3.35"
    description = (
        "为职工办理多缴社会保险费的退费（退收）或个人账户退账，只退已足额到账的缴费，"
        "款项退至单位收款账户。须上传解除劳动合同通知书、法律文书或行政审批件、"
        "稽核整改通知书或其他材料之一。提交后由参保所属机构审核。"
    )
    row = RefundRow
    modes = frozenset({Mode.SINGLE, Mode.BATCH})
    review = Review.AGENCY
    template = Template(
        title="单位职工基本养老保险费退收/退账申报明细表",
        notes=(
            "说明：1、退收、退账原因：解除劳动关系多缴退收/退账、服刑多缴退收/退账、"
            "行政部门审批认定多缴退收/退账、其他退收/退账。",
        ),
    )
    materials = tuple(Material(name, Group.GROUP1, "多选一") for name in EVIDENCE)
    report_title = "单位职工基本养老保险费退收/退账申报明细表"
    report_columns = ("person_no", "id_number", "name", "start_period", "end_period", "reason")
    report_computed = (
        ReportField("lines", "待退收条数", "number"),
        ReportField("individual_to_account", "个人划入账户（退账）", "money"),
        ReportField("individual_to_pooling", "个人划入统筹", "money"),
        ReportField("unit_amount", "单位缴费", "money"),
        ReportField("total", "退款合计", "money"),
        ReportField("account", "退款账户"),
    )
    money_summary = refund_money  # the refunded lines read back, per type

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        account = receiving_account(unit)
        rows = (
            [(account.bank_name, account.account_name, mask(account.account_no, Sensitive.ACCOUNT))]
            if account
            else []
        )
        return InfoTable(
            title=_("单位收款账户"), headers=("开户银行", "户名", "银行账号"), rows=rows
        )

    def prefetch(self, unit: Unit, rows: list[RefundRow]) -> Lookups:
        return lookups_for(unit, rows)

    def check(self, ctx: CheckContext, rows: list[tuple[int, RefundRow]]) -> None:
        unit = ctx.unit
        lookups: Lookups = ctx.prefetched
        if lookups.account is None:
            for number, _row in rows:
                ctx.fail(number, "", _(NO_ACCOUNT))
            return
        spans: dict[str, list[tuple[int, str, str, set[str]]]] = {}
        for number, row in rows:
            check_unit_columns(ctx, number, row, unit)
            start, end = Period.parse(row.start_period), Period.parse(row.end_period)
            if end < start:
                ctx.fail(number, "退收/退账结束年月", _(END_BEFORE_START) % {"e": end, "s": start})
                continue
            months = start.months_until(end)
            if row.months and row.months.removesuffix(".0") != str(months):
                ctx.fail(
                    number, "退收/退账月数", _(MONTHS_MISMATCH) % {"v": row.months, "n": months}
                )
            types = set(_types(row, lookups))
            for other, a, b, kinds in spans.get(row.id_number, []):
                if a <= row.end_period and row.start_period <= b and kinds & types:
                    ctx.fail(number, "退收/退账开始年月", _(OVERLAP) % {"n": other})
            spans.setdefault(row.id_number, []).append(
                (number, row.start_period, row.end_period, types)
            )
            person = lookups.persons.get(row.id_number)
            if person is None or person.pk not in lookups.related:
                ctx.fail(number, "身份证号码", _(NOT_INSURED_HERE))
                continue
            if row.name and row.name != person.name:
                ctx.fail(number, "姓名", _(NAME_MISMATCH))
            if row.person_no and row.person_no != person.person_no:
                ctx.fail(number, "个人编号", _(PERSON_NO_MISMATCH))
            waiting = not_arrived(lookups, person, row)
            if waiting:
                ctx.fail(number, "退收/退账开始年月", waiting)
            elif not refundable(lookups, person, row):
                ctx.fail(number, "退收/退账开始年月", _(NOTHING) % {"s": start, "e": end})

    def apply(self, effect: EffectContext, rows: list[RefundRow]) -> dict[str, Any]:
        lookups = self.prefetch(effect.unit, rows)
        account = lookups.account
        assert account is not None  # the re-check refused the rows otherwise
        created = []
        for row in rows:
            person = lookups.persons.get(row.id_number)
            assert person is not None
            details = refundable(lookups, person, row)
            parts = [(d, split(d)) for d in details]
            refund = Refund.objects.create(
                unit=effect.unit,
                person=person,
                reason=row.reason,
                start_period=row.start_period,
                end_period=row.end_period,
                bank_account=account,
                unit_amount=sum((d.unit_amount for d in details), Decimal(0)),
                individual_amount=sum((d.individual_amount for d in details), Decimal(0)),
                account_amount=sum((p["individual_to_account"] for _d, p in parts), Decimal(0)),
                serial_no=effect.serial_no,
                case_id=effect.case_id,
            )
            RefundLine.objects.bulk_create(
                [
                    RefundLine(
                        refund=refund,
                        detail_id=d.pk,
                        period=d.period,
                        insurance_type=d.insurance_type,
                        base=d.base,
                        **p,
                    )
                    for d, p in parts
                ]
            )
            created.append(refund)
        return {
            "refunds": [r.pk for r in created],
            "total": f"{sum((r.total for r in created), Decimal(0)):.2f}",
            "account": mask(account.account_no, Sensitive.ACCOUNT),
        }

    def summary(self, rows: list[RefundRow]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 人次")]

    def report_values(self, unit: Unit, rows: list[RefundRow]) -> list[dict[str, Any]]:
        lookups = self.prefetch(unit, rows)
        account = lookups.account
        shown = (
            f"{account.bank_name} {mask(account.account_no, Sensitive.ACCOUNT)}" if account else ""
        )
        values: list[dict[str, Any]] = []
        for row in rows:
            person = lookups.persons.get(row.id_number)
            details = refundable(lookups, person, row) if person else []
            parts = [split(d) for d in details]
            values.append(
                {
                    "lines": len(details),
                    "individual_to_account": sum(
                        (p["individual_to_account"] for p in parts), Decimal(0)
                    ),
                    "individual_to_pooling": sum(
                        (p["individual_to_pooling"] for p in parts), Decimal(0)
                    ),
                    "unit_amount": sum((d.unit_amount for d in details), Decimal(0)),
                    "total": sum(
                        (d.unit_amount + d.individual_amount for d in details), Decimal(0)
                    ),
                    "account": shown,
                    "money_lines": [
                        MoneyLine(type_label(d.insurance_type), d.unit_amount, d.individual_amount)
                        for d in details
                    ],
                }
            )
        return values


__all__ = ["REASONS", "OverpaymentRefund", "RefundRow", "receiving_account", "split"]
