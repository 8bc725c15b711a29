"""Areas (地区): the province or city whose rules and online services a region follows.

A region's 机构编码 begins with the 行政区划代码 (GB/T 2260) of the place it serves: 429900
湖北省省本级 and 420102 武汉市江岸区 are in Hubei (42), a Chongqing district office in 50, a
Nanjing one in 3201. Each manual this platform follows is one area's (seeds 003, 000-002 and
004), so services and certificate projects declare the areas that offer them, and a unit is
offered those of its own region's area only (issue #12 §7).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Region


class Area(models.TextChoices):
    """The value is the area's 行政区划代码 prefix; the label its name."""

    HUBEI = "42", _("湖北省")
    CHONGQING = "50", _("重庆市")
    NANJING = "3201", _("南京市")

    @property
    def short(self) -> str:
        """The short name the forms print (证书应用项目 区域：重庆)."""
        return str(AREA_SHORT_NAMES[self])

    @classmethod
    def of_code(cls, code: str) -> Area | None:
        """The area a 机构编码 belongs to (the longest matching prefix), or None."""
        found = [area for area in cls if code.startswith(area.value)]
        return max(found, key=lambda a: len(a.value)) if found else None

    @classmethod
    def of(cls, region: Region) -> Area | None:
        return cls.of_code(region.code)


AREA_SHORT_NAMES = {
    Area.HUBEI: _("湖北"),
    Area.CHONGQING: _("重庆"),
    Area.NANJING: _("南京"),
}

HUBEI_ONLY = frozenset({Area.HUBEI})
CHONGQING_ONLY = frozenset({Area.CHONGQING})
NANJING_ONLY = frozenset({Area.NANJING})
HUBEI_AND_CHONGQING = frozenset({Area.HUBEI, Area.CHONGQING})
EVERY_AREA = frozenset(Area)


def offered_in(areas: frozenset[Area], region: Region) -> bool:
    """Whether a region offers what ``areas`` declares."""
    return Area.of(region) in areas
