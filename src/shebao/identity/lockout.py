"""What a locked-out login sees (django-axes calls this): the reason and when to retry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

LOCKED = gettext_noop(
    "登录失败次数过多（连续 %(n)d 次），账号已锁定，请 %(m)d 分钟后再试，或联系管理员解锁"
)


def locked_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(LOCKED) % {"n": settings.AXES_FAILURE_LIMIT, "m": minutes}


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": locked_message()}, status=429)
    return render(request, "registration/locked.html", {"message": locked_message()}, status=429)
