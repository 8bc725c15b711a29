"""Default policy parameters for a region, written explicitly by the demo loader and by tests.

No data migration for the regional ones (the national retirement law has one, 0006):
regions are created after migrating, and a test that needs parameters
says so by calling :func:`policy_seed`. Idempotent (natural keys). The rates are those the
Hubei manual's examples imply (R-INS-03); the work-injury table and the 缴费基数标准 are
examples, said so in their ``source``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from .choices import InsuranceType
from .models import (
    AccountInterestRate,
    BaseStandard,
    CertificateValidity,
    ClampOrder,
    ContributionRate,
    ContributionYearRule,
    LateFeeRate,
    Payer,
    ProjectPremiumRate,
    Region,
)
from .pension_seed import pension_seed
from .retirement_seed import seed_current as retirement_law_seed
from .unemployment import unemployment_seed

RATES_FROM = dt.date(2019, 5, 1)
EXAMPLE_RATES = "湖北省网上经办操作手册示例金额推算（§3.3.23、§3.3.47），非正式费率表"
#: 一类至八类: an example table shaped like the national eight-class scheme, not official.
WORK_INJURY_EXAMPLE = {
    1: Decimal("0.002"),
    2: Decimal("0.004"),
    3: Decimal("0.007"),
    4: Decimal("0.009"),
    5: Decimal("0.011"),
    6: Decimal("0.013"),
    7: Decimal("0.016"),
    8: Decimal("0.019"),
}
WORK_INJURY_SOURCE = "示例：按八类行业风险类别编制的工伤保险费率表，仅为示例，非官方费率表"
DEFAULT_AVERAGE_WAGE = Decimal("6500")
BASE_SOURCE = "示例缴费基数标准（湖北省未在手册中给出），上线前按当年公布值修改"
#: 参保证明 verification period: the manual gives none; 90 days is an example (mortgage and
#: school-place offices commonly accept a certificate up to three months old).
CERTIFICATE_VALIDITY_DAYS = 90
CERTIFICATE_VALIDITY_SOURCE = "示例参数：湖北省操作手册§3.3.47未规定参保证明有效期，暂按开具之日起90天，上线前按经办机构规定修改"
LATE_FEE_SOURCE = "《中华人民共和国社会保险法》第八十六条：按日加收万分之五的滞纳金"
#: 城镇职工基本养老保险个人账户记账利率 as published yearly (the year after). A year after
#: the last one here is applied at the last rate, marked 暂按, until an administrator
#: enters the published one (``policy.services.interest_rate_publish``).
INTEREST_RATES = {
    2016: Decimal("0.0831"),
    2017: Decimal("0.0712"),
    2018: Decimal("0.0829"),
    2019: Decimal("0.0761"),
    2020: Decimal("0.0604"),
    2021: Decimal("0.0669"),
    2022: Decimal("0.0612"),
    2023: Decimal("0.0397"),
    2024: Decimal("0.0262"),
}
#: 项目工伤保险费 (R-INS-04: no formula in the manual). Construction: 1‰ of the project
#: cost; mining: 0.50 yuan per unit of 产能数量. Assumptions for the demo, not official.
PROJECT_PREMIUMS = {
    ProjectPremiumRate.Kind.CONSTRUCTION: Decimal("0.001"),
    ProjectPremiumRate.Kind.MINING: Decimal("0.50"),
}
PROJECT_PREMIUM_SOURCE = (
    "示例参数（手册未给出计算公式，R-INS-04）：建筑项目按项目总价的千分之一，"
    "矿山项目按每单位产能 0.50 元；实际费率由各统筹地区确定，上线前按当地文件修改"
)
INTEREST_SOURCE = "人力资源社会保障部、财政部公布的个人账户记账利率（示例数据，使用前请核对）"
#: The notices of the years checked against their publication.
PUBLISHED_INTEREST_SOURCE = (
    "人力资源社会保障部办公厅 财政部办公厅关于公布%(y)d年职工基本养老保险个人账户记账利率的通知"
    "：%(y)d年记账利率为%(r)s"
)
PUBLISHED_INTEREST_YEARS = (2023, 2024)


def interest_source(year: int) -> str:
    """The source note of a seeded 记账利率: the notice for the years checked against it."""
    if year not in PUBLISHED_INTEREST_YEARS:
        return INTEREST_SOURCE
    percent = f"{(INTEREST_RATES[year] * 100).normalize():f}%"
    return PUBLISHED_INTEREST_SOURCE % {"y": year, "r": percent}


def policy_seed(
    region: Region,
    *,
    years: Iterable[int] = range(2018, 2027),
    average_wage: Decimal = DEFAULT_AVERAGE_WAGE,
    clamp_order: str = ClampOrder.ROUND_THEN_CLAMP,
) -> None:
    """Rates, base standards for ``years``, the July contribution year, late fee, interest,
    project work-injury premiums, the pension award's 计发月数 and 过渡系数, the unemployment
    benefit table and standard, and the national
    retirement law (a data migration writes it too, but a flushed test database has lost it)."""
    retirement_law_seed()
    pairs = {
        InsuranceType.PENSION: (Decimal("0.16"), Decimal("0.08")),
        InsuranceType.UNEMPLOYMENT: (Decimal("0.007"), Decimal("0.003")),
    }
    for kind, (unit_rate, person_rate) in pairs.items():
        for payer, rate in ((Payer.UNIT, unit_rate), (Payer.INDIVIDUAL, person_rate)):
            ContributionRate.objects.get_or_create(
                region=region,
                insurance_type=kind,
                payer=payer,
                risk_class=None,
                effective_from=RATES_FROM,
                defaults={"rate": rate, "source": EXAMPLE_RATES},
            )
    for risk_class, rate in WORK_INJURY_EXAMPLE.items():
        ContributionRate.objects.get_or_create(
            region=region,
            insurance_type=InsuranceType.WORK_INJURY,
            payer=Payer.UNIT,
            risk_class=risk_class,
            effective_from=RATES_FROM,
            defaults={"rate": rate, "source": WORK_INJURY_SOURCE},
        )
    for year in years:
        BaseStandard.objects.get_or_create(
            region=region,
            year=year,
            defaults={
                "average_wage": average_wage,
                "clamp_order": clamp_order,
                "source": BASE_SOURCE,
            },
        )
    ContributionYearRule.objects.get_or_create(
        region=region,
        from_year=2000,
        defaults={"start_month": 7, "source": "湖北省操作手册§3.3.20：申报年度2020为202007-202106"},
    )
    LateFeeRate.objects.get_or_create(
        region=region,
        effective_from=dt.date(2011, 7, 1),
        defaults={"daily_rate": Decimal("0.0005"), "source": LATE_FEE_SOURCE},
    )
    CertificateValidity.objects.get_or_create(
        region=region,
        effective_from=dt.date(2019, 1, 1),
        defaults={"days": CERTIFICATE_VALIDITY_DAYS, "source": CERTIFICATE_VALIDITY_SOURCE},
    )
    for year, rate in INTEREST_RATES.items():
        AccountInterestRate.objects.get_or_create(
            region=region, year=year, defaults={"rate": rate, "source": interest_source(year)}
        )
        # a database seeded before the notice was checked gets its note, not a second row
        AccountInterestRate.objects.filter(
            region=region, year=year, rate=rate, source=INTEREST_SOURCE
        ).update(source=interest_source(year))
    pension_seed(region)
    unemployment_seed(region)
    for project_kind, premium in PROJECT_PREMIUMS.items():
        ProjectPremiumRate.objects.get_or_create(
            region=region,
            project_kind=project_kind,
            effective_from=RATES_FROM,
            defaults={"rate": premium, "source": PROJECT_PREMIUM_SOURCE},
        )
