"""Case actions. Each takes the actor, checks the state, writes an audit event in the same
transaction, and leaves side effects for ``transaction.on_commit``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.core.phone import parse_mobile
from shebao.identity.online import online_refusal
from shebao.registry.models import Person, Unit
from shebao.registry.selectors import chunked
from shebao.services.offer import not_offered_reason
from shebao.services.registry import registry
from shebao.services.spec import EffectContext, Group, Mode, Review, ServiceSpec
from shebao.services.validation import ValidationResult, validate_rows

from . import rows as case_rows
from .models import IN_EFFECT_STATUSES, Case, CaseRow, CaseStatus
from .review_core import Lifecycle, missing_materials, review_due
from .timing import new_serial_no, statistical_period


class CaseError(InvalidValue):
    """A case action refused; the message tells the user why."""


NOT_DRAFT = gettext_noop("该办件已提交，不能再修改")
NO_ROWS = gettext_noop("没有校验通过的数据，不能提交")
ROW_MISSING = gettext_noop("第 %(n)d 行已不存在，请刷新后再试")
HAS_FAILED_ROWS = gettext_noop("还有 %(n)d 行校验不通过，请修改或删除后再提交")
ALREADY_DECIDED = gettext_noop("该办件已审核（%(s)s），不能重复处理")
NOT_WITHDRAWABLE = gettext_noop("该办件当前状态为“%(s)s”，只有待审核的办件可以撤销")
REASON_REQUIRED = gettext_noop("审核不通过必须填写原因")
NO_SUCH_ROWS = gettext_noop("办件没有第 %(n)s 行")
AGREEMENT_REQUIRED = gettext_noop(
    "请先勾选“我已阅读以上内容，并接受用户使用协议和相关法律法规条款。”"
)
MATERIAL_MISSING = gettext_noop("请上传必传材料：%(m)s")
GROUP_MISSING = gettext_noop("%(g)s的材料至少上传一种：%(m)s")
RECHECK_FAILED = gettext_noop("复核不通过，无法审核通过，请退回单位：%(e)s")
SUBMIT_RECHECK = gettext_noop("参保信息已发生变化，复核不通过，请修改或删除后再提交：%(e)s")
CONCURRENT_CHANGE = gettext_noop(
    "相同人员的参保信息刚被其他办件修改，本办件未生效，请刷新后重新审核"
)
NO_BATCH = gettext_noop("业务“%(t)s”不支持批量添加（上传报盘或一次申报多行），请逐个添加")
NO_SINGLE = gettext_noop("业务“%(t)s”不支持单个添加，请使用【批量添加】上传报盘文件")

#: 草稿 -> 待审核 (or 已办结 at once) -> 审核通过 | 审核不通过 | 已撤销; what took effect may be 已回退;
#: a draft may be thrown away (已删除, ``cases.drafts``).
CASE_LIFECYCLE = Lifecycle(
    {
        CaseStatus.DRAFT: frozenset(
            {CaseStatus.UNDER_REVIEW, CaseStatus.COMPLETED, CaseStatus.DISCARDED}
        ),
        CaseStatus.UNDER_REVIEW: frozenset(
            {CaseStatus.APPROVED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN}
        ),
        CaseStatus.APPROVED: frozenset({CaseStatus.ROLLED_BACK}),
        CaseStatus.COMPLETED: frozenset({CaseStatus.ROLLED_BACK}),
    }
)


def _event(
    case: Case, *, event_type: str, actor: Any, before: str, ip: str | None = None, **detail: Any
) -> None:
    audit_record(
        event_type=event_type,
        case=case,
        from_status=before,
        to_status=case.status,
        actor=actor,
        acting_unit=case.unit,
        ip=ip,
        detail=detail,
    )


def mode_check(*, spec: Any, mode: Mode, rows: int | None = None) -> None:
    """The spec's modes, for every channel (web, API, worker): a roster file (``rows`` None)
    or several rows at once is 批量添加; one typed row is 单个添加. A one-row declaration
    through the API suits either mode, so a single-entry service takes it too."""
    if mode == Mode.BATCH and Mode.BATCH not in spec.modes and rows != 1:
        raise CaseError(_(NO_BATCH) % {"t": spec.title})
    if mode == Mode.SINGLE and Mode.SINGLE not in spec.modes:
        raise CaseError(_(NO_SINGLE) % {"t": spec.title})


def _editable(case: Case) -> None:
    if case.status != CaseStatus.DRAFT:
        raise CaseError(_(NOT_DRAFT))


def _lock_draft(case: Case) -> None:
    """Lock the case row, reload ``case`` from it and re-check that it is still a draft.

    Lock order, as in ``case_submit``: the case first, then (on applying) the persons. Draft
    edits and 确认提交 serialise on this lock, so an edit lands before the submission or is
    refused; rows numbered max+1 under it cannot collide. Must run inside a transaction.
    """
    case.refresh_from_db(from_queryset=Case.objects.select_for_update())
    _editable(case)


def _require_online_access(spec: Any, unit: Unit) -> None:
    """The unit may start the service: its region offers it (issue #12 §7: every channel
    refuses another area's service, the API as the wizard) and, unless the service is the
    application to go online itself, its online qualification stands."""
    not_offered = not_offered_reason(spec, unit)
    if not_offered:
        raise CaseError(not_offered)
    if spec.requires_online_access:
        refusal = online_refusal(unit)
        if refusal:
            raise CaseError(refusal)


@transaction.atomic
def case_start_check(*, service_code: str, unit: Unit) -> None:
    """Refuse as ``case_start`` would, creating nothing (the wizard's GET shows step 1 so)."""
    _require_online_access(registry[service_code], unit)


def case_start(*, service_code: str, unit: Unit, operator: User, ip: str | None = None) -> Case:
    spec = registry[service_code]
    _require_online_access(spec, unit)
    case = Case.objects.create(
        service_code=spec.code, unit=unit, region=unit.region, operator=operator
    )
    _event(case, event_type=EventType.CASE_CREATE, actor=operator, before="", ip=ip)
    return case


@transaction.atomic
def case_accept(
    *,
    case: Case,
    declarant: str,
    declarant_mobile: str,
    remarks: str = "",
    agreement_accepted: bool,
    actor: User | None = None,
    ip: str | None = None,
) -> Case:
    """Step 1 (服务说明 / 受理信息)."""
    _lock_draft(case)  # the full save() below must not write a stale draft over a submission
    declarant = declarant.strip()
    if not declarant:
        raise CaseError(_("申报人不能为空"))
    if not agreement_accepted:
        raise CaseError(_(AGREEMENT_REQUIRED))
    case.declarant = declarant[:50]
    case.declarant_mobile = parse_mobile(declarant_mobile)
    case.remarks = remarks.strip()[:500]
    case.agreement_accepted = True
    case.step = max(case.step, 2)
    case.save(  # not a full save: it would write a stale ``rows_revision`` back
        update_fields=["declarant", "declarant_mobile", "remarks", "agreement_accepted", "step"]
        + ["updated_at"]
    )
    _draft_event(case, EventType.CASE_ACCEPT, actor, ip, declarant=case.declarant)
    return case


def _draft_event(
    case: Case, event_type: str, actor: User | None, ip: str | None, **detail: Any
) -> None:
    """Draft edits are audited too; the draft's own operator is the actor when none is given."""
    _event(
        case,
        event_type=event_type,
        actor=actor or case.operator,
        before=case.status,
        ip=ip,
        **detail,
    )


def case_row_add(
    *, case: Case, raw: Mapping[str, Any], actor: User | None = None, ip: str | None = None
) -> CaseRow:
    """单个添加 / 添加校验: validate the row with the rows already on the case."""
    mode_check(spec=registry[case.service_code], mode=Mode.SINGLE)
    with transaction.atomic():
        _lock_draft(case)
        number = case_rows.next_row_no(case)
        row = CaseRow.objects.create(case=case, row_no=number, raw=case_rows.json_safe(raw))
        case_rows.revalidate(case)
        case.mode = Mode.SINGLE if case.mode != Mode.BATCH else case.mode
        case.save(update_fields=["mode", "updated_at"])
        _draft_event(case, EventType.CASE_ROW_ADD, actor, ip, row_no=number)
    row.refresh_from_db()
    return row


def case_row_update(
    *,
    case: Case,
    row_no: int,
    raw: Mapping[str, Any],
    actor: User | None = None,
    ip: str | None = None,
) -> CaseRow:
    with transaction.atomic():
        _lock_draft(case)
        row = case.rows.filter(row_no=row_no).first()
        if row is None:  # deleted meanwhile, e.g. in another tab
            raise CaseError(_(ROW_MISSING) % {"n": row_no})
        row.raw = case_rows.json_safe(raw)
        row.save(update_fields=["raw"])
        case_rows.revalidate(case)
        _draft_event(case, EventType.CASE_ROW_UPDATE, actor, ip, row_no=row_no)
    row.refresh_from_db()
    return row


def case_row_delete(
    *, case: Case, row_nos: Iterable[int], actor: User | None = None, ip: str | None = None
) -> None:
    numbers = list(row_nos)
    with transaction.atomic():
        _lock_draft(case)
        case.rows.filter(row_no__in=numbers).delete()
        case_rows.revalidate(case)
        _draft_event(case, EventType.CASE_ROW_DELETE, actor, ip, row_nos=numbers)


def case_rows_replace(
    *,
    case: Case,
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    actor: User | None = None,
    ip: str | None = None,
) -> tuple[int, int]:
    """批量添加: validate a whole roster and make it the case's rows, all or nothing."""
    _editable(case)
    spec = registry[case.service_code]
    rows = list(rows)
    mode_check(spec=spec, mode=Mode.BATCH, rows=len(rows))
    result = validate_rows(spec=spec, unit=case.unit, rows=rows)
    with transaction.atomic():
        _lock_draft(case)  # validated outside the lock: a big roster takes a while
        case_rows.store_rows(case, result.rows, replace=True)
        case.mode = Mode.BATCH
        case.save(update_fields=["mode", "updated_at"])
        _draft_event(
            case,
            EventType.CASE_ROWS_REPLACE,
            actor,
            ip,
            passed=len(result.passed),
            failed=len(result.failed),
        )
    return len(result.passed), len(result.failed)


def _check_materials(case: Case) -> None:
    spec = registry[case.service_code]
    uploaded = set(case.materials.values_list("material", flat=True))
    required = spec.required_materials(case_rows.CaseDraft(case))
    must = ((m.code, m.name) for m in required if m.group == Group.REQUIRED)
    missing = missing_materials(must, uploaded)
    if missing:
        raise CaseError(_(MATERIAL_MISSING) % {"m": "、".join(missing)})
    groups: dict[str, list[str]] = {}
    for m in required:
        if m.group not in (Group.REQUIRED, Group.OPTIONAL):
            groups.setdefault(m.group, []).append(m.name)
    for group, names in groups.items():
        if not uploaded.intersection(names):
            raise CaseError(_(GROUP_MISSING) % {"g": group, "m": "、".join(names)})


@transaction.atomic
def case_submit(*, case: Case, actor: User, ip: str | None = None) -> Case:
    """确认提交: number the case, start its clock, and complete it at once or queue it for review."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _editable(case)
    if not case.agreement_accepted:
        raise CaseError(_(AGREEMENT_REQUIRED))
    failed = case.rows.filter(passed=False).count()
    if failed:
        raise CaseError(_(HAS_FAILED_ROWS) % {"n": failed})
    if not case.rows.filter(passed=True).exists():
        raise CaseError(_(NO_ROWS))
    _check_materials(case)
    spec = registry[case.service_code]
    _require_online_access(spec, case.unit)
    now = timezone.now()
    today = timezone.localdate(now)
    case.serial_no = new_serial_no(today)
    case.received_at = now
    case.statistical_period = str(statistical_period(today))
    case.step = 4
    if spec.review == Review.AUTO:
        case.effect = _apply_rechecked(case, list(case.rows.filter(passed=True)), SUBMIT_RECHECK)
        before = CASE_LIFECYCLE.move(case, CaseStatus.COMPLETED)
        case.decided_at = now
    else:
        before = CASE_LIFECYCLE.move(case, CaseStatus.UNDER_REVIEW)
        case.due_date = review_due(now, spec.review_workdays)
    case.save()
    _event(
        case,
        event_type=EventType.CASE_SUBMIT,
        actor=actor,
        before=before,
        ip=ip,
        serial_no=case.serial_no,
    )
    return case


@transaction.atomic
def case_withdraw(*, case: Case, actor: User, ip: str | None = None) -> Case:
    before = case.status
    claimed = CASE_LIFECYCLE.decide(
        Case.objects,
        pk=case.pk,
        before=CaseStatus.UNDER_REVIEW,
        after=CaseStatus.WITHDRAWN,
        decided_at=timezone.now(),
    )
    if not claimed:
        case.refresh_from_db()
        raise CaseError(_(NOT_WITHDRAWABLE) % {"s": case.get_status_display()})
    case.refresh_from_db()
    _event(case, event_type=EventType.CASE_WITHDRAW, actor=actor, before=before, ip=ip)
    return case


def _claim(case: Case, status: CaseStatus, reviewer: User, **fields: Any) -> Case:
    """Move an under-review case to a decision exactly once, whoever clicks first."""
    claimed = CASE_LIFECYCLE.decide(
        Case.objects,
        pk=case.pk,
        before=CaseStatus.UNDER_REVIEW,
        after=status,
        decided_at=timezone.now(),
        decided_by=reviewer,
        **fields,
    )
    case.refresh_from_db()
    if not claimed:
        raise CaseError(_(ALREADY_DECIDED) % {"s": case.get_status_display()})
    return case


@transaction.atomic
def case_approve(
    *, case: Case, reviewer: User, ip: str | None = None, confirmed_summary: str = ""
) -> Case:
    """审核通过: re-check the rows against today's records, then apply the effect once.

    ``confirmed_summary`` is the effect the reviewer confirmed (``cases.decision``), kept
    in the audit event beside the effect itself.
    """
    case = _claim(case, CaseStatus.APPROVED, reviewer)
    effect = _apply_rechecked(case, list(case.rows.filter(passed=True)), RECHECK_FAILED)
    case.effect = effect
    case.save(update_fields=["effect", "updated_at"])
    extra = {"summary": confirmed_summary} if confirmed_summary else {}
    _event(
        case,
        event_type=EventType.CASE_APPROVE,
        actor=reviewer,
        before=CaseStatus.UNDER_REVIEW,
        ip=ip,
        effect=effect,
        **extra,
    )
    return case


def _apply_rechecked(case: Case, stored: list[CaseRow], failed_message: str) -> dict[str, Any]:
    """Apply the effect on rows re-checked against today's records, under the persons' locks.

    Rows were validated when they were added, possibly days ago; the approval (or, for a
    service that completes at once, the submission) checks them again before writing.
    """
    spec = registry[case.service_code]
    _lock_persons(spec, stored)
    recheck = _recheck(case, stored, failed_message)
    try:
        # A savepoint: another case approved at the same moment may have created the same
        # new person after our re-check read the registry (there was no row to lock); the
        # unique constraints then refuse the write, and the user gets the re-check's
        # reason instead of a server error.
        with transaction.atomic():
            return spec.apply(
                effect_context(case),
                [item.model for item in recheck.rows if item.model is not None],
            )
    except IntegrityError:
        _recheck(case, stored, failed_message)  # now sees the other case's committed rows
        raise CaseError(_(CONCURRENT_CHANGE))
    except CaseError:
        raise
    except InvalidValue as exc:  # the spec's refusal: the records changed meanwhile
        raise CaseError(str(exc)) from exc


def effect_context(case: Case) -> EffectContext:
    """What the spec's effect may know of ``case``: the spec never sees the model."""
    return EffectContext(
        unit=case.unit,
        serial_no=case.serial_no or "",
        case_id=case.pk,
        operator_id=case.operator_id,
        decided_by_id=case.decided_by_id,
    )


def _lock_persons(spec: ServiceSpec[Any], stored: list[CaseRow]) -> None:
    """Serialise approvals that touch the same people.

    Without this, two cases suspending (or enrolling) the same person, approved at the same
    moment, both pass their re-check on the old data and the later write silently overwrites
    the earlier one. Holding the person rows until commit makes the second approval wait and
    then re-check against what the first one wrote. Locked in ID-number-hash order (the
    number itself is encrypted), so two approvals never wait on each other in a cycle; persons
    that do not exist yet are guarded by the unique constraints instead (see ``case_approve``).
    Which persons is the spec's ``lock_keys`` hook (by default those the rows name).
    """
    numbers = sorted(set(spec.lock_keys([r.cleaned or {} for r in stored])))
    for chunk in chunked(numbers):
        persons = Person.objects.select_for_update(no_key=True).by_id_numbers(chunk)
        list(persons.order_by("id_number_hash").values_list("pk", flat=True))


def _recheck(case: Case, stored: list[CaseRow], failed_message: str) -> ValidationResult:
    spec = registry[case.service_code]
    recheck = validate_rows(spec=spec, unit=case.unit, rows=((r.row_no, r.raw) for r in stored))
    if recheck.failed:
        shown = "；".join(str(e) for item in recheck.failed[:5] for e in item.errors[:2])
        raise CaseError(_(failed_message) % {"e": shown})
    return recheck


@transaction.atomic
def case_reject(
    *,
    case: Case,
    reviewer: User,
    reason: str,
    rows: Iterable[int] = (),
    ip: str | None = None,
) -> Case:
    """审核不通过 with the reason the unit reads and the row numbers it is about (if any);
    both are kept on the case (the unit's case page, its resubmission) and in the event."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_(REASON_REQUIRED))
    marked = sorted(set(rows))
    if marked:
        known = set(case.rows.filter(row_no__in=marked).values_list("row_no", flat=True))
        unknown = [n for n in marked if n not in known]
        if unknown:
            raise CaseError(_(NO_SUCH_ROWS) % {"n": "、".join(map(str, unknown))})
    case = _claim(
        case,
        CaseStatus.REJECTED,
        reviewer,
        rejection_reason=reason[:500],
        rejection_rows=marked,
    )
    _event(
        case,
        event_type=EventType.CASE_REJECT,
        actor=reviewer,
        before=CaseStatus.UNDER_REVIEW,
        ip=ip,
        reason=reason,
        rows=marked,
    )
    return case


ROLLBACK_REASON_REQUIRED = gettext_noop("回退必须填写原因")
NOT_REVERTIBLE = gettext_noop("“%(t)s”业务办结后不能回退")
NOT_IN_EFFECT = gettext_noop("该办件当前状态为“%(s)s”，只有审核通过或已办结的办件可以回退")


@transaction.atomic
def case_rollback(*, case: Case, reviewer: User, reason: str, ip: str | None = None) -> Case:
    """回退: the agency undoes a case that took effect, by the spec's compensating effect.

    Claimed like a decision, so a double click undoes once; the persons are locked as in an
    approval, so a rollback and a new case on the same people serialise.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_(ROLLBACK_REASON_REQUIRED))
    spec = registry[case.service_code]
    if not spec.revertible():
        raise CaseError(_(NOT_REVERTIBLE) % {"t": spec.title})
    case.refresh_from_db()
    before = case.status
    claimed = CASE_LIFECYCLE.decide(
        Case.objects,
        pk=case.pk,
        before=IN_EFFECT_STATUSES,
        after=CaseStatus.ROLLED_BACK,
        rollback_reason=reason[:500],
        updated_at=timezone.now(),
    )
    case.refresh_from_db()
    if not claimed:
        raise CaseError(_(NOT_IN_EFFECT) % {"s": case.get_status_display()})
    _lock_persons(spec, list(case.rows.filter(passed=True)))
    try:
        undone = spec.revert(effect_context(case))
    except InvalidValue as exc:
        raise CaseError(str(exc)) from exc
    case.effect = {**case.effect, "rollback": undone}
    case.save(update_fields=["effect", "updated_at"])
    _event(
        case,
        event_type=EventType.CASE_ROLLBACK,
        actor=reviewer,
        before=before,
        ip=ip,
        reason=reason,
        **undone,
    )
    return case


STEP_OUT_OF_RANGE = gettext_noop("向导步骤 %(n)d 不存在")


@transaction.atomic
def case_step_set(*, case: Case, step: int) -> Case:
    """Move a draft's wizard to ``step`` (上一步 / 保存), so a resumed draft opens where it was.

    Going forward to 确认提交 (3) is the step-2 【保存】: it needs every row to pass, at least
    one row, and the required materials, exactly like ``case_submit`` will check again.
    """
    _lock_draft(case)
    if step not in (1, 2, 3):
        raise CaseError(_(STEP_OUT_OF_RANGE) % {"n": step})
    if step >= 2 and not case.agreement_accepted:
        raise CaseError(_(AGREEMENT_REQUIRED))
    if step == 3:
        failed = case.rows.filter(passed=False).count()
        if failed:
            raise CaseError(_(HAS_FAILED_ROWS) % {"n": failed})
        if not case.rows.filter(passed=True).exists():
            raise CaseError(_(NO_ROWS))
        _check_materials(case)
    case.step = step
    case.save(update_fields=["step", "updated_at"])
    return case
