"""Refuse a NUL character in the URL or the query string before any view sees it.

PostgreSQL text cannot hold NUL, so a filter such as ``?serial_no=%00`` made the database raise
and the request end in a 500. Django's form and DRF's serializer fields already refuse NUL in
bodies; this covers what views read straight from the URL.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

NUL_REFUSED = gettext_noop("请求地址或查询条件中含有空字符（\\0），请检查后重试")


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _(NUL_REFUSED)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
