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


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """Every test starts in the platform's language: a request of an English browser or a test
    that activates English must not carry English into the next test of the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# Units of the other manuals' areas (issue #12 §7: a unit is offered its region's services only).
@pytest.fixture
def cq_unit(db):
    return factories.unit(region_obj=factories.chongqing_region())


@pytest.fixture
def cq_operator(cq_unit):
    return factories.operator(cq_unit)


@pytest.fixture
def cq_reviewer(cq_unit):
    return factories.reviewer(cq_unit.region)


@pytest.fixture
def cq_client(cq_operator) -> Client:
    client = Client()
    client.force_login(cq_operator)
    return client


@pytest.fixture
def nj_unit(db):
    return factories.unit(region_obj=factories.nanjing_region())


@pytest.fixture
def nj_operator(nj_unit):
    return factories.operator(nj_unit)


@pytest.fixture
def nj_reviewer(nj_unit):
    return factories.reviewer(nj_unit.region)


@pytest.fixture
def nj_client(nj_operator) -> Client:
    client = Client()
    client.force_login(nj_operator)
    return client
