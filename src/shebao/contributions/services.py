"""Agency-side contribution actions that are not a unit's case."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.cases.timing import new_serial_no
from shebao.core.errors import InvalidValue
from shebao.core.period import Period
from shebao.policy.models import Region
from shebao.registry.choices import InsuranceType

from . import calculation
from .models import RegionDeclarationRun

FUTURE_PERIOD = gettext_noop("费款所属期 %(p)s 晚于当前月份 %(n)s，不能申报")


@transaction.atomic
def declarations_for_region(
    *,
    region: Region,
    period: Period,
    actor: Any = None,
    types: tuple[str, ...] = tuple(InsuranceType),
) -> RegionDeclarationRun:
    """Declare ``period`` for every unit of the region that has not declared it yet, with the
    numbers each unit's own §3.3.22 declaration would give, in a handful of statements
    (a province runs this, not 50,000 cases). Units the per-unit check would refuse are
    left out and listed in the run's ``skipped``; raises ``MissingParameter``."""
    today = timezone.localdate()
    if period > Period.of(today):
        raise InvalidValue(_(FUTURE_PERIOD) % {"p": period, "n": Period.of(today)})
    serial_no = new_serial_no(today)
    run = calculation.declare_region(
        region=region, period=period, types=tuple(sorted(map(str, types))), serial_no=serial_no
    )
    return RegionDeclarationRun.objects.create(
        region=region,
        period=str(period),
        serial_no=serial_no,
        actor=actor,
        units=run.units,
        declarations=run.declarations,
        details=run.details,
        skipped={
            "without_staff": run.without_staff,
            "without_base": run.without_base,
            "without_risk_class": run.without_risk_class,
        },
    )
