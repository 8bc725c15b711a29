"""§3.3.20 单位职工社会保险缴费工资申报: each employee's previous-year monthly average wage.

One row is one person and 申报年度. On approval the agency floors and caps the wage into
the contribution base of the year (R-BASE-04), valid for the year's periods (申报年度 2020:
202007-202106, R-TIME-11). The 申报表 prints each person's base and flags 保底 / 封顶.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.masking import Sensitive
from shebao.core.money import format_money
from shebao.policy.areas import HUBEI_ONLY
from shebao.policy.models import Region
from shebao.policy.selectors import (
    BaseRule,
    ClampFlag,
    MissingParameter,
    base_rule_for,
    contribution_year_periods,
)
from shebao.registry.choices import EnrolmentStatus
from shebao.registry.disclosure import NAME_MISMATCH, PERSON_NO_MISMATCH
from shebao.registry.models import Enrolment, Person, Unit
from shebao.registry.selectors import persons_by_id_number
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import (
    IdNumberStr,
    IdTypeName,
    Mobile,
    Money,
    PersonName,
    RowModel,
    Text,
    Year,
    column,
    id_type_column,
)
from shebao.services.spec import (
    CheckContext,
    Group,
    Material,
    Mode,
    ReportField,
    Review,
    ServiceSpec,
    Template,
    span_text,
)

from ..models import ALL_TYPES, ContributionBase

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext

ENROLMENT_SERVICE = "单位职工参保登记/续保"
NOT_ENROLLED = gettext_noop("该人员未在本单位正常参保，请先办理“%(s)s”")
ALREADY_DECLARED = gettext_noop("该人员%(y)d年度的缴费工资已申报，不能重复申报")
WAGE_EFFECT = gettext_noop("将核定 %(n)d 人 %(y)s 年度的缴费工资，月缴费工资合计 %(t)s 元")
DUPLICATE_ROW = gettext_noop("与第 %(n)d 行的证件号码和年度重复")
DECLARED_MEANWHILE = gettext_noop("部分人员%(y)d年度的缴费工资刚被其他办件申报，本办件未生效")


class AnnualWageRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉*****公司", required=False)
    person_no: Text | None = column("个人编号", example="10000000000", required=False)
    id_number: IdNumberStr = column(
        "证件号码", example="110100198506020015", aliases=("身份证号码",), sensitive=Sensitive.ID
    )
    name: PersonName = column("姓名", example="张三")
    year: Year = column("年度", example="2020", help="申报年度，例如 2020 对应 202007-202106")
    wage: Money = column(
        "上年月平均工资(元)", example="5000", kind="money", aliases=("上年月均工资",)
    )
    mobile: Mobile | None = column(
        "手机号码", example="13000000000", required=False, sensitive=Sensitive.MOBILE
    )
    id_type: IdTypeName | None = id_type_column()


def _rules(region: Region, years: set[int]) -> dict[int, BaseRule | str]:
    """Each year's base rule, or the message saying it is not configured."""
    rules: dict[int, BaseRule | str] = {}
    for year in sorted(years):
        try:
            contribution_year_periods(year, region=region)
            rules[year] = base_rule_for(region=region, year=year)
        except MissingParameter as missing:
            rules[year] = str(missing)
    return rules


def _enrolled_person_ids(unit: Unit, person_ids: list[int]) -> set[int]:
    ids: set[int] = set()
    for start in range(0, len(person_ids), 5000):
        ids.update(
            Enrolment.objects.filter(
                unit=unit,
                status=EnrolmentStatus.ACTIVE,
                person_id__in=person_ids[start : start + 5000],
            ).values_list("person_id", flat=True)
        )
    return ids


def _declared(unit: Unit, person_ids: list[int], years: set[int]) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for start in range(0, len(person_ids), 5000):
        found.update(
            ContributionBase.objects.filter(
                unit=unit,
                insurance_type=ALL_TYPES,
                year__in=years,
                person_id__in=person_ids[start : start + 5000],
            ).values_list("person_id", "year")
        )
    return found


