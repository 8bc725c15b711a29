"""Every API operation fuzzed from the served OpenAPI document (schemathesis): no answer is a
server error, and every answer conforms to the document (status code, content type, body).

Bounded for CI, in-process through the WSGI handler: the first cases of schemathesis's coverage
phase (boundary values, missing or wrong-typed parameters, other content types) and a few
derandomized (fixed-seed) fuzzed examples per operation and generation mode. Operators call with a fresh token of their own, review
operations with a TOTP-verified reviewer's; each operation runs once with generated path values
and once on a real case, service and query, so the success paths are reached too.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import NO_FEEDBACK
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shebao.api.tokens import token_issue
from shebao.identity import staff
from shebao.services.queries import queries

from .conftest import ENROLMENT, declaration

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# per operation, generation mode and path-value variant; raise it locally for a deeper run
EXAMPLES = int(os.environ.get("SHEBAO_FUZZ_EXAMPLES", "4"))
COVERAGE_CASES = int(os.environ.get("SHEBAO_FUZZ_COVERAGE_CASES", "20"))  # per operation
REVIEW_OPERATIONS = ("/approve", "/reject", "/rollback", "/review/cases")


@contextmanager
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler without the per-request connection close, as Django's test client
    does: the requests run inside the test's transaction. (Django's test client connects the
    close again after each of its requests: none may run inside this block.)"""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _token(user: Any) -> dict[str, str]:
    _t, key = token_issue(user=user, second_factor=staff.is_staff_member(user))
    return {"Authorization": f"Token {key}"}


#: The fuzz explores the operations, not the throttles (tests/disclosure/test_throttle.py):
#: with the default rates most of its validation calls would be answered 429.
UNTHROTTLED = {
    scope: {"operator": "100000/min", "unit": "100000/min"} for scope in ("validate", "lookup")
}


@override_settings(SHEBAO_RATE_LIMITS=UNTHROTTLED)
def test_every_operation_conforms_and_never_fails_on_the_server(operator, reviewer):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(**{"HTTP_AUTHORIZATION": _token(operator)["Authorization"]})
    created = client.post("/api/v1/cases", declaration(), format="json")
    assert created.status_code == 201, created.json()
    serial_no = created.json()["serial_no"]

    with wsgi_app() as app:
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema?format=json", app)
        counts, failures = _fuzz(schema, operator=operator, reviewer=reviewer, serial_no=serial_no)
    print(dict(counts))
    assert counts["operations"] >= 18
    assert counts["5xx"] == 0 and not failures, "\n".join(failures)


def _fuzz(
    schema: Any, *, operator: Any, reviewer: Any, serial_no: str
) -> tuple[Counter[str], list[str]]:
    operations = [result.ok() for result in schema.get_all_operations()]
    counts: Counter[str] = Counter(operations=len(operations))
    failures: list[str] = []
    for operation in operations:
        path = operation.path
        user = reviewer if path.endswith(REVIEW_OPERATIONS) else operator
        real = {}
        if "{serial_no}" in path:
            real["serial_no"] = serial_no
        if "{code}" in path:
            real["code"] = (
                next(iter(queries)).code if path.startswith("/api/v1/queries") else ENROLMENT
            )
        _coverage(schema, operation, user=user, counts=counts, failures=failures)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for path_parameters in [None] + ([real] if real else []):
                strategy = operation.as_strategy(
                    generation_mode=mode, path_parameters=path_parameters
                )
                label = f"{operation.label} [{mode.value}]"
                try:
                    _examples(strategy, user=user, label=label, counts=counts, failures=failures)
                except Unsatisfiable:
                    # nothing in the operation can be made invalid (no free parameter, no body)
                    assert mode is GenerationMode.NEGATIVE, label
                    counts["nothing to negate"] += 1
    return counts, failures


def _coverage(
    schema: Any, operation: Any, *, user: Any, counts: Counter[str], failures: list[str]
) -> None:
    """schemathesis's coverage phase (boundary values, missing and wrong-typed parameters,
    unexpected content types), its first COVERAGE_CASES cases for each operation."""
    generator = CoverageGenerator(
        operation=operation,
        generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        generation_config=schema.config.generation_for(operation=operation, phase="coverage"),
        auth_storage=None,
        override=Override(),
        feedback=NO_FEEDBACK,
    )
    for case in islice(generator, COVERAGE_CASES):
        counts["coverage cases"] += 1
        _call(
            case, user=user, label=f"{operation.label} [coverage]", counts=counts, failures=failures
        )


def _call(case: Any, *, user: Any, label: str, counts: Counter[str], failures: list[str]) -> None:
    headers = _token(user)
    response = case.call(headers=headers)
    counts["requests"] += 1
    counts[f"{response.status_code // 100}xx"] += 1
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except FailureGroup as group:
        failures.extend(f"{label} {response.status_code}: {f.title}" for f in group.exceptions)
    except AssertionError as error:
        failures.append(f"{label} {response.status_code}: {error}")


def _examples(
    strategy: Any, *, user: Any, label: str, counts: Counter[str], failures: list[str]
) -> None:
    """A few derandomized examples of one operation; failed checks are collected, not raised."""

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        _call(case, user=user, label=label, counts=counts, failures=failures)

    run()
