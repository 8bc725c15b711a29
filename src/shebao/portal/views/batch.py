"""批量添加: template download, roster upload (inline or in the background), progress, error book."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from shebao.cases.models import CaseStatus, RowImport
from shebao.cases.services import CaseError
from shebao.core.errors import InvalidValue
from shebao.identity.ratelimit import VALIDATE
from shebao.services.offer import offered_or_403
from shebao.services.registry import registry
from shebao.services.spec import Mode

from ..access import actor, case_of, client_ip, operator_view, rate_limited, unit_of
from .step2 import step2_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_FILE = gettext_noop("请先点击【选择报盘】选择要上传的文件")
TOO_BIG = gettext_noop("报盘文件不能超过 %(m)d MB")
IMPORT_DONE = gettext_noop("上传校验完成：共 %(t)d 行，校验通过 %(p)d 行，校验不通过 %(f)d 行")
IMPORT_APPENDED = gettext_noop(
    "已追加报盘（其中 %(u)d 行更新了本办件已有的人员）：办件现共 %(t)d 行，"
    "校验通过 %(p)d 行，校验不通过 %(f)d 行"
)
IMPORT_FAILED = gettext_noop("上传校验失败：%(e)s")
IMPORT_RETRIED = gettext_noop("已重新开始校验报盘 %(f)s")
IMPORT_ABANDONED = gettext_noop("已放弃报盘 %(f)s，上传的文件已删除，办件原有数据未改动")


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@operator_view
@require_GET
def template_download(request: HttpRequest, code: str) -> HttpResponse:
    """【模板下载】: the spec's 报盘 template as .xlsx."""
    spec = offered_or_403(registry, code, unit_of(request))
    if spec.template is None or Mode.BATCH not in spec.modes:
        raise Http404("template")
    from shebao.services.batch.template import template_xlsx

    return attachment(template_xlsx(spec), XLSX, f"{spec.template.title}.xlsx")


