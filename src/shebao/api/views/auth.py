"""POST /api/v1/auth/token: username and password (plus TOTP for staff) for a token; logout.

Every login gets its own token (knox, stored hashed) that expires; logout deletes it, logout-all
every token of the user. Only a staff token obtained with the TOTP code may do staff actions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, user_login_failed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from shebao.core.errors import InvalidValue
from shebao.identity import staff
from shebao.identity.api_login import api_login_record

from ..access import client_ip
from ..auth import TokenAuthentication
from ..base import ApiView, validated
from ..serializers import ErrorSerializer, TokenRequestSerializer, TokenSerializer
from ..tokens import token_issue, tokens_revoke

BAD_CREDENTIALS = gettext_noop("用户名或密码不正确，或账号已停用")
NO_DEVICE = gettext_noop("机构工作人员须先在网页登录并绑定动态口令，才能使用接口")


class TokenView(ApiView):
    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["认证"],
        summary="用用户名和密码换取令牌",
        request=TokenRequestSerializer,
        # 429: the account is locked after repeated failures (django-axes)
        responses={200: TokenSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = validated(TokenRequestSerializer(data=request.data))
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None:
            raise InvalidValue(_(BAD_CREDENTIALS))
        verified = staff.is_staff_member(user)
        if verified:
            _check_second_factor(request, user, data.get("otp_token", ""))
        token, key = token_issue(user=user, second_factor=verified)
        api_login_record(user=user, method="password", ip=client_ip(request))
        return Response(token_data(token, key))


def token_data(token: Any, key: str) -> Any:
    return TokenSerializer({"token": key, "expiry": token.expiry}).data


class LogoutView(ApiView):
    authentication_classes = [TokenAuthentication]

    @extend_schema(
        tags=["认证"],
        summary="退出登录：本令牌立即失效",
        request=None,
        responses={204: None, 401: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        request.auth.delete()
        return Response(status=204)


class LogoutAllView(ApiView):
    authentication_classes = [TokenAuthentication]

    @extend_schema(
        tags=["认证"],
        summary="全部退出：本用户的所有令牌立即失效",
        request=None,
        responses={204: None, 401: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        tokens_revoke(user=request.user)
        return Response(status=204)


def _check_second_factor(request: Request, user: Any, token: str) -> None:
    """Staff get a token only with their TOTP code; a wrong one counts towards the lockout."""
    device = staff.confirmed_device(user)
    if device is None:
        raise InvalidValue(_(NO_DEVICE))
    if not token:
        raise InvalidValue(_(staff.TOKEN_REQUIRED))
    error = staff.token_error(device, token)
    if error:
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username()},
            request=request._request,
        )
        raise InvalidValue(error)
