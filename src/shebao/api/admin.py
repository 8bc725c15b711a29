"""API tokens in the admin: who holds one, until when, how obtained; deleting one revokes it.

Replaces knox's own admin, which could create tokens: an admin-made token would skip the
password, TOTP or certificate login. Only knox's hash is stored, so there is no key to show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import knox.admin  # noqa: F401  (registers knox's admin first, so it can be replaced here)
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from .tokens import token_origin

if TYPE_CHECKING:
    _TokenAdmin = admin.ModelAdmin[AuthToken]  # not subscriptable at run time
else:
    _TokenAdmin = admin.ModelAdmin

if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class ApiTokenAdmin(_TokenAdmin):
    list_display = ("token_key", "user", "created", "expiry", "unit", "second_factor")
    search_fields = ("token_key", "user__username")
    fields = ("token_key", "user", "created", "expiry", "unit", "second_factor")
    readonly_fields = fields
    list_select_related = ("user", "origin__unit")

    @admin.display(description=_("限定单位"))
    def unit(self, token: AuthToken) -> Any:
        origin = token_origin(token)
        return origin.unit if origin is not None else None

    @admin.display(description=_("已验证动态口令"), boolean=True)
    def second_factor(self, token: AuthToken) -> bool:
        origin = token_origin(token)
        return origin is not None and origin.second_factor

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
