"""Turning an API request into what the cases core takes: the service, and the materials.

The declaration itself (one transaction, all or nothing) and the dry-run check live in
:mod:`shebao.cases.declare`, which the web's wizard shares; this module only reads the API's
own request formats.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.services.registry import registry
from shebao.services.spec import ServiceSpec

NO_SUCH_SERVICE = gettext_noop("没有这项业务：%(c)s")
MATERIAL_TWICE = gettext_noop("材料“%(m)s”只能上传一份")
BAD_BASE64 = gettext_noop("材料“%(m)s”的 content 不是合法的 base64 编码")
MATERIAL_PREFIX = "materials["


def spec_for(code: str) -> ServiceSpec[Any]:
    if code not in registry:
        raise InvalidValue(_(NO_SUCH_SERVICE) % {"c": code})
    return registry[code]


def incoming_materials(
    files: Mapping[str, Any], inline: Sequence[Mapping[str, str]] | None
) -> list[tuple[str, Any]]:
    """Multipart files ``materials[<名称>]`` and JSON ``materials: [{name, filename,
    content(base64)}]``, as ``(material name, file)`` pairs; the service checks the names."""
    found: list[tuple[str, Any]] = []
    for key in files:
        if key.startswith(MATERIAL_PREFIX) and key.endswith("]"):
            uploads = files.getlist(key) if hasattr(files, "getlist") else [files[key]]
            found.extend((key[len(MATERIAL_PREFIX) : -1], f) for f in uploads)
    for item in inline or ():
        name = item["name"]
        try:
            content = base64.b64decode(item["content"], validate=True)
        except (binascii.Error, ValueError):
            raise InvalidValue(_(BAD_BASE64) % {"m": name})
        found.append((name, SimpleUploadedFile(item["filename"], content)))
    seen: set[str] = set()
    for name, _f in found:
        if name in seen:
            raise InvalidValue(_(MATERIAL_TWICE) % {"m": name})
        seen.add(name)
    return found
