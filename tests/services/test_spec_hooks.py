"""The spec contract the engine relies on (issue #11 §2): typed effect context, refusals as
``InvalidValue``, the ``lock_keys`` hook, and declaration checks at registration."""

from typing import Any

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.core.errors import InvalidValue
from shebao.policy.areas import CHONGQING_ONLY, HUBEI_ONLY
from shebao.services.modules import Module
from shebao.services.queries import queries
from shebao.services.registry import Registry, registry
from shebao.services.rows import IdNumberStr, PersonName, RowModel, column
from shebao.services.spec import EffectContext, Review, ServiceSpec

SEEN: dict[str, Any] = {}


class HookRow(RowModel):
    id_number: IdNumberStr = column("身份证号码", example="110100198506020015")
    name: PersonName = column("姓名", example="张三")


class HookSpec(ServiceSpec[HookRow]):
    code = "test_spec_hooks"
    title = "引擎约定测试业务"
    areas = HUBEI_ONLY
    module = Module.REGISTRATION
    row = HookRow
    review = Review.AUTO
    report_columns = ("id_number", "name")

    def lock_keys(self, rows):
        SEEN["lock_keys"] = list(rows)
        return super().lock_keys(rows)

    def apply(self, effect: EffectContext, rows: list[HookRow]) -> dict[str, Any]:
        SEEN["effect"] = effect
        SEEN["rows"] = rows
        if rows[0].name == "拒绝":
            raise InvalidValue("参保信息已变化")
        return {"rows": len(rows)}


class TypoSpec(HookSpec):
    code = "test_spec_hooks_typo"
    report_columns = ("id_number", "nmae")


@pytest.fixture
def hooks():
    SEEN.clear()
    with registry.overridden(HookSpec) as active:
        yield active


def declared(unit, operator, name: str):
    case = cases.case_start(service_code=HookSpec.code, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    row = cases.case_row_add(case=case, raw={"id_number": "110100198506020015", "name": name})
    assert row.passed
    return case


def test_the_effect_gets_a_typed_context_and_typed_rows(hooks, unit, operator):
    case = declared(unit, operator, "张三")
    case = cases.case_submit(case=case, actor=operator)
    assert case.status == CaseStatus.COMPLETED
    effect = SEEN["effect"]
    assert isinstance(effect, EffectContext)
    assert (effect.unit, effect.serial_no, effect.case_id) == (unit, case.serial_no, case.pk)
    assert effect.operator == operator and effect.decided_by is None
    assert [type(r) for r in SEEN["rows"]] == [HookRow]


def test_a_refusal_of_the_effect_is_the_case_error(hooks, unit, operator):
    case = declared(unit, operator, "拒绝")
    with pytest.raises(cases.CaseError, match="参保信息已变化"):
        cases.case_submit(case=case, actor=operator)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_the_engine_locks_what_lock_keys_returns(hooks, unit, operator):
    cases.case_submit(case=declared(unit, operator, "张三"), actor=operator)
    assert [r["id_number"] for r in SEEN["lock_keys"]] == ["110100198506020015"]


def test_lock_keys_default_is_the_persons_the_rows_name():
    rows = [{"id_number": "110100198506020015"}, {"id_number": ""}, {"name": "x"}]
    assert HookSpec().lock_keys(rows) == {"110100198506020015"}


def test_a_report_column_the_row_lacks_fails_at_registration():
    with pytest.raises(ValueError, match="nmae"), registry.overridden(TypoSpec):
        pass
    assert TypoSpec.code not in registry


def test_overridden_leaves_nothing_behind(hooks):
    assert HookSpec.code in registry
    fresh: Registry[ServiceSpec[Any]] = Registry(kind="service", not_found="%(c)s")
    with fresh.overridden(HookSpec):
        assert [s.code for s in fresh] == [HookSpec.code]
    assert list(fresh) == []


def test_services_and_queries_share_one_registry_type():
    assert isinstance(queries, Registry) and isinstance(registry, Registry)
    with pytest.raises(ValueError, match="registered twice"):
        queries(type(next(iter(queries))))


def test_a_spec_must_declare_the_areas_that_offer_it_and_its_module():
    class Nowhere(HookSpec):
        code = "test_nowhere"
        areas = frozenset()

    class NoModule(HookSpec):
        code = "test_no_module"
        module = None

    class WrongArea(HookSpec):  # an hb_ code is the Hubei manual's
        code = "hb_test_wrong_area"
        areas = CHONGQING_ONLY

    for spec_class, message in (
        (Nowhere, "declares no areas"),
        (NoModule, "declares no module"),
        (WrongArea, "not offered in HUBEI"),
    ):
        with pytest.raises(ValueError, match=message), registry.overridden(spec_class):
            pass
        assert spec_class.code not in registry
