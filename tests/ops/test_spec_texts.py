"""The English catalogue holds the specs' texts only if services/spec_texts.py lists them:
it must list exactly what the registered specs show (``manage.py spec_texts`` rewrites it,
``make messages`` runs that first)."""

from __future__ import annotations

import ast

from shebao.services.texts import MODULE, spec_texts


def listed() -> set[str]:
    tree = ast.parse(MODULE.read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
    }


def test_spec_texts_module_is_up_to_date():
    wanted = set(spec_texts())
    have = listed()
    assert not wanted - have, f"run `make messages`: missing {sorted(wanted - have)[:5]}"
    assert not have - wanted, f"run `make messages`: stale {sorted(have - wanted)[:5]}"


def test_spec_texts_hold_titles_labels_and_query_texts():
    texts = set(spec_texts())
    for text in ("单位职工参保登记/续保", "联系电话 (手机)", "缴费综合信息", "施工合同"):
        assert text in texts
