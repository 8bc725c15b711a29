"""Contribution records as the services leave them for a 参保证明: declarations billed and
arrived, back-payments, WE-09's staff; and the printed detail rows read back."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal

from shebao.contributions.models import (
    Arrears,
    ArrearsKind,
    ArrearsLine,
    ArrivalImport,
    Bill,
    BillLine,
    BillLineSource,
    BillStatus,
    CollectionType,
    ContributionDetail,
    DeclarationStatus,
    MonthlyDeclaration,
    Payment,
)
from shebao.registry.choices import InsuranceType
from tests import factories

TYPES = (InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT, InsuranceType.WORK_INJURY)
_numbers = itertools.count(1)
#: WE-09's 201901 bases; the first one's money arrived in 201902 (补收)
WE09_BASES = ["11200", "3990", "8420", "7210", "9190", "9590", "19920", "13360", "11500"]


def _bill(unit, period: str, arrived: dt.date, collection_type=CollectionType.NORMAL) -> Bill:
    """A 已足额到账 bill of ``unit`` whose money arrived on ``arrived``."""
    bill = Bill.objects.create(
        document_no=f"C{next(_numbers):015d}",
        unit=unit,
        region=unit.region,
        collection_type=collection_type,
        period_from=period,
        period_to=period,
        unit_amount=Decimal(0),
        individual_amount=Decimal(0),
        total_amount=Decimal(1),
        received_amount=Decimal(1),
        status=BillStatus.PAID,
        due_date=dt.date(2030, 1, 1),
    )
    record = ArrivalImport.objects.filter(region=unit.region).first()
    if record is None:
        staff = factories.reviewer(unit.region, f"arrivals{next(_numbers)}")
        record = ArrivalImport.objects.create(
            region=unit.region, uploaded_by=staff, filename="到账.csv"
        )
    Payment.objects.create(
        bill=bill,
        bank_serial_no=f"BK{bill.document_no}",
        amount=1,
        arrived_on=arrived,
        arrival_import=record,
    )
    return bill


def paid(unit, bases: dict, period: str, arrived: dt.date) -> None:
    """The unit declared ``period`` for all three types on ``bases`` ({person: base}),
    billed it and its money arrived on ``arrived``."""
    bill = _bill(unit, period, arrived)
    for kind in TYPES:
        declaration = MonthlyDeclaration.objects.create(
            unit=unit,
            region=unit.region,
            period=period,
            insurance_type=kind,
            status=DeclarationStatus.BILLED,
        )
        for person, base in bases.items():
            ContributionDetail.objects.create(
                period=period,
                person=person,
                unit=unit,
                insurance_type=kind,
                wage=Decimal(base),
                base=Decimal(base),
                unit_amount=0,
                individual_amount=0,
                declaration=declaration,
            )
        BillLine.objects.create(
            bill=bill,
            source=BillLineSource.DECLARATION,
            declaration=declaration,
            insurance_type=kind,
            period=period,
            unit_amount=0,
        )


def back_paid(unit, person, period: str, base: str, arrived: dt.date) -> None:
    """``person``'s ``period`` paid later as a back-payment (补缴) of all three types."""
    bill = _bill(unit, period, arrived, CollectionType.BACK_PAYMENT)
    for kind in TYPES:
        arrears = Arrears.objects.create(
            unit=unit,
            region=unit.region,
            person=person,
            kind=ArrearsKind.LABOUR_CONTRACT,
            start_period=period,
            end_period=period,
            months=1,
            status=DeclarationStatus.BILLED,
            calculated_on=arrived,
            unit_amount=0,
            individual_amount=0,
            interest=0,
            late_fee=0,
        )
        ArrearsLine.objects.create(
            arrears=arrears,
            period=period,
            person=person,
            insurance_type=kind,
            wage=Decimal(base),
            base=Decimal(base),
            unit_amount=0,
            individual_amount=0,
            interest=0,
            late_fee=0,
            explanation="",
        )
        BillLine.objects.create(
            bill=bill,
            source=BillLineSource.ARREARS,
            arrears=arrears,
            insurance_type=kind,
            period=period,
            unit_amount=0,
        )


def we09_staff(unit):
    """Nine staff: 201901 paid on time for eight and as a back-payment in 201902 for the
    first (WE-09's 补收 row), 201902 paid on time for all."""
    staff = []
    for n in range(len(WE09_BASES)):
        person = factories.person(name=f"职工{n}")
        factories.enrol(person, unit, *TYPES, start=dt.date(2018, 1, 1))
        staff.append(person)
    bases = dict(zip(staff, WE09_BASES, strict=True))
    paid(unit, {p: b for p, b in bases.items() if p != staff[0]}, "201901", dt.date(2019, 1, 20))
    back_paid(unit, staff[0], "201901", WE09_BASES[0], dt.date(2019, 2, 10))
    paid(unit, bases, "201902", dt.date(2019, 2, 20))
    return staff


ROW = re.compile(
    r"<tr><td>(?P<name>[^<]*)</td><td>(?P<number>[^<]*)</td><td>(?P<period>\d{6})</td>"
    r"<td>(?P<arrived>\d{6})</td>(?P<cells>(?:<td[^>]*>[^<]*</td>){9})</tr>"
)


def printed_rows(html: str) -> list[dict]:
    """The detail rows as printed: name, number, period, arrived and 3 x (base, status, type)."""
    rows = []
    for found in ROW.finditer(html):
        values = re.findall(r"<td[^>]*>([^<]*)</td>", found["cells"])
        rows.append({
            **{k: found[k] for k in ("name", "number", "period", "arrived")},
            "cells": [tuple(values[i : i + 3]) for i in (0, 3, 6)],
        })  # fmt: skip
    return rows
