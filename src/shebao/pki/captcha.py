"""A small server-side arithmetic captcha (验证码) shown after repeated failed logins.

The question is kept in the session, one answer per question: a script replaying a form
cannot reuse an answer. It slows down guessing; the account lockout (django-axes) stops it.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

SESSION_KEY = "login_captcha_answer"
CAPTCHA_REQUIRED = gettext_noop("请填写验证码")
CAPTCHA_WRONG = gettext_noop("验证码不正确，请重新计算后填写")


def captcha_new(request: HttpRequest) -> str:
    """A new question (e.g. “7 + 5 = ?”); its answer replaces any earlier one."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a >= b:
        question, answer = f"{a} − {b} = ?", a - b
    else:
        question, answer = f"{a} + {b} = ?", a + b
    request.session[SESSION_KEY] = answer
    return question


def captcha_error(request: HttpRequest, given: str) -> str | None:
    """Why the answer is refused, or None; the question is used up either way."""
    expected = request.session.pop(SESSION_KEY, None)
    given = (given or "").strip()
    if not given:
        return _(CAPTCHA_REQUIRED)
    if expected is None or given != str(expected):
        return _(CAPTCHA_WRONG)
    return None
