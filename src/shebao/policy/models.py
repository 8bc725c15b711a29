from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """An administrator's statement that a date is (not) a working day.

    It overrides the chinese-calendar package and covers the years the package does not
    know yet (the State Council publishes the next year's holidays each autumn).
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    name = models.CharField(
        _("说明"), max_length=50, blank=True, help_text=_("例如：春节、国庆节调休上班")
    )
    source = models.CharField(
        _("依据"),
        max_length=200,
        blank=True,
        help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知"),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日日历")
        verbose_name_plural = _("工作日日历")

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_workday else '休'} {self.name}"
