"""The unit sees on 首页 who reaches retirement age soon and settles a woman's post type
(issue #13 §6). Screenshots go to $SHEBAO_SCREENSHOTS when it is set."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from shebao.contributions import retirement
from shebao.policy.seed import policy_seed
from shebao.registry.models import Person
from tests import factories

from .test_enrolment_batch_journey import login

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS", "")


@pytest.fixture
def people(transactional_db, monkeypatch):
    monkeypatch.setattr(retirement, "reminder_today", lambda: dt.date(2026, 3, 15))
    region = factories.region()
    policy_seed(region)
    unit = factories.unit(region_obj=region, name="武汉退休提醒测试有限公司")
    # 1966-03: 60y4m -> 202607; 1976-01 woman: worker 50y7m -> 202608, cadre 56y7m -> 203208
    for name, born, female in (
        ("王强", dt.date(1966, 3, 10), False),
        ("陈敏", dt.date(1976, 1, 8), True),
        ("李明", dt.date(1990, 5, 17), False),
    ):
        person = factories.person(name=name, birth=born)
        Person.objects.filter(pk=person.pk).update(gender="2" if female else "1")
        factories.enrol(person, unit, start=dt.date(2019, 1, 1))
    factories.operator(unit, username="retirement_operator")
    return unit


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_reminder_on_the_home_page_and_the_post_type(page, people):
    login(page, "retirement_operator")
    panel = page.get_by_role("region", name="即将达到法定退休年龄的职工（6个月内）")
    panel.wait_for()
    assert panel.get_by_role("cell", name="王强").is_visible()
    assert panel.get_by_text("李明").count() == 0
    assert panel.get_by_text("需延长缴费").count() == 3  # 王强, and 陈敏 under both posts
    shot(page, "retirement-reminder.png")

    page.get_by_label(
        "陈敏的岗位类别未确定，女职工的法定退休年龄取决于岗位类别，请选择："
    ).select_option("worker")
    page.get_by_role("button", name="保存").click()
    page.get_by_text(
        "已保存 陈敏 的岗位类别：生产岗位（工人）"
    ).first.wait_for()  # also read out (#live)
    assert panel.get_by_text("50岁7个月").is_visible()
    assert panel.get_by_text("56岁7个月").count() == 0
    shot(page, "retirement-reminder-post-set.png")
