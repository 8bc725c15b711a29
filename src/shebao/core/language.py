"""The page language: the one the user picked with the language link, else Chinese.

Django's ``LocaleMiddleware`` also follows ``Accept-Language``, and English browsers and HR
software send ``en`` without asking for an English UI (tests pin that they still get Chinese).
So only the cookie that Django's ``set_language`` view writes counts; anything else, or an
unknown code in the cookie, gets ``LANGUAGE_CODE`` (zh-Hans).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language code of ``settings.LANGUAGES`` in the cookie, else the default."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Activate the chosen language for the request; place it after SessionMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
