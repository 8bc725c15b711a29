"""The 申报表 as PDF: CJK text, repeated headers on long rosters, page numbers, a QR code that decodes."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from shebao.documents.pdf import StaticOnlyFetcher, case_report_html, case_report_pdf, render_pdf
from shebao.documents.verify import case_check_code
from tests.documents import builders

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed"
)


def pdf_text(pdf: bytes, tmp_path: Path, *, page: int | None = None) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_count(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_poppler
def test_enrolment_pdf_holds_title_names_and_serial(unit, operator, tmp_path):
    case = builders.enrolment_case(unit, operator, people=["张伟", "欧阳秀兰"])
    pdf = case_report_pdf(case)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert "在职职工增员申报表" in text
    assert "张伟" in text and "欧阳秀兰" in text
    assert case.serial_no in text
    assert unit.name in text and unit.unit_no in text
    assert "以上事项填写真实" in text
    assert "第1页/共1页" in squeeze(text)


@needs_poppler
def test_cjk_fonts_are_embedded(unit, operator, tmp_path):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts is not installed")
    path = tmp_path / "r.pdf"
    path.write_bytes(case_report_pdf(builders.enrolment_case(unit, operator, people=["张伟"])))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts  # not a fallback font drawing boxes


@needs_poppler
def test_long_roster_paginates_with_repeated_header(unit, operator, tmp_path):
    case = builders.enrolment_case(unit, operator, people=builders.names(300))
    pdf = case_report_pdf(case)
    pages = page_count(pdf, tmp_path)
    assert pages > 1
    second = pdf_text(pdf, tmp_path, page=2)
    assert "身份证号码" in second and "参保险种" in second  # thead repeated
    assert f"第2页/共{pages}页" in squeeze(second)
    assert case.serial_no in second  # running header from page 2 on
    last = pdf_text(pdf, tmp_path, page=pages)
    assert "合计：300人" in squeeze(last) and "申报人" in last


@needs_poppler
def test_suspension_pdf(unit, operator, tmp_path):
    persons = builders.insured_persons(unit, ["赵六", "钱七"])
    case = builders.suspension_case(unit, operator, persons)
    text = pdf_text(case_report_pdf(case), tmp_path)
    assert "在职职工减员申报表" in text
    assert "赵六" in text and persons[0].person_no in text
    assert case.serial_no in text
    assert "职工发生辞职(退)" in text


def test_qr_code_decodes_to_the_verification_url(unit, operator, tmp_path):
    if not (shutil.which("zbarimg") and shutil.which("pdftoppm")):
        pytest.skip("zbarimg / pdftoppm not installed")
    case = builders.enrolment_case(unit, operator, people=["张伟"])
    base = "https://shebao.example.gov.cn"
    pdf = case_report_pdf(case, verify_base_url=base)
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", "r.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", "page.png"], cwd=tmp_path, capture_output=True, text=True
    ).stdout.strip()
    code = case_check_code(case.serial_no)
    assert decoded == f"{base}/verify/cases/{case.serial_no}?c={code}"
    assert code in pdf_text(pdf, tmp_path)  # printed under the code, for typing in


def test_html_preview_is_a_whole_document(unit, operator):
    html = case_report_html(builders.enrolment_case(unit, operator, people=["张伟"]))
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert '<section class="report' in html


def test_renderer_loads_static_files_only(tmp_path):
    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch("http://shebao.invalid/static/shebao/report.css")
    assert b".report__table" in css.read()
    secret = tmp_path / "secret.css"
    secret.write_text("body{}")
    for url in (secret.as_uri(), "http://example.com/x.css", "http://shebao.invalid/static/../x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    # a document pointing at a local file still renders, without reading it
    pdf = render_pdf(f'<link rel="stylesheet" href="{secret.as_uri()}"><p>好</p>', base_url="/")
    assert pdf.startswith(b"%PDF")
