"""The agency's file imports (到账文件, 税务开票信息) share one pair of pages: upload a file
for the region's bills and list the earlier imports; one import's line-by-line outcome.
Reads and writes are scoped to the reviewer's region."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from shebao.core.errors import InvalidValue
from shebao.policy.models import Region

from .views import _ip, reviewer_view

IMPORTS_PER_PAGE = 20
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
NO_FILE = gettext_noop("请选择%(file)s")
TOO_BIG = gettext_noop("%(file)s不能超过 10 MB")


@dataclass(frozen=True)
class FileImportPages:
    """``run(region=, actor=, data=, filename=, ip=)`` imports a file and returns its record;
    ``records(region=)`` lists them, ``record(region=, pk=)`` gets one."""

    title: str  # 到账文件导入
    file_label: str  # 到账文件
    run: Callable[..., Model]
    records: Callable[..., Any]
    record: Callable[..., Model]
    model: type[Model]
    nav: str  # the list's url name, also the menu entry
    page: str  # the result page's url name
    default_filename: str

    def list_view(self) -> Callable[..., HttpResponse]:
        @reviewer_view
        @require_http_methods(["GET", "POST"])
        def view(request: HttpRequest, region: Region) -> HttpResponse:
            error = ""
            if request.method == "POST":
                error, record = self._upload(request, region)
                if record is not None:
                    return redirect(f"backoffice:{self.page}", pk=record.pk)
            page = Paginator(self.records(region=region), IMPORTS_PER_PAGE).get_page(
                request.GET.get("page")
            )
            return render(
                request,
                f"backoffice/{self.nav}.html",
                {
                    "region": region,
                    "page": page,
                    "error": error,
                    "nav": self.nav,
                    "title": self.title,
                },
                status=400 if error else 200,
            )

        return view

    def page_view(self) -> Callable[..., HttpResponse]:
        @reviewer_view
        @require_http_methods(["GET"])
        def view(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
            try:
                record = self.record(region=region, pk=pk)
            except self.model.DoesNotExist:  # type: ignore[attr-defined]
                raise Http404(self.page)
            return render(
                request,
                f"backoffice/{self.page}.html",
                {"region": region, "record": record, "nav": self.nav},
            )

        return view

    def _upload(self, request: HttpRequest, region: Region) -> tuple[str, Model | None]:
        upload = request.FILES.get("file")
        label = {"file": _(self.file_label)}
        if upload is None:
            return _(NO_FILE) % label, None
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            return _(TOO_BIG) % label, None
        try:
            record = self.run(
                region=region,
                actor=request.user,
                data=upload.read(),
                filename=upload.name or self.default_filename,
                ip=_ip(request),
            )
        except InvalidValue as exc:
            return str(exc), None
        return "", record