@operator_view
@require_POST
@rate_limited(VALIDATE)
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """【上传校验】: small rosters are checked at once, big ones in the background (progress bar)."""
    case = case_of(request, pk)
    if case.status != CaseStatus.DRAFT or not case.agreement_accepted:
        raise Http404("draft")
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _(NO_FILE))
        return redirect(step2_url(case, "batch"))
    if uploaded.size and uploaded.size > settings.IMPORT_MAX_BYTES:
        messages.error(request, _(TOO_BIG) % {"m": settings.IMPORT_MAX_BYTES // (1024 * 1024)})
        return redirect(step2_url(case, "batch"))
    from shebao.cases.imports import import_start

    try:
        row_import = import_start(
            case=case,
            data=uploaded.read(),
            filename=uploaded.name or "",
            actor=actor(request),
            ip=client_ip(request),
            merge=request.POST.get("merge") or None,
        )
    except InvalidValue as exc:
        messages.error(request, str(exc))
        return redirect(step2_url(case, "batch"))
    return _after_import(request, row_import)


def _after_import(request: HttpRequest, row_import: RowImport) -> HttpResponse:
    case = row_import.case
    if row_import.status == RowImport.Status.DONE:
        messages.success(request, _done(row_import))
        return redirect(step2_url(case, "results"))
    if row_import.status == RowImport.Status.FAILED:
        messages.error(request, _(IMPORT_FAILED) % {"e": row_import.error})
        return redirect(step2_url(case, "batch"))
    return redirect(step2_url(case, "batch") + f"&import={row_import.pk}")


def _done(row_import: RowImport) -> str:
    counts = {"t": row_import.total, "p": row_import.passed, "f": row_import.failed}
    if row_import.merge == RowImport.Merge.APPEND:
        return _(IMPORT_APPENDED) % (counts | {"u": row_import.updated})
    return _(IMPORT_DONE) % counts


@operator_view
@require_GET
def import_progress(request: HttpRequest, pk: int, import_id: int) -> JsonResponse:
    """The progress bar's poll: status, percent and counts of one import of this unit's case."""
    case = case_of(request, pk)
    from shebao.cases.imports import import_status

    try:
        row_import = import_status(case=case, import_id=import_id)
    except RowImport.DoesNotExist:
        raise Http404("import")
    stalled = row_import.status == RowImport.Status.STALLED
    finished = stalled or row_import.status in (RowImport.Status.DONE, RowImport.Status.FAILED)
    message = ""
    if stalled:
        message = row_import.error  # the page shows it beside 重试 / 放弃, no flash message
    elif row_import.status == RowImport.Status.DONE:
        message = _done(row_import)
        messages.success(request, message)
    elif row_import.status == RowImport.Status.FAILED:
        message = _(IMPORT_FAILED) % {"e": row_import.error}
        messages.error(request, message)
    return JsonResponse(
        {
            "id": row_import.pk,
            "status": row_import.status,
            "status_display": row_import.get_status_display(),
            "percent": row_import.percent,
            "total": row_import.total,
            "processed": row_import.processed,
            "passed": row_import.passed,
            "failed": row_import.failed,
            "error": row_import.error,
            "finished": finished,
            "message": message,
            "next": _next_url(row_import) if finished else "",
        }
    )


def _next_url(row_import: RowImport) -> str:
    case = row_import.case
    if row_import.status == RowImport.Status.STALLED:  # back to the panel with 重试 / 放弃
        return step2_url(case, "batch") + f"&import={row_import.pk}"
    return step2_url(case, "results" if row_import.status == RowImport.Status.DONE else "batch")


@operator_view
@require_POST
def import_retry(request: HttpRequest, pk: int, import_id: int) -> HttpResponse:
    """【重试】 an interrupted import: validated again from the stored file, with the progress bar."""
    case = case_of(request, pk)
    from shebao.cases.import_lease import import_retry as retry

    try:
        row_import = retry(
            case=case, import_id=import_id, actor=actor(request), ip=client_ip(request)
        )
    except RowImport.DoesNotExist:
        raise Http404("import")
    except CaseError as exc:
        messages.error(request, str(exc))
        return redirect(step2_url(case, "batch"))
    messages.info(request, _(IMPORT_RETRIED) % {"f": row_import.original_name})
    return _after_import(request, row_import)


@operator_view
@require_POST
def import_abandon(request: HttpRequest, pk: int, import_id: int) -> HttpResponse:
    """【放弃】 an interrupted import: its file and record are deleted, the case's rows stay."""
    case = case_of(request, pk)
    from shebao.cases.import_lease import import_abandon as abandon
    from shebao.cases.imports import import_status

    try:
        name = import_status(case=case, import_id=import_id).original_name
        abandon(case=case, import_id=import_id, actor=actor(request), ip=client_ip(request))
    except RowImport.DoesNotExist:
        raise Http404("import")
    except CaseError as exc:
        messages.error(request, str(exc))
        return redirect(step2_url(case, "batch"))
    messages.success(request, _(IMPORT_ABANDONED) % {"f": name})
    return redirect(step2_url(case, "batch"))


@operator_view
@require_GET
def failed_rows_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows that failed, with a reason column, to fix in Excel and upload again."""
    case = case_of(request, pk)
    spec = registry[case.service_code]
    rows = case.rows.filter(passed=False).order_by("row_no")
    if not rows.exists():
        raise Http404("rows")
    from shebao.cases.imports import case_failed_rows_xlsx

    title = spec.template.title if spec.template else spec.title
    name = f"{title}-校验不通过-{case.serial_no or case.pk}.xlsx"
    return attachment(case_failed_rows_xlsx(case=case), XLSX, name)


def progress_url(pk: int, import_id: int) -> str:
    return reverse("import_progress", kwargs={"pk": pk, "import_id": import_id})
