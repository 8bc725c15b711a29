"""What the project services share: coded lists as row types, the project look-up by 项目编号
(always scoped to the acting unit) and the checks of a project's own fields."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Annotated, Any, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pydantic import BeforeValidator, create_model

from shebao.core.errors import InvalidValue
from shebao.core.ids import IdNumber
from shebao.registry.choices import (
    ID_TYPE_ALIASES,
    ID_TYPES,
    RESIDENT_ID,
    ProjectKind,
    ProjectStatus,
)
from shebao.registry.models import Project, Unit
from shebao.registry.selectors import project_list
from shebao.services.rows import RowModel, column, one_of
from shebao.services.spec import CheckContext

PROJECT_NO_COUNTER = "project_no"
PROJECT_NO_START = 10_000_000  # 8 digits, like 10000340 in the manual

UNKNOWN_PROJECT = gettext_noop("项目编号 %(p)s 不存在或不属于本单位，请先办理%(s)s")
WRONG_KIND = gettext_noop("项目 %(p)s 是%(k)s，不能在本业务中办理")
ONE_PROJECT_PER_CASE = gettext_noop("一个办件只能申报一个项目的人员：第 %(n)d 行为项目 %(p)s")
END_BEFORE_START = gettext_noop("结束日期不能早于开始日期")
REGISTRATION_SERVICE = {
    ProjectKind.CONSTRUCTION: "建筑工程项目登记",
    ProjectKind.MINING: "矿山项目登记",
}

#: Plain strings, not the lazy labels: the row schema must not depend on the active language.
STATUS_NAMES: dict[str, ProjectStatus] = {
    "正常": ProjectStatus.ACTIVE,
    "停工": ProjectStatus.SUSPENDED,
    "终止": ProjectStatus.ENDED,
}
STATUS_CHOICES = list(STATUS_NAMES)
YES_NO = ["是", "否"]
#: 性别 of the project rosters (§3.3.24, 重庆 §3.3.25).
GENDERS = ["男", "女"]

ProjectStatusName = Annotated[str, one_of(STATUS_CHOICES)]
YesNo = Annotated[str, one_of(YES_NO, {"Y": "是", "N": "否", "√": "是"})]
IdTypeName = Annotated[str, one_of(ID_TYPES, ID_TYPE_ALIASES)]
Gender = Annotated[str, one_of(GENDERS, {"1": "男", "2": "女"})]

_PHONE = re.compile(r"^[0-9\-+() ]{7,20}$")
_ACCOUNT = re.compile(r"^\d{6,32}$")


def _count(raw: Any) -> int:
    text = str(raw).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise InvalidValue(_("“%(v)s”应为不小于 0 的整数") % {"v": raw})
    return int(text)


def _phone(raw: Any) -> str:
    text = str(raw).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not _PHONE.match(text):
        raise InvalidValue(_("联系电话“%(v)s”格式不正确") % {"v": text})
    return text


def _account(raw: Any) -> str:
    text = str(raw).strip().replace(" ", "")
    if text.endswith(".0"):
        text = text[:-2]
    if not _ACCOUNT.match(text):
        raise InvalidValue(_("银行账号应为 6-32 位数字"))
    return text


Count = Annotated[int, BeforeValidator(_count)]
Phone = Annotated[str, BeforeValidator(_phone)]
BankAccount = Annotated[str, BeforeValidator(_account)]


def project_no_column() -> Any:
    return column(
        "项目编号",
        example="10000340",
        help="先在“建筑工程项目登记”或“矿山项目登记”中登记项目，再填写其项目编号",
    )


def optional_copy(name: str, base: type[RowModel], first: dict[str, Any]) -> type[RowModel]:
    """A row model with ``first``'s fields and every field of ``base`` made optional.

    For the 信息变更 services: the unit names the project and fills only what changes;
    a blank cell keeps the registered value.
    """
    fields: dict[str, Any] = dict(first)
    for field_name, info in base.model_fields.items():
        optional = copy.copy(info)
        optional.default = None
        fields[field_name] = (info.annotation | None, optional)  # type: ignore[operator]
    return cast(type[RowModel], create_model(name, __base__=RowModel, **fields))


def projects_by_no(unit: Unit, project_nos: Iterable[str]) -> dict[str, Project]:
    """The acting unit's projects among ``project_nos``, in one query."""
    nos = {p for p in project_nos if p}
    if not nos:
        return {}
    return {p.project_no: p for p in project_list(unit=unit, project_nos=nos)}


def resolve_project(
    ctx: CheckContext,
    number: int,
    project_no: str,
    projects: dict[str, Project],
    kind: ProjectKind,
) -> Project | None:
    project = projects.get(project_no)
    if project is None:
        ctx.fail(
            number,
            "项目编号",
            _(UNKNOWN_PROJECT) % {"p": project_no, "s": REGISTRATION_SERVICE[kind]},
        )
        return None
    if project.kind != kind:
        ctx.fail(
            number,
            "项目编号",
            _(WRONG_KIND) % {"p": project_no, "k": project.get_kind_display()},
        )
        return None
    return project


def check_manager_id(
    ctx: CheckContext, number: int, id_type: str | None, id_no: str | None
) -> None:
    """负责人证件号码: a resident ID must pass GB 11643 (check digit, birth date)."""
    if id_type == RESIDENT_ID and id_no:
        try:
            IdNumber.parse(id_no)
        except InvalidValue as exc:
            ctx.fail(number, "负责人证件号码", str(exc))


def check_span(ctx: CheckContext, number: int, label: str, start: Any, end: Any) -> None:
    if start is not None and end is not None and end < start:
        ctx.fail(number, label, _(END_BEFORE_START))
