import pytest
from django.test import Client

from tests import factories


@pytest.fixture
def region(db):
    return factories.region()


@pytest.fixture
def unit(region):
    return factories.unit(region_obj=region)


@pytest.fixture
def operator(unit):
    return factories.operator(unit)


@pytest.fixture
def reviewer(region):
    return factories.reviewer(region)


@pytest.fixture
def op_client(operator) -> Client:
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def rv_client(reviewer) -> Client:
    return factories.staff_client(reviewer)


@pytest.fixture
def other_region(db):
    return factories.region(provincial=False, code="420102", name="武汉市江岸区")


@pytest.fixture
def other_unit(other_region):
    return factories.unit(region_obj=other_region)


@pytest.fixture
def other_operator(other_unit):
    return factories.operator(other_unit)


@pytest.fixture
def other_client(other_operator) -> Client:
    client = Client()
    client.force_login(other_operator)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: every test starts with its budget unspent."""
    from django.core.cache import cache

    cache.clear()
