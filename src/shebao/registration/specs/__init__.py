"""Service specs whose effect changes the registry."""

from . import (
    employee_insurance_type_change,
    enrolment,
    project_cq,
    project_registration,
    project_roster,
    suspension,
    unit_insurance_change,
)

__all__ = [
    "employee_insurance_type_change",
    "enrolment",
    "project_cq",
    "project_registration",
    "project_roster",
    "suspension",
    "unit_insurance_change",
]
