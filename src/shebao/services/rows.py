"""Row schemas: one pydantic model per service serves the form, the roster, the API and the report.

A field is declared with :func:`column`, which carries the Chinese label used as the
template header and form label; the annotated types below parse what people type into
Excel (ticks, ``01 汉族``, ``2021/3/12``, floats for whole numbers) and fail with a
precise Chinese message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, NamedTuple, cast, get_args

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator

from shebao.core.errors import InvalidValue
from shebao.core.id_documents import ID_TYPE_ALIASES, IdType, parse_id_document
from shebao.core.masking import Sensitive, mask
from shebao.core.money import parse_yuan
from shebao.core.period import Period
from shebao.core.phone import parse_mobile


class RowModel(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _number_with_its_type(cls, data: Any) -> Any:
        """The row's 证件类型 reaches the 证件号码's check wherever its column stands (the
        templates append it after the manual's own columns)."""
        if type(data) is dict and data.get("id_type") and "id_number" in data:
            return {**data, "id_number": _TypedNumber(data["id_type"], data["id_number"])}
        return data

    @classmethod
    def columns(cls) -> list[Column]:
        """The flat columns (form fields, roster headers); sub-tables are not among them."""
        return _columns(cls)

    @classmethod
    def subtables(cls) -> list[SubTable]:
        """The row lists declared with :func:`subtable`, in declaration order."""
        return _subtables(cls)


def masked_values(columns: Iterable[Column], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (a stored row) with each sensitive column's value masked, the rest as is."""
    out = dict(values)
    for col in columns:
        if col.sensitive is not None and out.get(col.name) not in (None, ""):
            out[col.name] = mask(out[col.name], col.sensitive)
    return out


class Column:
    """A field as a person sees it: label, example, kind (text, date, tick, choice, money)."""

    __slots__ = (
        "name",
        "label",
        "example",
        "kind",
        "choices",
        "required",
        "help",
        "aliases",
        "group",
        "sensitive",
        "hint",
        "header_note",
        "codes",
    )

    def __init__(self, name: str, extra: dict[str, Any], required: bool, help: str) -> None:
        self.name = name
        self.label: str = extra["label"]
        self.example: str = extra.get("example", "")
        self.kind: str = extra.get("kind", "text")
        self.choices: list[str] = extra.get("choices") or []
        self.aliases: list[str] = extra.get("aliases") or []
        self.group: str = extra.get("group", "")
        self.sensitive: Sensitive | None = (
            Sensitive(extra["sensitive"]) if extra.get("sensitive") else None
        )
        self.required = required
        self.help = help
        #: The input's placeholder: a format, never a value that could pass for data (the
        #: ``example`` fills the template's example row only).
        self.hint: str = extra.get("hint", "")
        #: What the manual's paper form and template print after the label, e.g. " (A)" on a
        #: tick column; files show it (``header``), screens do not.
        self.header_note: str = extra.get("header_note", "")
        #: A choice's code where it is not its position (GB/T 3304's 97 其他 after 56 基诺族).
        self.codes: dict[str, str] = extra.get("codes") or {}

    @property
    def header(self) -> str:
        """The column's header in files (template, error workbook, 申报表): the manual's own."""
        return self.label + self.header_note


_COLUMN_CACHE: dict[type, list[Column]] = {}
_SUBTABLE_CACHE: dict[type, list[SubTable]] = {}
SUBTABLE = "subtable"


def _columns(model: type[BaseModel]) -> list[Column]:
    if model not in _COLUMN_CACHE:
        _COLUMN_CACHE[model] = [
            Column(
                name,
                {
                    "hint": _default_hint(info.metadata),
                    **cast(dict[str, Any], info.json_schema_extra or {}),
                },
                info.is_required(),
                info.description or "",
            )
            for name, info in model.model_fields.items()
            if cast(dict[str, Any], info.json_schema_extra or {}).get("kind") != SUBTABLE
        ]
    return _COLUMN_CACHE[model]


@dataclass(frozen=True)
class SubTable:
    """A list of sub-rows inside one row (a retiree's 工作经历), each parsed by ``row``.

    Stored with the row (its cleaned value holds the parsed list); the engine validates every
    sub-row with ``row`` and reports "工作经历第2行：…", and refuses fewer than ``min_rows``
    with ``empty_message``. Screens show it as its own tab with add / edit / delete.
    """

    name: str
    row: type[RowModel]
    title: str
    min_rows: int = 0
    empty_message: str = ""

    def columns(self) -> list[Column]:
        return self.row.columns()

    def where(self, index: int) -> str:
        """The column label of a sub-row's error: 工作经历第2行 (``index`` from 0)."""
        return _("%(t)s第%(n)d行") % {"t": self.title, "n": index + 1}


def _subtables(model: type[BaseModel]) -> list[SubTable]:
    if model not in _SUBTABLE_CACHE:
        found: list[SubTable] = []
        for name, info in model.model_fields.items():
            extra = cast(dict[str, Any], info.json_schema_extra or {})
            if extra.get("kind") == SUBTABLE:
                found.append(
                    SubTable(
                        name,
                        _item_model(info.annotation),
                        extra["label"],
                        extra.get("min_rows", 0),
                        extra.get("empty_message", ""),
                    )
                )
        _SUBTABLE_CACHE[model] = found
    return _SUBTABLE_CACHE[model]


def _item_model(annotation: Any) -> type[RowModel]:
    (item,) = get_args(annotation)
    if not (isinstance(item, type) and issubclass(item, RowModel)):
        raise TypeError(f"a sub-table is annotated list[SomeRow], not {annotation!r}")
    return item


def subtable(title: str, *, min_rows: int = 0, empty_message: str = "") -> Any:
    """A field holding a list of sub-rows (annotate it ``list[ThatRow]``): a sub-table.

    ``empty_message`` is what the unit reads when fewer than ``min_rows`` are declared
    (工作经历不能为空); the sub-table is a tab of the single form, not a roster column.
    """
    extra = {
        "label": title,
        "kind": SUBTABLE,
        "min_rows": min_rows,
        "empty_message": empty_message,
    }
    return Field(default_factory=list, title=title, json_schema_extra=extra)  # type: ignore[arg-type]


def _default_hint(metadata: list[Any]) -> str:
    """The format a parsed type expects, as the form's placeholder; "" for free text."""
    for item in metadata:
        func = getattr(item, "func", None)
        if func in _HINTS:
            return _HINTS[func]
    return ""


def column(
    label: str,
    *,
    example: str = "",
    required: bool = True,
    kind: str = "text",
    choices: Iterable[str] | None = None,
    aliases: Iterable[str] = (),
    group: str = "",
    help: str = "",
    sensitive: Sensitive | None = None,
    hint: str | None = None,
    header_note: str = "",
    codes: dict[str, str] | None = None,
) -> Any:
    """A row field; ``sensitive`` says which personal number it holds, masked when shown.

    ``hint`` is the form's placeholder (by default the format of the column's type, such as
    "18位身份证号码"); ``header_note`` is what the manual prints after the label in its files.
    """
    extra: dict[str, Any] = {
        "label": label,
        "example": example,
        "kind": kind,
        "choices": list(choices or []),
        "aliases": list(aliases),
        "group": group,
    }
    if hint is not None:
        extra["hint"] = hint
    if header_note:
        extra["header_note"] = header_note
    if codes:
        extra["codes"] = dict(codes)
    if sensitive is not None:
        extra["sensitive"] = sensitive
    default: Any = ... if required else None
    if kind == "tick" and not required:
        default = False
    return Field(default, title=label, description=help or None, json_schema_extra=extra)


def _text(raw: Any) -> str:
    if type(raw) is str:  # the common case first: this runs for most cells of a roster
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


class _TypedNumber(NamedTuple):
    id_type: Any
    raw: Any


def _id_number(raw: Any, info: ValidationInfo) -> str:
    """The number checked by the rule of the row's 证件类型: a resident ID when the row has no
    ``id_type`` column, leaves it blank or gives one we do not know (that column says so)."""
    if isinstance(raw, _TypedNumber):
        id_type: str | None
        try:
            id_type = _choice(IdType.values, ID_TYPE_ALIASES)(raw.id_type)
        except InvalidValue:
            id_type = None
        raw = raw.raw
    else:
        id_type = (info.data or {}).get("id_type")
    return parse_id_document(id_type, raw).value


_NAME = re.compile(r"^[\u3400-\u9fff\U00020000-\U0002ffff·•A-Za-z ]{2,30}$")


def _person_name(raw: Any) -> str:
    text = _text(raw).replace("•", "·")
    if not _NAME.match(text):
        raise InvalidValue(
            _("姓名“%(v)s”不正确：应为 2-30 个汉字（少数民族姓名可含 ·）") % {"v": text}
        )
    return text


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    if " " in text:
        text = text.split(" ", 1)[0]
    if (
        len(text) == 10
        and text[4] == "-"
        and text[7] == "-"
        and text.isascii()
        and (text[:4] + text[5:7] + text[8:]).isdigit()
    ):
        # Fast path for YYYY-MM-DD (most roster cells); anything odd takes the formats below.
        try:
            return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidValue(_("日期“%(v)s”格式不正确，应为 YYYY-MM-DD，例如 2021-03-12") % {"v": text})


_TRUE = {"√", "✓", "✔", "是", "Y", "YES", "1", "TRUE", "A", "参保", "停保"}
_FALSE = {"", "×", "否", "N", "NO", "0", "FALSE"}


def _tick(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).upper()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidValue(_("“%(v)s”无法识别：勾选请填 √，不勾选请留空") % {"v": text})


def _choice(options: list[str], aliases: dict[str, str]) -> Callable[[Any], str]:
    allowed = set(options)

    def parse(raw: Any) -> str:
        text = _text(raw)
        name = re.sub(r"^\d+\s*", "", text)  # "01 汉族" / "6325 退休减员" -> name
        name = aliases.get(name, name)
        if name not in allowed:
            shown = "、".join(options) if len(options) <= 12 else "、".join(options[:12]) + "……"
            raise InvalidValue(_("“%(v)s”不在可选范围内（%(o)s）") % {"v": text, "o": shown})
        return name

    return parse


def _period(raw: Any) -> str:
    return str(Period.parse(_text(raw)))


def _year(raw: Any) -> int:
    text = _text(raw).removesuffix("年")
    if not (len(text) == 4 and text.isdigit() and 1990 <= int(text) <= 2100):
        raise InvalidValue(_("年度“%(v)s”格式不正确，应为四位年份，例如 2020") % {"v": raw})
    return int(text)


#: Placeholders for the parsed types: formats only (gettext_noop: translated where shown).
_HINTS: dict[Callable[..., Any], str] = {
    _id_number: gettext_noop("18位身份证号码"),
    parse_mobile: gettext_noop("11位手机号码"),
    _period: gettext_noop("年月，如 YYYYMM"),
    _year: gettext_noop("四位年份"),
}

IdNumberStr = Annotated[str, BeforeValidator(_id_number)]
PersonName = Annotated[str, BeforeValidator(_person_name)]
DateValue = Annotated[dt.date, BeforeValidator(_date)]
Tick = Annotated[bool, BeforeValidator(_tick)]
Money = Annotated[Decimal, BeforeValidator(parse_yuan)]
Mobile = Annotated[str, BeforeValidator(parse_mobile)]
Text = Annotated[str, BeforeValidator(_text)]
PeriodText = Annotated[str, BeforeValidator(_period)]  # 期号 YYYYMM, kept as text
Year = Annotated[int, BeforeValidator(_year)]


def id_type_column(*, example: str = IdType.RESIDENT_ID.value) -> Any:
    """The optional 证件类型 column (blank: 居民身份证(户口簿)); declare it before the number."""
    return column(
        "证件类型",
        example=example,
        kind="choice",
        choices=IdType.values,
        required=False,
        help=gettext_noop("不填为居民身份证(户口簿)"),
    )


def one_of(options: list[str], aliases: dict[str, str] | None = None) -> BeforeValidator:
    """Use as ``Annotated[str, one_of([...])]``: accepts "01 汉族" and "汉族", stores the name."""
    return BeforeValidator(_choice(options, aliases or {}))


IdTypeName = Annotated[str, one_of(IdType.values, ID_TYPE_ALIASES)]
