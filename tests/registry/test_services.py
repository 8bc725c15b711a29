"""The registry's facade: units are created, and their active types read, in one place."""

import datetime as dt

from shebao.registry.choices import InsuranceType, UnitInsuranceStatus
from shebao.registry.selectors import active_staff_counts, unit_active_insurance_types
from shebao.registry.services import unit_create
from tests import factories


def test_unit_create_opens_each_chosen_type_from_the_start_date(region):
    unit = unit_create(
        unit_no="123456789",
        name="武汉门面有限公司",
        credit_code=factories.credit_code(),
        region=region,
        insurance_types=[InsuranceType.UNEMPLOYMENT, InsuranceType.PENSION],
        start_date=dt.date(2026, 3, 1),
    )
    rows = sorted(unit.insurances.values_list("insurance_type", "status", "start_date"))
    assert rows == [
        (InsuranceType.PENSION, UnitInsuranceStatus.ACTIVE, dt.date(2026, 3, 1)),
        (InsuranceType.UNEMPLOYMENT, UnitInsuranceStatus.ACTIVE, dt.date(2026, 3, 1)),
    ]
    assert unit_active_insurance_types(unit=unit) == [
        InsuranceType.PENSION,
        InsuranceType.UNEMPLOYMENT,
    ]


def test_a_suspended_type_is_not_active(unit):
    unit.insurances.filter(insurance_type=InsuranceType.PENSION).update(
        status=UnitInsuranceStatus.SUSPENDED
    )
    assert unit_active_insurance_types(unit=unit) == [InsuranceType.UNEMPLOYMENT]


def test_active_staff_counts_per_type(unit):
    factories.enrol(factories.person(), unit, InsuranceType.PENSION)
    factories.enrol(factories.person(), unit, InsuranceType.PENSION)
    factories.enrol(factories.person(), unit, InsuranceType.UNEMPLOYMENT)
    assert active_staff_counts(unit=unit) == {
        InsuranceType.PENSION: 2,
        InsuranceType.UNEMPLOYMENT: 1,
    }
