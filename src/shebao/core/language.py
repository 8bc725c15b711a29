"""The page language: the one the user picked with the language button, else the browser's.

The cookie that Django's ``set_language`` view writes wins; without it, the first language of
``Accept-Language`` that ``settings.LANGUAGES`` offers (issue #12 §10: an English browser gets
English pages); else ``LANGUAGE_CODE`` (zh-Hans). An unknown code in the cookie is ignored.
The API answers by ``Accept-Language`` alone (:func:`accepted_language`): its clients send no
cookie. Official documents, the PDFs and the roster workbooks, are Chinese whatever the
reader's language (:func:`official_language`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

P = ParamSpec("P")
R = TypeVar("R")


def _supported(code: str) -> str | None:
    """``code`` as one of ``settings.LANGUAGES`` (en-US -> en, zh-CN -> zh-hans), or None."""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def accepted_language(request: HttpRequest) -> str:
    """The first language of the request's ``Accept-Language`` we offer, by its q order;
    ``LANGUAGE_CODE`` when it names none (or is absent)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _q in parse_accept_lang_header(header):
        if code == "*":
            break
        supported = _supported(code)
        if supported is not None:
            return supported
    return settings.LANGUAGE_CODE


def chosen_language(request: HttpRequest) -> str:
    """The language code of ``settings.LANGUAGES`` in the cookie, else the browser's."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if code in dict(settings.LANGUAGES):
        return code
    return accepted_language(request)


def official_language(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in Chinese: for what makes an official form (PDF, roster workbook),
    which an English page still hands out as the agency prints it."""

    @wraps(function)
    def in_chinese(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return in_chinese


class ChosenLanguageMiddleware:
    """Activate the chosen language for the request; place it after SessionMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", language)
        return response
