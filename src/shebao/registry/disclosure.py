"""What validation may say about a person named by a row (issue #10 §2).

A unit types ID numbers of anyone; the answer must not tell it who that person is or where
they work. Messages about a person therefore say what to do, never the registered name,
person number, employer (unit name or number) or dates, whoever the person is: one set of
words for every service, so no spec can leak by rewording. Constants are translated where
they are used (``_(NAME_MISMATCH)``).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

#: The typed name differs from the registry's; the registered name is not shown.
NAME_MISMATCH = gettext_noop("姓名与证件号码登记的姓名不一致")
#: The typed 个人编号 differs from the registry's; the registered number is not shown.
PERSON_NO_MISMATCH = gettext_noop("个人编号与证件号码登记的个人编号不一致")
#: The person is insured (in this type) by another unit, which is not named.
INSURED_ELSEWHERE = gettext_noop("该人员已在其他单位正常参保，需原单位先办理停保")
#: Unknown ID number, or a person never insured by the acting unit: the same words for both,
#: so the answer does not tell whether the number is registered at all.
NOT_INSURED_HERE = gettext_noop("本单位没有该证件号码的参保人员，请核对证件号码")
#: An operator's name differs from the one registered for the ID number.
OPERATOR_NAME_MISMATCH = gettext_noop("经办人姓名与身份证号码登记的姓名不一致")

__all__ = [
    "INSURED_ELSEWHERE",
    "NAME_MISMATCH",
    "NOT_INSURED_HERE",
    "OPERATOR_NAME_MISMATCH",
    "PERSON_NO_MISMATCH",
]
