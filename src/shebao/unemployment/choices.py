"""Code tables of the unemployment app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: 失业原因 (the manual's sample is truncated to "被用人单位..."): the non-voluntary
#: interruptions of 《失业保险金申领发放办法》（劳动和社会保障部令第8号，2019年修订）第四条.
UNEMPLOYMENT_REASONS = [
    "终止劳动合同",
    "被用人单位解除劳动合同",
    "被用人单位开除、除名和辞退",
    "因用人单位过错由本人解除劳动合同",
    "法律、行政法规另有规定的",
]

#: The §3.3.17 停保(减员)原因 that are an involuntary interruption (失业保险条例 第十四条
#: 非因本人意愿中断就业). Only 终止解除劳动合同(劳动关系) is; 辞职, 入伍入学, 行政调动,
#: 退休, 死亡 are not, and 无法联系的 / 其他 say nothing, so they are refused (the hall
#: decides those with the papers).
INVOLUNTARY_SUSPENSION_REASONS = frozenset({"终止解除劳动合同(劳动关系)"})

HUKOU_TYPES = ["城镇", "农村"]
#: 汉内(外)标志: inside / outside Wuhan (the manual's values; meaning inferred).
WUHAN_FLAGS = ["汉内", "汉外"]
YES_NO = ["是", "否"]
PAYEE_TYPES = ["个人"]
PAYMENT_METHODS = ["委托银行发放"]


class RegistrationStatus(models.TextChoices):
    """失业登记 state: 已登记 until a benefit is claimed on it, 已申领 after, 已终止 when closed."""

    REGISTERED = "registered", _("已登记")
    CLAIMED = "claimed", _("已申领")
    CLOSED = "closed", _("已终止")


class BenefitStatus(models.TextChoices):
    """失业保险金 state: paid monthly while 享受中; 停发 when the person is enrolled again."""

    PAYING = "paying", _("享受中")
    STOPPED = "stopped", _("停发")
