"""Issue #10 §2: validation and person look-ups are limited per operator and per unit, on the
shared cache, web and API on one budget; the refusal is a Chinese 429."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests import factories
from tests.api.conftest import client_for, enrolment_row
from tests.web.helpers import draft_case, enrolment_form

pytestmark = pytest.mark.django_db

TOO_FREQUENT = "操作过于频繁，请稍后再试"
VALIDATE_URL = "/api/v1/services/hb_employee_enrolment/validate"


@pytest.fixture
def tight(settings):
    settings.SHEBAO_RATE_LIMITS = {
        "validate": {"operator": "2/min", "unit": "3/min"},
        "lookup": {"operator": "2/min", "unit": "3/min"},
    }


def test_web_row_checks_are_limited_per_operator(tight, op_client, unit, operator):
    case = draft_case(unit, operator, rows=0)
    url = f"/cases/{case.pk}/rows/add/"
    assert op_client.post(url, enrolment_form()).status_code == 302
    assert op_client.post(url, enrolment_form()).status_code == 302
    refused = op_client.post(url, enrolment_form())
    assert refused.status_code == 429
    assert TOO_FREQUENT in refused.content.decode() and int(refused["Retry-After"]) > 0
    assert case.rows.count() == 2
    # showing the edit form validates nothing and is not counted
    assert op_client.get(f"/cases/{case.pk}/rows/1/edit/").status_code == 200


def test_the_unit_budget_is_shared_by_its_operators_web_and_api(tight, op_client, unit, operator):
    case = draft_case(unit, operator, rows=0)
    upload = SimpleUploadedFile("x.csv", "身份证号码,姓名\n".encode("gbk"), "text/csv")
    assert op_client.post(f"/cases/{case.pk}/imports/", {"file": upload}).status_code == 302
    colleague = factories.operator(unit)
    api = client_for(colleague)
    assert api.post(VALIDATE_URL, {"rows": [enrolment_row()]}, format="json").status_code == 200
    assert api.post(VALIDATE_URL, {"rows": [enrolment_row()]}, format="json").status_code == 200
    refused = api.post(VALIDATE_URL, {"rows": [enrolment_row()]}, format="json")
    assert refused.status_code == 429  # the colleague's own 2/min is not spent: the unit's 3 are
    assert refused.json() == {"detail": TOO_FREQUENT} and int(refused["Retry-After"]) > 0
    declared = api.post("/api/v1/cases", {"service": "hb_employee_enrolment"}, format="json")
    assert declared.status_code == 429
    assert api.get("/api/v1/cases").status_code == 200  # reading cases is not validation
    # another unit is untouched
    other = factories.operator(factories.unit(region_obj=unit.region))
    assert (
        client_for(other).post(VALIDATE_URL, {"rows": [enrolment_row()]}, format="json").status_code
        == 200
    )


def test_person_lookup_is_limited(tight, unit, operator):
    client = Client()
    client.force_login(operator)
    person = factories.person()
    factories.enrol(person, unit)
    json = {"HTTP_ACCEPT": "application/json"}
    assert client.get("/persons/lookup/", **json).status_code == 200
    assert client.get(f"/persons/{person.pk}/", **json).status_code == 200
    refused = client.get("/persons/lookup/", **json)
    assert refused.status_code == 429 and refused.json() == {"detail": TOO_FREQUENT}


def test_counts_are_shared_through_redis(settings, monkeypatch):
    """With ``REDIS_URL`` every process counts on one Redis: two separate cache clients (as in
    two web processes) spend one budget."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from django.core.cache.backends.redis import RedisCache

    from shebao.identity import ratelimit

    settings.SHEBAO_RATE_LIMITS = {"validate": {"operator": "2/min", "unit": "100/min"}}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    from django.core.cache import cache

    cache.clear()
    other_process = RedisCache(url, {})
    assert ratelimit.rate_limit_hit(scope="validate", operator_id=7, unit_id=8) is None
    monkeypatch.setattr(ratelimit, "cache", other_process)
    assert ratelimit.rate_limit_hit(scope="validate", operator_id=7, unit_id=8) is None
    assert ratelimit.rate_limit_hit(scope="validate", operator_id=7, unit_id=8) is not None
    other_process.clear()


def test_api_validation_is_limited_per_operator(tight, operator):
    api = client_for(operator)
    for _ in range(2):
        assert api.post(VALIDATE_URL, {"rows": [enrolment_row()]}, format="json").status_code == 200
    refused = api.post(VALIDATE_URL, {"rows": [enrolment_row()]}, format="json")
    assert (
        refused.status_code == 429
    )  # the unit's 3/min still has one left: the operator's 2 are spent
    assert refused.json() == {"detail": TOO_FREQUENT} and int(refused["Retry-After"]) > 0
