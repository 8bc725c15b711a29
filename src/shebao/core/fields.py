"""Model fields stored encrypted (``shebao.core.crypto``) and the look-up hash beside them.

Written in-house on ``cryptography``'s MultiFernet rather than taken from a package: the
maintained one (django-fernet-encrypted-fields) derives its keys from ``SECRET_KEY`` (so a
SECRET_KEY rotation would silently re-key the data), hands back the ciphertext when no key
fits, stores ``""`` as NULL and encrypts each JSON leaf on its own.

The Python value is the clear text; the column holds the token. An encrypted column cannot
be filtered, ordered or joined on (every token differs): such a query raises instead of
silently matching nothing, except ``isnull`` and ``= ""`` (blank stays blank). Look up by the
``IdNumberHashField`` next to it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact

from . import crypto

ALLOWED_LOOKUPS = {"isnull"}

if TYPE_CHECKING:
    # django-stubs' (set, get) types; Django's fields cannot be subscripted at run time
    _StrCharField = models.CharField[str, str]
    _AnyTextField = models.TextField[Any, Any]
else:
    _StrCharField = models.CharField
    _AnyTextField = models.TextField


class EmptyExact(Exact):
    """``field=""``: blank is stored as ``""`` (never a token), so "is it blank" is exact SQL;
    any other value would compare with a random token and is refused."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            field = self.lhs.output_field
            raise FieldError(
                f"{field.model.__name__}.{field.name} is encrypted at rest: it can only be "
                f"compared with '' (blank); look up by its hash column instead"
            )
        return super().get_prep_lookup()


class EncryptedMixin:
    """Encrypt on the way to the database, decrypt on the way back; ``""`` stays ``""``."""

    name: str
    model: Any

    def get_internal_type(self) -> str:
        return "TextField"

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return EmptyExact
        if lookup_name not in ALLOWED_LOOKUPS:
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted at rest: it cannot be "
                f"filtered with '{lookup_name}'; look up by its hash column instead"
            )
        return super().get_lookup(lookup_name)  # type: ignore[misc]


class EncryptedCharField(EncryptedMixin, _StrCharField):
    """A CharField (``max_length`` bounds the clear text) kept as a Fernet token in a text
    column."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return crypto.decrypt(value)


class EncryptedJSONField(EncryptedMixin, _AnyTextField):
    """A JSON value (dict, list…) serialised and kept as one Fernet token: read back as the
    same value, never queried inside."""

    # for django-stubs: the Python value is any JSON value, not the column's text
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return crypto.encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(crypto.decrypt(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


class IdNumberHashField(_StrCharField):
    """The HMAC-SHA256 (hex) of another field of the row, kept in step on every save and
    ``bulk_create`` (``pre_save``); ``QuerySet.update``/``bulk_update`` of the source must
    set it too."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if kwargs.get("max_length") == 64:
            del kwargs["max_length"]
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        clear = getattr(model_instance, self.source)
        value = crypto.person_hash(clear) if clear else None
        setattr(model_instance, self.attname, value)
        return value
