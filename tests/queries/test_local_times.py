"""Times are stored in UTC and read in Beijing time (settings.TIME_ZONE) on every channel:
the web query, its export, the API, the case page and the printed report (issue #12 §8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shebao.cases.models import Case
from shebao.contributions.models import MonthlyDeclaration
from shebao.documents.reports import format_value
from shebao.registry.choices import InsuranceType
from tests.web.helpers import submitted_case

from .test_queries import sheet_rows

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2026, 12, 7, 13, 35, tzinfo=dt.UTC)  # 21:35 in Beijing
SHOWN = "2026-12-07 21:35"
SUMMARY = "hb_contribution_summary"


@pytest.fixture
def declaration(unit):
    declared = MonthlyDeclaration.objects.create(
        unit=unit,
        region=unit.region,
        period="202611",
        insurance_type=InsuranceType.PENSION,
        headcount=1,
        wage_total=Decimal("6000"),
        base_total=Decimal("6000"),
        unit_amount=Decimal("960"),
        individual_amount=Decimal("480"),
    )
    MonthlyDeclaration.objects.filter(pk=declared.pk).update(declared_at=RECEIVED)
    return declared


def test_the_web_query_shows_beijing_time(op_client, declaration):
    cells = op_client.get(f"/queries/{SUMMARY}/").context["rows"][0][1]
    assert cells[-1] == SHOWN


def test_the_export_shows_beijing_time(op_client, declaration):
    rows = sheet_rows(op_client.post(f"/queries/{SUMMARY}/export.xlsx", {"scope": "all"}))
    assert rows[2][-1] == "经办时间" and rows[3][-1] == SHOWN


def test_the_api_query_shows_beijing_time(operator, declaration):
    from tests.api.conftest import client_for

    rows = client_for(operator).get(f"/api/v1/queries/{SUMMARY}").json()["rows"]
    assert rows[0][-1] == SHOWN


def test_the_case_page_shows_beijing_time(op_client, unit, operator):
    case = submitted_case(unit, operator)
    Case.objects.filter(pk=case.pk).update(received_at=RECEIVED)
    page = op_client.get(f"/cases/{case.pk}/").content.decode()
    assert SHOWN in page and "2026-12-07 13:35" not in page


def test_a_printed_date_is_the_beijing_day():
    late_evening_utc = dt.datetime(2026, 12, 7, 17, 0, tzinfo=dt.UTC)  # 01:00 on the 8th
    assert format_value("date", late_evening_utc) == "2026-12-08"


def test_the_api_case_carries_beijing_time_with_its_offset(operator, unit):
    from tests.api.conftest import client_for

    case = submitted_case(unit, operator)
    Case.objects.filter(pk=case.pk).update(received_at=RECEIVED)
    body = client_for(operator).get(f"/api/v1/cases/{case.serial_no}").json()
    assert body["received_at"].startswith("2026-12-07T21:35")
    assert body["received_at"].endswith("+08:00")
