"""POST /api/v1/auth/challenge and /api/v1/auth/certificate: certificate login for HR software.

See ``shebao.pki.login`` for what is checked and ``shebao.pki.client`` for a client.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from shebao.identity.api_login import api_login_record
from shebao.pki.services import certificate_login, challenge_create

from ..access import client_ip
from ..base import ApiView, validated
from ..serializers import ErrorSerializer, TokenSerializer
from ..tokens import token_issue
from .auth import token_data


class ChallengeSerializer(serializers.Serializer[Any]):
    challenge = serializers.CharField(
        label=_("挑战码"), help_text=_("32 字节随机数的 base64 编码；对解码后的字节签名")
    )
    expires_at = serializers.DateTimeField(label=_("失效时间"))


class CertificateLoginSerializer(serializers.Serializer[Any]):
    certificate = serializers.CharField(
        label=_("证书"),
        trim_whitespace=False,
        max_length=20_000,
        help_text=_("单位数字证书，PEM 格式"),
    )
    challenge = serializers.CharField(
        label=_("挑战码"), max_length=200, help_text=_("刚取得的挑战码，原样提交")
    )
    signature = serializers.CharField(
        label=_("签名"),
        max_length=2_000,
        help_text=_(
            "对挑战码解码后字节的签名（base64）：ECDSA-SHA256（DER 或 r||s）或 RSA PKCS#1 v1.5 SHA-256"
        ),
    )
    username = serializers.CharField(
        label=_("用户名"),
        max_length=150,
        required=False,
        allow_blank=True,
        help_text=_("单位有多名经办人时必填：以哪位经办人身份登录"),
    )


class ChallengeView(ApiView):
    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["认证"],
        summary="取得证书登录挑战码（一次有效）",
        request=None,
        responses={201: ChallengeSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        challenge = challenge_create(ip=client_ip(request))
        return Response(
            ChallengeSerializer(
                {"challenge": challenge.nonce, "expires_at": challenge.expires_at}
            ).data,
            status=201,
        )


class CertificateLoginView(ApiView):
    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["认证"],
        summary="用单位数字证书对挑战码的签名换取令牌（只能代表证书所属单位）",
        request=CertificateLoginSerializer,
        responses={200: TokenSerializer, 400: ErrorSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = validated(CertificateLoginSerializer(data=request.data))
        user, certificate = certificate_login(
            certificate_pem=data["certificate"],
            challenge=data["challenge"],
            signature=data["signature"],
            username=data.get("username") or None,
            ip=client_ip(request),
        )
        token, key = token_issue(user=user, certificate=certificate)
        api_login_record(
            user=user,
            method="certificate",
            ip=client_ip(request),
            unit=certificate.unit,
            certificate=certificate,
        )
        return Response(token_data(token, key))
