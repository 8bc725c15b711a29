"""Registry reads are scoped to the acting unit: another unit's people never show up."""

import pytest

from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Person
from shebao.registry.selectors import enrolment_list, person_get, person_list
from tests import factories


@pytest.fixture
def other(region):
    return factories.unit(region_obj=region)


def test_person_list_shows_only_the_units_own_people(unit, other):
    mine = factories.person(name="张伟")
    theirs = factories.person(name="张伟")
    factories.enrol(mine, unit)
    factories.enrol(theirs, other)

    assert list(person_list(unit=unit)) == [mine]
    assert list(person_list(unit=other)) == [theirs]
    # Searching by the other unit's exact keys still finds nothing.
    assert not person_list(unit=unit, id_number=theirs.id_number).exists()
    assert not person_list(unit=unit, person_no=theirs.person_no).exists()
    assert list(person_list(unit=unit, name="张伟")) == [mine]


def test_person_get_refuses_another_units_person(unit, other):
    theirs = factories.person()
    factories.enrol(theirs, other)
    with pytest.raises(Person.DoesNotExist):
        person_get(unit=unit, person_id=theirs.pk)


def test_former_staff_stay_in_the_lookup(unit, other):
    """A person who left the unit (suspended) is still one of its people, for 续保."""
    left = factories.person(name="李娜")
    (pension,) = factories.enrol(left, unit, InsuranceType.PENSION)
    pension.status = EnrolmentStatus.SUSPENDED
    pension.save()
    factories.enrol(left, other, InsuranceType.PENSION)

    assert list(person_list(unit=unit)) == [left]
    assert list(person_list(unit=other)) == [left]
    assert person_list(unit=unit).count() == 1  # distinct, despite two enrolments


def test_search_combines_filters(unit):
    a = factories.person(name="王建国")
    b = factories.person(name="王建华")
    for p in (a, b):
        factories.enrol(p, unit)
    assert set(person_list(unit=unit, name="王建")) == {a, b}
    assert list(person_list(unit=unit, name="王建", id_number=b.id_number)) == [b]
    assert list(person_list(unit=unit, person_no=a.person_no[:-1], name="国")) == [a]


def test_enrolment_list_is_scoped(unit, other):
    p = factories.person()
    factories.enrol(p, other)
    assert not enrolment_list(unit=unit).exists()
    assert enrolment_list(unit=other, active_only=True).count() == 2
