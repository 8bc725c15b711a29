"""What every API view shares: messages in the client's language, errors as JSON ``{"detail": ...}``.

Views answer in English when ``Accept-Language`` asks for it (``en``, ``en-US``…) and in
Chinese otherwise (no header, ``zh-CN``, a language we do not offer), DRF's messages and ours
alike (issue #12 §10); the client's language cookie does not count. A refused service
call (:class:`~shebao.core.errors.InvalidValue`, which includes ``CaseError``) is a 400 with
its message as ``detail``; invalid input names the field by its Chinese label.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from shebao.cases.declare import RowsRejected
from shebao.core.errors import InvalidValue
from shebao.core.language import accepted_language
from shebao.identity.ratelimit import TOO_FREQUENT


class TooFrequent(exceptions.Throttled):
    """429 in one Chinese sentence; DRF's own appends "Expected available in N seconds".
    The wait still goes out as ``Retry-After``."""

    wait: float | None

    def __init__(self, wait: float | None) -> None:
        super().__init__(detail=_(TOO_FREQUENT))
        self.wait = wait


class FieldsInvalid(exceptions.ValidationError):
    """Serializer errors with a one-line Chinese ``detail`` naming the first bad field."""

    def __init__(self, detail: str, errors: Any) -> None:
        super().__init__(errors)
        self.summary = detail


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RowsRejected):
        return Response(
            {"detail": exc.message, "failed": exc.failed}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, InvalidValue):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    response = exception_handler(exc, context)
    if isinstance(exc, FieldsInvalid) and response is not None:
        response.data = {"detail": exc.summary, "errors": response.data}
    return response


class LocalisedApi(APIView):
    # The base of our views, generic ones included. (A comment, not a docstring: the schema
    # generator would show a docstring as every operation's description.)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(accepted_language(request)):
            return super().dispatch(request, *args, **kwargs)

    def get_exception_handler(self) -> Any:
        return api_exception_handler

    def throttled(self, request: Request, wait: float) -> NoReturn:
        raise TooFrequent(wait)


class ApiView(LocalisedApi):
    pass


M = TypeVar("M", bound=Model)


class ApiListView(LocalisedApi, GenericAPIView[M]):
    pass


def validated(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    """``serializer.validated_data``, or a 400 whose detail names the field in Chinese."""
    if serializer.is_valid():
        return dict(serializer.validated_data)
    errors = serializer.errors
    name, messages = next(iter(errors.items()))
    field = serializer.fields.get(name)
    label = str(field.label) if field is not None and field.label else name
    raise FieldsInvalid(_("%(f)s：%(m)s") % {"f": label, "m": _first(messages)}, errors)


def _first(messages: Any) -> str:
    """The first message in DRF's nested error structure (lists of dicts of lists...)."""
    if isinstance(messages, dict):
        key, value = next(iter(messages.items()))
        inner = _first(value)
        return _("第 %(n)d 项：%(m)s") % {"n": int(key) + 1, "m": inner} if _is_int(key) else inner
    if isinstance(messages, list) and messages:
        return _first(messages[0])
    return str(messages)


def _is_int(value: Any) -> bool:
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True
