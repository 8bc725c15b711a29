"""The reviewable-application core: allowed status moves and the materials rule."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from shebao.cases.models import Case, CaseStatus
from shebao.cases.review_core import Lifecycle, missing_materials
from shebao.cases.services import CASE_LIFECYCLE
from shebao.pki.selfservice.models import OrderStatus
from shebao.pki.selfservice.services import ORDER_LIFECYCLE

FLOW = Lifecycle({"draft": frozenset({"submitted"}), "submitted": frozenset({"approved"})})


def test_only_declared_moves_are_allowed():
    assert FLOW.allows("draft", "submitted")
    assert not FLOW.allows("draft", "approved")
    assert not FLOW.allows("approved", "draft")


def test_move_sets_the_status_and_refuses_a_move_the_flow_does_not_have():
    application = SimpleNamespace(status="draft")
    assert FLOW.move(application, "submitted") == "draft"  # type: ignore[arg-type]
    assert application.status == "submitted"
    with pytest.raises(ValueError):
        FLOW.move(application, "draft")  # type: ignore[arg-type]
    assert application.status == "submitted"


def test_decide_refuses_an_undeclared_move_before_touching_the_database():
    with pytest.raises(ValueError):
        CASE_LIFECYCLE.decide(
            Case.objects, pk=1, before=CaseStatus.DRAFT, after=CaseStatus.APPROVED
        )


def test_cases_and_orders_are_decided_only_from_their_review_status():
    assert CASE_LIFECYCLE.allows(CaseStatus.UNDER_REVIEW, CaseStatus.APPROVED)
    assert not CASE_LIFECYCLE.allows(CaseStatus.REJECTED, CaseStatus.APPROVED)
    assert ORDER_LIFECYCLE.allows(OrderStatus.SUBMITTED, OrderStatus.REJECTED)
    assert not ORDER_LIFECYCLE.allows(OrderStatus.DRAFT, OrderStatus.APPROVED)
    assert not ORDER_LIFECYCLE.allows(OrderStatus.REJECTED, OrderStatus.ISSUED)


def test_missing_materials_are_named_in_the_required_order():
    required = [("a", "申请表"), ("b", "营业执照"), ("c", "身份证")]
    assert missing_materials(required, ["b"]) == ["申请表", "身份证"]
    assert missing_materials(required, ["a", "b", "c", "x"]) == []
