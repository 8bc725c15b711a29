"""Every file of the hostile corpus through the web roster upload, the API's validate endpoint
and the materials upload: a precise Chinese reason (never a 5xx), nothing stored, in under
1 s and under 100 MB of extra memory.

Before the guards, the far cell aborted the server (calamine allocating 1,048,576 x 16,384
cells), the bombs took a minute and gigabytes, a 64 MiB cell was stored in ``CaseRow.raw``
and a 30000 x 30000 PNG was called "已损坏".
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.cases.models import CaseMaterial, CaseRow, RowImport
from tests.api.conftest import client_for
from tests.web.helpers import ENROLMENT, draft_case

from . import make_corpus

pytestmark = pytest.mark.django_db

MAX_SECONDS = 1.0
MAX_EXTRA_BYTES = 100 * 1024 * 1024
MATERIAL = "劳动合同"

DAMAGED = "无法读取该 Excel 2007 (.xlsx) 文件，文件可能已损坏；请用 Excel 打开后另存为 .xlsx 再上传"
ACCEPTED = "请上传 .xlsx、.xls 或 .csv（UTF-8 或 GBK 编码）格式的报盘文件"
UNKNOWN = "无法识别该文件的格式。" + ACCEPTED
RENAMED = "文件扩展名为 .xlsx，但内容不是 Excel 工作簿（可能已损坏，或只是改了扩展名）。" + ACCEPTED
OTHER_ZIP = "该文件是压缩包或其他 Office 文档，不是 Excel 报盘。" + ACCEPTED
TOO_MANY_ROWS = "报盘文件最多 200000 行，当前工作表“Sheet1”有 %d 行；请分成多个文件上传"
BOMB = "报盘文件中的“%s”压缩比异常（%d 倍，上限 100 倍），疑似压缩炸弹，已拒绝"
LONG_LINE = "CSV 文件第 2 行过长（超过 16384 个字符）：请检查是否缺少换行，或另存为 .xlsx 后上传"
NOT_IMAGE = "文件内容不是图片（JPG、JPEG、PNG、BMP、GIF）"
PIXELS = "图片尺寸过大（最大 40,000,000 像素），请把“%s”缩小后重新上传"

#: file -> the roster channels' refusal (None: a sound roster, accepted).
ROSTER: dict[str, str | None] = {
    "far-cell-dimension.xlsx": TOO_MANY_ROWS % 1048576,
    "far-cell-no-dimension.xlsx": TOO_MANY_ROWS % 1048576,
    "far-cell-lying-dimension.xlsx": TOO_MANY_ROWS % 1048576,
    "huge-dimension.xlsx": TOO_MANY_ROWS % 9999999,
    "shared-string-bomb.xlsx": BOMB % ("xl/sharedStrings.xml", 1027),
    "huge-cell-64mib.xlsx": BOMB % ("xl/worksheets/sheet1.xml", 1021),
    "long-cell-20000.xlsx": (
        "第 2 行【姓名】的内容有 20000 个字符，超过 500 个字符的上限；请检查是否填错了列"
    ),
    "many-sheets.xlsx": (
        "报盘文件包含 524 个部件，超过 500 个的上限：请删除多余的工作表后重新上传"
    ),
    "truncated.xlsx": DAMAGED,
    "truncated.xls": (
        "无法读取该 Excel 97-2003 (.xls) 文件，文件可能已损坏；请用 Excel 打开后另存为 .xlsx 再上传"
    ),
    "far-cell.xls": (
        "工作表“Sheet1”的数据区域过大（65536 行 × 256 列）：请删除表格右侧或下方多余的内容后重新上传"
    ),
    "many-columns-20000.csv": LONG_LINE,
    "long-line-10mib.csv": LONG_LINE,
    "gbk-roster-ok.csv": None,
    "png-30000x30000.png": UNKNOWN,
    "png-12000x12000.png": UNKNOWN,
    "png-truncated.png": UNKNOWN,
    "png-named-roster.xlsx": RENAMED,
    "png-named-jpg.jpg": UNKNOWN,
    "not-a-zip.xlsx": DAMAGED,
    "zip-named.xls": OTHER_ZIP,
    "exe-named.xlsx": RENAMED,
    "html-named.xlsx": RENAMED,
}
#: file -> the materials upload's refusal (None: a sound image, stored as what it is).
MATERIALS: dict[str, str | None] = {name: NOT_IMAGE for name in ROSTER} | {
    "png-30000x30000.png": PIXELS % "png-30000x30000.png",
    "png-12000x12000.png": PIXELS % "png-12000x12000.png",
    "png-named-jpg.jpg": PIXELS % "png-named-jpg.jpg",
    "png-truncated.png": "图片“png-truncated.png”已损坏或不完整，无法打开，请重新扫描或拍照后上传",
    "png-named-roster.xlsx": None,
    "long-line-10mib.csv": "文件“long-line-10mib.csv”大小为 10M，超过 5M 的上限，请压缩后重新上传",
}
NAMES = sorted(ROSTER)


def test_the_committed_corpus_is_what_the_script_builds():
    committed = {p.name for p in make_corpus.CORPUS.iterdir()}
    assert committed == set(make_corpus.FILES)
    assert set(ROSTER) == set(make_corpus.FILES) | set(make_corpus.GENERATED)
    for name in make_corpus.FILES:
        data = (make_corpus.CORPUS / name).read_bytes()
        assert len(data) <= 150 * 1024, name  # the repository stays small
        assert data == make_corpus.build(name), name


def corpus_file(name: str) -> bytes:
    path = make_corpus.CORPUS / name
    return path.read_bytes() if path.exists() else make_corpus.build(name)


@dataclass
class Cost:
    seconds: float = 0.0
    extra_bytes: int = 0


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def measured() -> Iterator[Cost]:
    """Wall time and the peak growth of the resident set (Rust allocations included), sampled
    every millisecond and checked against the process's high-water mark."""
    cost = Cost()
    base = _rss()
    high_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    peak = base
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss())
            time.sleep(0.001)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    try:
        yield cost
    finally:
        cost.seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        high_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        if high_after > high_before:  # a new high-water mark: it bounds the peak from below
            peak = max(peak, high_after)
        cost.extra_bytes = max(0, peak - base)


