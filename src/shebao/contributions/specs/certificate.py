"""§3.3.47 单位参保证明: the unit asks for its 湖北省社会保险参保证明(单位).

A request, not a declaration: one row (缴费起始期号, 缴费结束期号, and for the individual
version one employee's 身份证), completed on submit (提交即办结). The effect issues a
``ParticipationCertificate`` under the case's 业务流水号 (the certificate's 查询流水号)
with a 6-character 校验码 and its verification deadline (a policy parameter,
``CertificateValidity``); the PDF (``documents.certificate``) is a case document, sealed
once at its first print. Nothing in the contribution records changes, so there is no
rollback: a certificate that should not be used simply expires.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.core.masking import Sensitive
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.policy.selectors import certificate_validity_for
from shebao.registry.models import Enrolment, Person, Unit
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import IdNumberStr, PeriodText, PersonName, RowModel, column
from shebao.services.spec import CheckContext, Mode, Review, ServiceSpec

from ..certificates import certificate_counts, certificate_rates
from ..models import ParticipationCertificate

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence

    from shebao.services.spec import EffectContext

CODE = "hb_unit_insurance_certificate"
CHECK_CODE_LENGTH = 6
CHECK_CODE_ALPHABET = string.ascii_uppercase + string.digits
FROM_AFTER_TO = gettext_noop("缴费起始期号不能晚于缴费结束期号")
TO_IN_FUTURE = gettext_noop("缴费结束期号不能晚于本月")
NOT_OURS = gettext_noop("该人员不是本单位参保职工")
NAME_MISMATCH = gettext_noop("姓名与身份证号码不一致")
NOTHING_ARRIVED = gettext_noop("所选期号范围内没有已到账的缴费记录，无法开具参保证明")


class CertificateRow(RowModel):
    period_from: PeriodText = column("缴费起始期号", example="201901")
    period_to: PeriodText = column("缴费结束期号", example="202102")
    id_number: IdNumberStr | None = column(
        "身份证",
        example="",
        required=False,
        sensitive=Sensitive.ID,
        help="留空为全部人员；填写则开具该职工本人的参保证明",
    )
    name: PersonName | None = column("姓名", example="", required=False)


def new_check_code() -> str:
    """6 random characters A-Z/0-9 (WE-09: YXL2YF), stored with the certificate."""
    return "".join(secrets.choice(CHECK_CODE_ALPHABET) for _n in range(CHECK_CODE_LENGTH))


def staff_member(unit: Unit, id_number: str) -> Person | None:
    """The person with this ID number if the unit insures or insured them, else None."""
    return (
        Person.objects.by_id_number(id_number)
        .filter(pk__in=Enrolment.objects.filter(unit=unit).values("person_id"))
        .first()
    )


@register
class UnitInsuranceCertificate(ServiceSpec[CertificateRow]):
    code = CODE
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION_RECORDS
    keywords = ("参保证明", "缴费证明", "社保证明", "打印证明")
    title = "单位参保证明"
    section = "§3.3.47"
    description = (
        "开具湖北省社会保险参保证明(单位)：填写缴费起始期号和缴费结束期号，身份证留空为全部人员，"
        "填写则为该职工本人的参保证明。证明列出单位基本信息、参保缴费比例情况和期号范围内每人每月"
        "已到账的缴费明细，加盖电子印章，附二维码和校验码供在线核验。提交即办结。"
    )
    row = CertificateRow
    modes = frozenset({Mode.SINGLE})
    max_rows = 1
    review = Review.AUTO
    completed_message = gettext_noop("参保证明已开具，请在相关单据中打印。")
    report_title = "参保证明开具申请"
    report_columns = ("period_from", "period_to", "id_number", "name")

    def check(self, ctx: CheckContext, rows: list[tuple[int, CertificateRow]]) -> None:
        this_month = Period.of(timezone.localdate())
        for number, row in rows:
            first, last = Period.parse(row.period_from), Period.parse(row.period_to)
            if first > last:
                ctx.fail(number, "缴费起始期号", _(FROM_AFTER_TO))
            if last > this_month:
                ctx.fail(number, "缴费结束期号", _(TO_IN_FUTURE))
            person = None
            if row.id_number:
                person = staff_member(ctx.unit, row.id_number)
                if person is None:
                    ctx.fail(number, "身份证", _(NOT_OURS))
                    continue
                if row.name and row.name != person.name:
                    ctx.fail(number, "姓名", _(NAME_MISMATCH))
            if first > last:
                continue
            _persons, lines = certificate_counts(
                unit_id=ctx.unit.pk,
                first=str(first),
                last=str(last),
                as_of=timezone.localdate(),
                person_id=person.pk if person else None,
            )
            if not lines:
                ctx.fail(number, "缴费起始期号", _(NOTHING_ARRIVED))

    def lock_keys(self, rows: Sequence[Mapping[str, Any]]) -> Collection[str]:
        return ()  # a certificate changes no person's records

    def apply(self, effect: EffectContext, rows: list[CertificateRow]) -> dict[str, Any]:
        row = rows[0]
        unit = effect.unit
        person = staff_member(unit, row.id_number) if row.id_number else None
        if row.id_number and person is None:
            raise InvalidValue(_(NOT_OURS))
        issued_at = timezone.now()
        today = timezone.localdate(issued_at)
        validity = certificate_validity_for(region=unit.region, on=today)
        persons, lines = certificate_counts(
            unit_id=unit.pk,
            first=row.period_from,
            last=row.period_to,
            as_of=today,
            person_id=person.pk if person else None,
        )
        rates = certificate_rates(unit=unit, on=today, person_id=person.pk if person else None)
        certificate = ParticipationCertificate.objects.create(
            serial_no=effect.serial_no,
            check_code=new_check_code(),
            case_id=effect.case_id,
            unit=unit,
            region=unit.region,
            person=person,
            period_from=row.period_from,
            period_to=row.period_to,
            issued_at=issued_at,
            valid_until=today + dt.timedelta(days=validity.days),
            validity_source=validity.source,
            unit_name=unit.name,
            persons=persons,
            lines=lines,
            rates=[[r.label, r.unit_rate, r.person_rate, r.last] for r in rates],
        )
        audit_record(
            event_type=EventType.PARTICIPATION_CERTIFICATE_ISSUE,
            actor=effect.operator,
            acting_unit=unit,
            detail={
                "serial_no": certificate.serial_no,
                "periods": f"{row.period_from}-{row.period_to}",
                "person_no": person.person_no if person else "",
                "persons": persons,
                "lines": lines,
                "valid_until": certificate.valid_until.isoformat(),
            },
        )
        return {"certificate": certificate.serial_no}

    def effect_summary(self, rows: list[CertificateRow]) -> str:
        row = rows[0] if rows else None
        if row is None:
            return _("开具参保证明")
        who = _("该职工") if row.id_number else _("全部人员")
        return _("将开具 %(a)s 至 %(b)s %(w)s的参保证明") % {
            "a": row.period_from,
            "b": row.period_to,
            "w": who,
        }


__all__ = ["UnitInsuranceCertificate"]
