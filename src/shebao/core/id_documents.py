"""证件类型 and the format and check rules of each document's number, in one place.

Staff are enrolled not only with a resident ID: foreigners with a passport or a permanent
residence card, people from Hong Kong, Macao and Taiwan with their travel permits or their
residence permits (issue #15 §1). Each type has its own number format; where the number follows
GB 11643 (resident ID, 港澳台居民居住证, the 2023 foreigner card) its check digit is verified
the same way. The birth date and sex are read from the number only where GB 11643 puts them there
and the document is a citizen's number (resident ID, residence permit); for the other types the
row must give them (:func:`derives_birth_and_sex`).

Stored values are the Chinese names the manuals print (``Person.id_type`` has held
"居民身份证(户口簿)" from the start), so no data moves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import InvalidValue
from .ids import IdNumber, check_digit, normalise


class IdType(models.TextChoices):
    RESIDENT_ID = "居民身份证(户口簿)", gettext_lazy("居民身份证(户口簿)")
    PASSPORT = "护照", gettext_lazy("护照")
    HK_MACAO_PERMIT = "港澳居民来往内地通行证", gettext_lazy("港澳居民来往内地通行证")
    RESIDENCE_PERMIT = "港澳台居民居住证", gettext_lazy("港澳台居民居住证")
    TAIWAN_PERMIT = "台湾居民来往大陆通行证", gettext_lazy("台湾居民来往大陆通行证")
    FOREIGNER_CARD = "外国人永久居留身份证", gettext_lazy("外国人永久居留身份证")


#: What units type in the 证件类型 column besides the names above (common short names).
ID_TYPE_ALIASES: dict[str, str] = {
    "身份证": IdType.RESIDENT_ID,
    "居民身份证": IdType.RESIDENT_ID,
    "户口簿": IdType.RESIDENT_ID,
    "户口本": IdType.RESIDENT_ID,
    "居民身份证(户口本)": IdType.RESIDENT_ID,
    "居民身份证 (户口本)": IdType.RESIDENT_ID,
    "居民身份证（户口簿）": IdType.RESIDENT_ID,
    "居民身份证（户口本）": IdType.RESIDENT_ID,
    "外国护照": IdType.PASSPORT,
    "中国护照": IdType.PASSPORT,
    "港澳通行证": IdType.HK_MACAO_PERMIT,
    "回乡证": IdType.HK_MACAO_PERMIT,
    "港澳居民居住证": IdType.RESIDENCE_PERMIT,
    "台湾居民居住证": IdType.RESIDENCE_PERMIT,
    "居住证": IdType.RESIDENCE_PERMIT,
    "台胞证": IdType.TAIWAN_PERMIT,
    "台湾通行证": IdType.TAIWAN_PERMIT,
    "永居证": IdType.FOREIGNER_CARD,
    "外国人永久居留证": IdType.FOREIGNER_CARD,
    "外国人永久居留身份证(2023版)": IdType.FOREIGNER_CARD,
}

#: GB 11643 address codes of residence permits: Hong Kong, Macao, Taiwan.
RESIDENCE_PERMIT_PREFIXES = ("810000", "820000", "830000")

_PASSPORT = re.compile(r"^[A-Z0-9]{5,17}$")
_HK_MACAO = re.compile(r"^[HM]\d{8}(\d{2})?$")
_TAIWAN = re.compile(r"^\d{8}(\d{2})?$")
_FOREIGNER_OLD = re.compile(r"^[A-Z]{3}\d{12}$")
_FOREIGNER_NEW = re.compile(r"^9\d{16}[\dX]$")


@dataclass(frozen=True, slots=True)
class IdDocument:
    """A validated document number; ``birth_date``/``gender`` only where the number holds them."""

    id_type: str
    value: str
    birth_date: dt.date | None = None
    gender: str | None = None  # '1' male, '2' female (GB/T 2261.1)

    def __str__(self) -> str:
        return self.value


def derives_birth_and_sex(id_type: str) -> bool:
    """Whether the birth date and sex come from the number (else the row must give them)."""
    return id_type in (IdType.RESIDENT_ID, IdType.RESIDENCE_PERMIT)


def parse_id_document(id_type: str | None, raw: object) -> IdDocument:
    """``raw`` validated as a number of ``id_type`` (resident ID when none); InvalidValue else."""
    kind = IdType(id_type) if id_type else IdType.RESIDENT_ID
    return _PARSERS[kind](raw)


def _resident(raw: object) -> IdDocument:
    ident = IdNumber.parse(raw)  # the GB 11643 rules and messages, unchanged
    return IdDocument(IdType.RESIDENT_ID, ident.value, ident.birth_date, ident.gender)


def _text(raw: object, label: str) -> str:
    text = normalise(raw)
    if not text:
        raise InvalidValue(_("%(t)s号码不能为空") % {"t": label})
    return text


def _passport(raw: object) -> IdDocument:
    """Passports of every country: ICAO 9303 numbers are letters and digits, at most 9 in the
    machine-readable zone; some countries print longer ones, so 5 to 17 are accepted."""
    text = _text(raw, _("护照"))
    if not _PASSPORT.match(text):
        raise InvalidValue(
            _("护照号码“%(v)s”不正确：应为 5-17 位英文字母或数字，不含空格和符号") % {"v": text}
        )
    if not any(c.isdigit() for c in text):
        raise InvalidValue(_("护照号码“%(v)s”不正确：应含有数字") % {"v": text})
    return IdDocument(IdType.PASSPORT, text)


def _hk_macao(raw: object) -> IdDocument:
    """回乡证: H (Hong Kong) or M (Macao) and 8 digits; older cards add 2 digits (换证次数)."""
    text = _text(raw, _("港澳居民来往内地通行证"))
    if not _HK_MACAO.match(text):
        raise InvalidValue(
            _(
                "港澳居民来往内地通行证号码“%(v)s”不正确：应为 H 或 M 开头加 8 位数字"
                "（旧版证件为 H 或 M 开头加 10 位数字）"
            )
            % {"v": text}
        )
    return IdDocument(IdType.HK_MACAO_PERMIT, text)


def _taiwan(raw: object) -> IdDocument:
    """台胞证: 8 digits since the 2015 card; older booklets 10 digits."""
    text = _text(raw, _("台湾居民来往大陆通行证"))
    if not _TAIWAN.match(text):
        raise InvalidValue(
            _("台湾居民来往大陆通行证号码“%(v)s”不正确：应为 8 位数字（旧版证件为 10 位数字）")
            % {"v": text}
        )
    return IdDocument(IdType.TAIWAN_PERMIT, text)


def _residence_permit(raw: object) -> IdDocument:
    """港澳台居民居住证: a GB 11643 number whose address code is 810000, 820000 or 830000."""
    text = _text(raw, _("港澳台居民居住证"))
    if not text.startswith(RESIDENCE_PERMIT_PREFIXES):
        raise InvalidValue(
            _(
                "港澳台居民居住证号码“%(v)s”不正确：应以 810000（香港）、820000（澳门）"
                "或 830000（台湾）开头"
            )
            % {"v": text}
        )
    ident = IdNumber.parse(text)
    return IdDocument(IdType.RESIDENCE_PERMIT, ident.value, ident.birth_date, ident.gender)


def _foreigner(raw: object) -> IdDocument:
    """外国人永久居留身份证: the 15-character card (3 letters for the nationality, 12 digits;
    its check rule is not published, so only the format is checked) or the card issued from
    2023-12-01: 18 characters, first digit 9, last one the GB 11643 MOD 11-2 check digit."""
    text = _text(raw, _("外国人永久居留身份证"))
    if len(text) == 15:
        if not _FOREIGNER_OLD.match(text):
            raise InvalidValue(
                _(
                    "外国人永久居留身份证号码“%(v)s”不正确：15 位旧版号码应为 3 位英文字母加 12 位数字"
                )
                % {"v": text}
            )
        return IdDocument(IdType.FOREIGNER_CARD, text)
    if len(text) == 18:
        if not _FOREIGNER_NEW.match(text):
            raise InvalidValue(
                _(
                    "外国人永久居留身份证号码“%(v)s”不正确：18 位新版号码应以 9 开头，"
                    "前 17 位为数字，第 18 位为数字或 X"
                )
                % {"v": text}
            )
        expected = check_digit(text[:17])
        if text[17] != expected:
            raise InvalidValue(
                _("外国人永久居留身份证号码校验位错误：第 18 位应为 %(e)s，实际为 %(a)s")
                % {"e": expected, "a": text[17]}
            )
        return IdDocument(IdType.FOREIGNER_CARD, text)
    raise InvalidValue(
        _("外国人永久居留身份证号码应为 15 位（旧版）或 18 位（2023 年新版），实际为 %(n)d 位")
        % {"n": len(text)}
    )


_PARSERS: dict[IdType, Callable[[object], IdDocument]] = {
    IdType.RESIDENT_ID: _resident,
    IdType.PASSPORT: _passport,
    IdType.HK_MACAO_PERMIT: _hk_macao,
    IdType.RESIDENCE_PERMIT: _residence_permit,
    IdType.TAIWAN_PERMIT: _taiwan,
    IdType.FOREIGNER_CARD: _foreigner,
}