def within_budget(cost: Cost, name: str) -> None:
    assert cost.seconds < MAX_SECONDS, f"{name}: {cost.seconds:.2f} s"
    assert cost.extra_bytes < MAX_EXTRA_BYTES, f"{name}: {cost.extra_bytes / 2**20:.0f} MB"


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, corpus_file(name), "application/octet-stream")


def run(call: Callable[[], object]) -> tuple[object, Cost]:
    """``call`` measured, after one unmeasured round: a running server has its modules
    imported and its URL and template caches filled."""
    with measured() as cost:
        result = call()
    return result, cost


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("name", NAMES)
def test_the_web_roster_upload(name, op_client, unit, operator):
    case = draft_case(unit, operator, rows=0)
    warm_up = SimpleUploadedFile("x.csv", b"\xff\x00", "text/csv")
    op_client.post(f"/cases/{case.pk}/imports/", {"file": warm_up})
    file = upload(name)
    response, cost = run(lambda: op_client.post(f"/cases/{case.pk}/imports/", {"file": file}))
    assert response.status_code == 302  # back to the page, with the reason as a message
    page = op_client.get(response["Location"]).content.decode()
    expected = ROSTER[name]
    if expected is None:
        assert "上传校验完成：共 3 行" in page
        assert RowImport.objects.get(case=case).status == RowImport.Status.DONE
        assert case.rows.count() == 3
    else:
        assert "上传校验失败" not in page
        assert expected in page
        assert not CaseRow.objects.exists() and not RowImport.objects.exists()
    within_budget(cost, name)


@pytest.mark.parametrize("name", NAMES)
def test_the_api_validate_endpoint(name, operator):
    api = client_for(operator)
    file = upload(name)
    url = f"/api/v1/services/{ENROLMENT}/validate"
    api.post(url, {"file": SimpleUploadedFile("x.csv", b"\xff\x00")}, format="multipart")
    response, cost = run(lambda: api.post(url, {"file": file}, format="multipart"))
    expected = ROSTER[name]
    if expected is None:
        assert response.status_code == 200, response.json()
        assert response.json()["total"] == 3
    else:
        assert response.status_code == 400
        assert response.json() == {"detail": expected}
    assert not CaseRow.objects.exists()
    within_budget(cost, name)


@pytest.mark.parametrize("name", NAMES)
def test_the_materials_upload(name, op_client, unit, operator):
    case = draft_case(unit, operator, rows=1)
    file = upload(name)
    body = {"material": MATERIAL, "file": file}
    warm_up = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n", "image/png")
    op_client.post(f"/cases/{case.pk}/materials/", {"material": MATERIAL, "file": warm_up})
    response, cost = run(lambda: op_client.post(f"/cases/{case.pk}/materials/", body))
    assert response.status_code == 302
    page = op_client.get(response["Location"]).content.decode()
    expected = MATERIALS[name]
    if expected is None:
        assert f"“{MATERIAL}”已上传" in page
        assert CaseMaterial.objects.get(case=case).content_type == "image/png"
    else:
        assert expected in page
        assert not CaseMaterial.objects.exists()
    within_budget(cost, name)
