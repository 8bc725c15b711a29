"""After a rejection, and drafts (issue #12 §5): 修改后重新申报 and 删除草稿.

A rejected case is not a dead end: ``case_resubmit`` opens a new draft of the same service
with the same rows (validated again, today's records may differ) and the same materials
(the files copied, so either case's files can go without the other's), linked to the old
case. ``case_discard`` throws a draft away. The case itself stays, emptied, with the status
已删除: deleting it would cascade away its audit trail, which is append-only.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.types import EventType
from shebao.registry.models import Unit
from shebao.services.registry import registry
from shebao.services.validation import validate_rows

from . import rows as case_rows
from .models import Case, CaseMaterial, CaseStatus, RowImport
from .services import CASE_LIFECYCLE, CaseError, _event, _require_online_access

NOT_REJECTED = gettext_noop("该办件当前状态为“%(s)s”，只有审核不通过的办件可以修改后重新申报")
ALREADY_RESUBMITTED = gettext_noop("该办件已重新申报，业务流水号 %(s)s")
NOT_DISCARDABLE = gettext_noop("该办件当前状态为“%(s)s”，只有草稿可以删除")


def _locked(*, case: Case, unit: Unit) -> Case:
    """The unit's own case, row-locked; another unit's raises ``Case.DoesNotExist`` (a 404)."""
    return Case.objects.select_for_update().select_related("unit").get(pk=case.pk, unit=unit)


def case_resubmit(*, case: Case, unit: Unit, actor: User, ip: str | None = None) -> Case:
    """修改后重新申报: a new draft at step 2 with the rejected case's rows and materials.

    Serialised on the rejected case's row lock, so a double click makes one draft: a second
    call returns the open draft. Once a resubmission has been submitted, another is refused;
    a discarded one does not count. Copied files are removed again if the draft is not made.
    """
    saved: list[FieldFile] = []
    try:
        with transaction.atomic():
            return _resubmit(case=case, unit=unit, actor=actor, ip=ip, saved=saved)
    except BaseException:
        for file in saved:
            file.storage.delete(str(file.name))
        raise


def _resubmit(
    *, case: Case, unit: Unit, actor: User, ip: str | None, saved: list[FieldFile]
) -> Case:
    old = _locked(case=case, unit=unit)
    if old.status != CaseStatus.REJECTED:
        raise CaseError(_(NOT_REJECTED) % {"s": old.get_status_display()})
    earlier = old.resubmissions.exclude(status=CaseStatus.DISCARDED).order_by("-pk").first()
    if earlier is not None and earlier.status == CaseStatus.DRAFT:
        return earlier
    if earlier is not None:
        raise CaseError(_(ALREADY_RESUBMITTED) % {"s": earlier.serial_no})
    spec = registry[old.service_code]
    _require_online_access(spec, unit)
    new = Case.objects.create(
        service_code=old.service_code,
        unit=unit,
        region=unit.region,
        operator=actor,
        step=2,
        mode=old.mode,
        declarant=old.declarant,
        declarant_mobile=old.declarant_mobile,
        remarks=old.remarks,
        agreement_accepted=old.agreement_accepted,
        resubmission_of=old,
    )
    stored = list(old.rows.order_by("row_no").values_list("row_no", "raw"))
    result = validate_rows(spec=spec, unit=unit, rows=stored)
    case_rows.store_rows(new, result.rows, replace=False)
    for material in old.materials.all():
        saved.append(_copy_material(material, to=new, actor=actor))
    _event(
        new,
        event_type=EventType.CASE_RESUBMIT,
        actor=actor,
        before="",
        ip=ip,
        resubmission_of=old.serial_no,
        rows=len(stored),
        failed=len(result.failed),
        materials=len(saved),
    )
    _event(
        old,
        event_type=EventType.CASE_RESUBMIT,
        actor=actor,
        before=old.status,
        ip=ip,
        draft_id=new.pk,
    )
    new.refresh_from_db()
    return new


def _copy_material(material: CaseMaterial, *, to: Case, actor: User) -> FieldFile:
    copy = CaseMaterial(
        case=to,
        material=material.material,
        original_name=material.original_name,
        content_type=material.content_type,
        extension=material.extension,
        size=material.size,
        sha256=material.sha256,
        uploaded_by=actor,
    )
    with material.file.open("rb") as source:
        copy.file.save(material.original_name, File(source), save=False)
    copy.save()
    return copy.file


@transaction.atomic
def case_discard(*, case: Case, unit: Unit, actor: User, ip: str | None = None) -> Case:
    """删除草稿: empty the draft (rows, roster imports, materials, declarant) and mark it 已删除.

    Only a draft: a submitted case is the unit's declaration and stays. Files go after the
    commit, so a rolled-back discard deletes nothing.
    """
    locked = _locked(case=case, unit=unit)
    if locked.status != CaseStatus.DRAFT:
        raise CaseError(_(NOT_DISCARDABLE) % {"s": locked.get_status_display()})
    rows, _kinds = locked.rows.all().delete()
    materials = list(locked.materials.all())
    imports = list(RowImport.objects.filter(case=locked))
    _delete_files_on_commit([m.file for m in materials] + [i.file for i in imports])
    CaseMaterial.objects.filter(pk__in=[m.pk for m in materials]).delete()
    RowImport.objects.filter(pk__in=[i.pk for i in imports]).delete()
    before = CASE_LIFECYCLE.move(locked, CaseStatus.DISCARDED)
    locked.declarant = ""
    locked.declarant_mobile = ""
    locked.save(update_fields=["status", "declarant", "declarant_mobile", "updated_at"])
    _event(
        locked,
        event_type=EventType.CASE_DISCARD,
        actor=actor,
        before=before,
        ip=ip,
        rows=rows,
        materials=len(materials),
        imports=len(imports),
    )
    return locked


def _delete_files_on_commit(files: Iterable[Any]) -> None:
    for file in files:
        if isinstance(file, FieldFile) and file.name:
            transaction.on_commit(functools.partial(file.storage.delete, file.name))
