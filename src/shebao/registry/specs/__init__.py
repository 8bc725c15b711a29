"""Service specs whose effect changes the registry."""

from . import employee_insurance_type_change, enrolment, suspension, unit_insurance_change

__all__ = ["employee_insurance_type_change", "enrolment", "suspension", "unit_insurance_change"]