@register
class AnnualWageDeclaration(ServiceSpec[AnnualWageRow]):
    code = "hb_annual_contribution_wage_declaration"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    keywords = ("缴费基数", "年度工资", "年审")
    title = "单位职工社会保险缴费工资申报"
    section = "§3.3.20"
    description = (
        "参保单位每年申报职工上年度实际月平均工资。社保经办机构在年度申报工资启用后，"
        "对单位申报的缴费工资四舍五入到十元并保底封顶（低于缴费基数标准60%的按60%，"
        "高于300%的按300%），生成该申报年度（例如2020年度为202007至202106）的缴费基数。"
        "须上传承诺书，提交后由参保所属机构审核。"
    )
    row = AnnualWageRow
    modes = frozenset({Mode.SINGLE, Mode.BATCH})
    template = Template(
        title="年度职工养老保险缴费工资申报表",
        instruction="以上一行填写示例请从下一行开始按示例填写(不要删除示例和本行说明文字)",
    )
    materials = (Material("承诺书", group=Group.REQUIRED),)
    review = Review.AGENCY
    report_title = "年度职工社会保险缴费工资申报表"
    report_columns = ("person_no", "id_number", "name", "year", "wage", "mobile")
    report_computed = (
        ReportField("base", "核定缴费基数(元)", "money"),
        ReportField("clamp", "保底封顶", "text"),
        ReportField("periods", "有效期", "text"),
    )

    def check(self, ctx: CheckContext, rows: list[tuple[int, AnnualWageRow]]) -> None:
        unit = ctx.unit
        first: dict[tuple[str, int], int] = {}
        for number, row in rows:
            key = (row.id_number, row.year)
            if key in first:
                ctx.fail(number, "证件号码", _(DUPLICATE_ROW) % {"n": first[key]})
            else:
                first[key] = number
        persons = persons_by_id_number(row.id_number for _n, row in rows)
        ids = [p.pk for p in persons.values()]
        enrolled = _enrolled_person_ids(unit, ids)
        years = {row.year for _n, row in rows}
        declared = _declared(unit, ids, years)
        rules = _rules(unit.region, years)
        for number, row in rows:
            if row.unit_no and row.unit_no != unit.unit_no:
                ctx.fail(
                    number, "单位编号", _("单位编号不是当前经办单位（%(u)s）") % {"u": unit.unit_no}
                )
            if row.wage <= 0:
                ctx.fail(number, "上年月平均工资(元)", _("上年月平均工资必须大于 0"))
            rule = rules[row.year]
            if isinstance(rule, str):
                ctx.fail(number, "年度", rule)
            person = persons.get(row.id_number)
            if person is None or person.pk not in enrolled:
                ctx.fail(number, "证件号码", _(NOT_ENROLLED) % {"s": ENROLMENT_SERVICE})
                continue
            self._check_person(ctx, number, row, person)
            if (person.pk, row.year) in declared:
                ctx.fail(number, "年度", _(ALREADY_DECLARED) % {"y": row.year})

    @staticmethod
    def _check_person(ctx: CheckContext, number: int, row: AnnualWageRow, person: Person) -> None:
        if person.name != row.name:
            ctx.fail(number, "姓名", _(NAME_MISMATCH))
        if row.person_no and row.person_no != person.person_no:
            ctx.fail(number, "个人编号", _(PERSON_NO_MISMATCH))

    def apply(self, effect: EffectContext, rows: list[AnnualWageRow]) -> dict[str, Any]:
        region = effect.unit.region
        persons = persons_by_id_number(row.id_number for row in rows)
        created = []
        counts = {ClampFlag.FLOOR: 0, ClampFlag.CAP: 0}
        for row in rows:
            rule = base_rule_for(region=region, year=row.year)
            start, end = contribution_year_periods(row.year, region=region)
            base, clamp = rule.base(Decimal(row.wage))
            if clamp in counts:
                counts[clamp] += 1
            created.append(
                ContributionBase(
                    person=persons[row.id_number],
                    unit=effect.unit,
                    insurance_type=ALL_TYPES,
                    year=row.year,
                    declared_wage=row.wage,
                    base=base,
                    clamp=clamp,
                    start_period=str(start),
                    end_period=str(end),
                    serial_no=effect.serial_no,
                )
            )
        try:
            with transaction.atomic():
                ContributionBase.objects.bulk_create(created, batch_size=2000)
        except IntegrityError:
            raise InvalidValue(_(DECLARED_MEANWHILE) % {"y": rows[0].year})
        return {
            "bases_created": len(created),
            "floor": counts[ClampFlag.FLOOR],
            "cap": counts[ClampFlag.CAP],
        }

    def effect_summary(self, rows: list[AnnualWageRow]) -> str:
        """Whose wage for which year is set, with the declared total (WE-05's 合计)."""
        total = sum((Decimal(r.wage) for r in rows), Decimal(0))
        return _(WAGE_EFFECT) % {
            "n": len({r.id_number for r in rows}),
            "y": span_text(r.year for r in rows),
            "t": f"{total:,.2f}",
        }

    def summary(self, rows: list[AnnualWageRow]) -> list[tuple[str, Any]]:
        """合 计 10000 (WE-05, WE-12): the sum of the declared wages."""
        total = sum((Decimal(r.wage) for r in rows), Decimal(0))
        return [(_("人数"), f"{len(rows)} 人"), (_("合计"), format_money(total))]

    def report_values(self, unit: Unit, rows: list[AnnualWageRow]) -> list[dict[str, Any]]:
        rules = _rules(unit.region, {r.year for r in rows})
        values: list[dict[str, Any]] = []
        for row in rows:
            rule = rules[row.year]
            if isinstance(rule, str):
                values.append({"base": "", "clamp": rule, "periods": ""})
                continue
            base, clamp = rule.base(Decimal(row.wage))
            start, end = contribution_year_periods(row.year, region=unit.region)
            values.append(
                {
                    "base": base,
                    "clamp": clamp.label if clamp else "",
                    "periods": f"{start}-{end}",
                    "flag": clamp,
                }
            )
        return values

    def computed_summary(self, values: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        bases = [v["base"] for v in values if v.get("base") != ""]
        floor = sum(1 for v in values if v.get("flag") == ClampFlag.FLOOR)
        cap = sum(1 for v in values if v.get("flag") == ClampFlag.CAP)
        return [
            (_("缴费基数合计"), format_money(sum(bases, Decimal(0)))),
            (_("保底"), f"{floor} 人"),
            (_("封顶"), f"{cap} 人"),
        ]


__all__ = ["AnnualWageDeclaration", "AnnualWageRow"]
