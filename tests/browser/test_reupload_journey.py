"""The clerk's fix loop in a real browser (issue #12 §1): upload a roster, download
下载校验不通过数据, correct it in Excel, upload that file as it is, choosing 追加; every person
stays in the draft. ``SHEBAO_SCREENSHOTS=dir`` saves the batch tab at desktop and phone width.
"""

from __future__ import annotations

import datetime as dt
import io
import os

import openpyxl
import pytest
from playwright.sync_api import expect

from shebao.cases.models import Case
from tests import factories
from tests.batch.files import filled_template

from .test_enrolment_batch_journey import login


@pytest.fixture
def operator(transactional_db):
    unit = factories.unit(region_obj=factories.region(), name="武汉重新上传测试有限公司")
    return factories.operator(unit, username="browser_operator")


def person(n: int, ethnicity: str = "01 汉族") -> dict[str, str]:
    return {
        "id_number": factories.id_number(dt.date(1992, 7, 1) + dt.timedelta(days=n)),
        "name": "吴" + "一二三四五"[n] + "明",
        "ethnicity": ethnicity,
        "work_start_date": "2025-03-01",
        "monthly_wage": "6000",
        "pension": "√",
        "mobile": "13800138000",
    }


def shoot(page, name: str) -> None:
    folder = os.environ.get("SHEBAO_SCREENSHOTS")
    if not folder:
        return
    for width, height in ((1400, 1000), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_the_corrected_failed_rows_file_is_appended_without_losing_anyone(page, operator, tmp_path):
    five = [person(0), person(1), person(2, "火星族"), person(3), person(4, "月球族")]
    roster = tmp_path / "在职职工增员申报表.xlsx"
    roster.write_bytes(filled_template(five))

    login(page, "browser_operator")
    page.goto(page.base_url + "/services/hb_employee_enrolment/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("tab", name="批量添加").click()
    page.set_input_files("#import-file", str(roster))
    page.get_by_role("button", name="上传校验").click()
    expect(
        page.get_by_text("上传校验完成：共 5 行，校验通过 3 行，校验不通过 2 行")
    ).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="下载校验不通过数据").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    for row in book.worksheets[0].iter_rows():
        for cell in row:
            if cell.value in ("火星族", "月球族"):
                cell.value = "01 汉族"
    corrected = tmp_path / "改正后.xlsx"
    out = io.BytesIO()
    book.save(out)
    corrected.write_bytes(out.getvalue())

    page.get_by_role("tab", name="批量添加").click()
    expect(page.locator("#merge-choice")).to_contain_text("本办件已有 5 行数据")
    shoot(page, "reupload-choice")
    page.set_input_files("#import-file", str(corrected))
    page.get_by_label("追加").check()
    page.get_by_role("button", name="上传校验").click()
    expect(
        page.get_by_text("其中 2 行更新了本办件已有的人员）：办件现共 5 行，校验通过 5 行").first
    ).to_be_visible()  # the message, and its copy read out by the #live region

    case = Case.objects.latest("pk")
    assert case.rows.count() == 5 and case.rows.filter(passed=True).count() == 5
