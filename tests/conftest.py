import pytest

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
