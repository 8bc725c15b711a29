"""Opening a soft token (PKCS#12) with its PIN on our pages, with wrong PINs limited.

A PKCS#12 file cannot count wrong PINs itself the way a U-key does, but wherever a PIN is
typed into this platform (renewal proof, PIN change) the attempts are counted per operator:
after ``PIN_ATTEMPTS`` wrong ones every PIN is refused for ``PIN_LOCK_MINUTES``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .client import WRONG_PIN, SoftToken, TokenError, token_open
from .models import PinFailure

PIN_ATTEMPTS = 5
PIN_LOCK_MINUTES = 15
LOCKED = gettext_noop(
    "PIN码连续输错 %(n)d 次，已锁定，请 %(m)d 分钟后再试；忘记PIN码请办理“PIN码解锁”"
)
WRONG_LEFT = gettext_noop("PIN码不正确，还可以再试 %(k)d 次")


def token_open_guarded(*, user: Any, p12: bytes, pin: str) -> SoftToken:
    """The opened token, or :class:`TokenError` saying how many tries are left (the count is
    committed before the refusal is raised)."""
    refusal = ""
    with transaction.atomic():
        record, _created = PinFailure.objects.select_for_update().get_or_create(user=user)
        now = timezone.now()
        if record.locked_until and record.locked_until > now:
            refusal = _(LOCKED) % {"n": PIN_ATTEMPTS, "m": PIN_LOCK_MINUTES}
        else:
            try:
                token = token_open(p12, pin)
            except TokenError as exc:
                if str(exc) != WRONG_PIN:
                    raise
                failures = (0 if record.locked_until else record.failures) + 1
                record.locked_until = None
                if failures >= PIN_ATTEMPTS:
                    record.locked_until = now + dt.timedelta(minutes=PIN_LOCK_MINUTES)
                    failures = 0
                    refusal = _(LOCKED) % {"n": PIN_ATTEMPTS, "m": PIN_LOCK_MINUTES}
                else:
                    refusal = _(WRONG_LEFT) % {"k": PIN_ATTEMPTS - failures}
                record.failures = failures
            else:
                record.failures, record.locked_until = 0, None
            record.save()
    if refusal:
        raise TokenError(refusal)
    return token
