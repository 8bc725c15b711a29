from typing import Any

from django.http import HttpRequest

from .acting import acting_unit, is_operator, is_reviewer, operator_units
from .roles import is_ca_staff


def acting(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context: dict[str, Any] = {
        "is_reviewer": is_reviewer(user),
        "is_operator": is_operator(user),
        "is_ca_staff": is_ca_staff(user),
    }
    if context["is_operator"]:
        context["acting_unit"] = acting_unit(request)
        context["serves_several_units"] = len(operator_units(user)) > 1
    return context
