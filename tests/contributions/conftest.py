import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shebao.cases import materials
from shebao.cases import services as cases
from shebao.contributions.models import ContributionBase
from shebao.policy.seed import policy_seed
from tests import factories

ANNUAL = "hb_annual_contribution_wage_declaration"
MONTHLY = "hb_monthly_contribution_declaration"
CANCEL = "hb_contribution_declaration_revocation"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def policy(region):
    """The manual's rates and a 缴费基数标准 of 6500 (floor 3900, cap 19500) for 2018-2026."""
    policy_seed(region)
    return region


def draft(code, unit, operator):
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def run(code, unit, operator, **row):
    """One row declared through the case services and submitted; the row must pass."""
    case = draft(code, unit, operator)
    stored = cases.case_row_add(case=case, raw=row)
    assert stored.passed, stored.errors
    return cases.case_submit(case=case, actor=operator)


def declare_we01(unit, operator):
    """WE-01/02: two persons on base 8890 each, period 202103 declared for both types."""
    for name in ("张三", "李四"):
        person = factories.person(name=name)
        factories.enrol(person, unit, start=dt.date(2019, 1, 1))
        ContributionBase.objects.create(
            person=person,
            unit=unit,
            year=2020,
            declared_wage=Decimal("8888"),
            base=Decimal("8890"),
            start_period="202007",
            end_period="202106",
        )
    run(MONTHLY, unit, operator, period="202103")


def upload_commitment(case, operator):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    materials.material_upload(
        case=case,
        material="承诺书",
        uploaded_file=SimpleUploadedFile("承诺书.png", buffer.getvalue()),
        actor=operator,
    )


def messages(stored):
    return " ".join(e["message"] for e in stored.errors)


@pytest.fixture
def on(monkeypatch):
    """Fix the back-payment calculation date (the payment date amounts are worked out for)."""
    from shebao.contributions import arrears

    def set_date(day):
        monkeypatch.setattr(arrears, "calculation_date", lambda: day)
        return day

    return set_date
