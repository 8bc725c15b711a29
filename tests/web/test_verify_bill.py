"""扫码核验: the public page a teller opens from a 应缴认定单's QR code, without logging in."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from shebao.contributions.bills import bill_expire_overdue
from shebao.contributions.models import Bill, BillStatus
from shebao.contributions.tax_invoice import tax_invoice_import
from shebao.documents import views
from shebao.documents.verify import bill_check_code, bill_check_code_ok, verify_bill_url
from shebao.registry.models import Person
from tests.contributions.conftest import policy  # noqa: F401  (a fixture)
from tests.contributions.test_bill_sources import account, refund  # noqa: F401  (fixtures)
from tests.contributions.test_bills import REVOKE, declared, issue, run  # noqa: F401

D = Decimal


@pytest.fixture(autouse=True)
def fresh_cache():
    """The miss counter lives in the cache: no test inherits another's misses."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bill(request, unit, operator):
    """WE-01/02 billed: 4445.00 for two persons, pension and unemployment."""
    request.getfixturevalue("declared")
    _case, bill = issue(unit, operator)
    return bill


def url(bill_or_no, code=None):
    no = getattr(bill_or_no, "document_no", bill_or_no)
    return verify_bill_url(no) if code is None else f"/verify/bills/{no}?c={code}"


def page(response):
    return response.content.decode()


def test_a_valid_bill_scanned_anonymously(bill, unit):
    response = Client().get(url(bill))
    assert response.status_code == 200
    html = page(response)
    assert "单据真实有效" in html and "可按应缴金额缴费" in html
    assert bill.document_no in html and unit.name in html and unit.unit_no in html
    assert "应缴" in html and "正常应缴" in html and "202103" in html
    assert "¥4,445.00" in html and "肆仟肆佰肆拾伍元整" in html
    assert "有效" in html and bill.due_date.isoformat() in html
    assert dt.date.today().isoformat() in html  # 开具日期
    assert "未开票" in html
    assert "不得据此缴费" not in html and "请勿据此" not in html
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_no_persons_ids_or_lines_on_the_page(bill):
    html = page(Client().get(url(bill)))
    persons = list(Person.objects.all())
    assert len(persons) == 2
    for person in persons:
        assert person.name not in html and person.id_number not in html
        assert person.person_no not in html
    assert "4,267.20" not in html and "177.80" not in html  # the lines' amounts
    assert "城镇职工基本养老保险" not in html


def test_revoked_bill_warns_not_to_pay(bill, unit, operator):
    run(REVOKE, unit, operator, document_no=bill.document_no)
    html = page(Client().get(url(bill)))
    assert "单据已作废" in html and "请勿据此单据收款或缴费" in html
    assert "alert--red" in html and "已作废" in html


def test_expired_bill_warns_not_to_pay(bill):
    bill_expire_overdue(today=bill.due_date + dt.timedelta(days=1))
    html = page(Client().get(url(bill)))
    assert "单据已过有效期" in html and "请勿据此单据收款或缴费" in html and "已过期" in html


def test_past_due_before_the_nightly_expiry_already_warns(bill):
    Bill.objects.filter(pk=bill.pk).update(due_date=dt.date.today() - dt.timedelta(days=1))
    html = page(Client().get(url(bill)))
    assert "单据已过有效期" in html and "请勿据此单据收款或缴费" in html
    bill.refresh_from_db()
    assert bill.status == BillStatus.VALID  # the page only reads


def test_partly_and_fully_paid(bill):
    Bill.objects.filter(pk=bill.pk).update(received_amount=D("4000"), status=BillStatus.PARTIAL)
    html = page(Client().get(url(bill)))
    assert "已部分到账" in html and "尚欠 445.00 元" in html and "请勿据此" not in html
    Bill.objects.filter(pk=bill.pk).update(received_amount=D("4445"), status=BillStatus.PAID)
    html = page(Client().get(url(bill)))
    assert "已足额到账" in html and "请勿重复缴费" in html


def test_tax_invoice_is_shown(bill, region, reviewer):
    data = f"单据号,发票号码,开票日期,金额\n{bill.document_no},24420000000000000001,{dt.date.today()},4445.00\n"
    tax_invoice_import(region=region, actor=reviewer, data=data.encode(), filename="t.csv")
    html = page(Client().get(url(bill)))
    assert f"已开票（{dt.date.today():%Y-%m-%d}）" in html
    assert "24420000000000000001" not in html  # the invoice number stays in the back office


def test_unknown_number_is_a_chinese_404(db):
    response = Client().get(url("2021039999999999"))
    assert response.status_code == 404
    assert "未找到该单据，请核对单据号" in page(response)


def test_a_wrong_check_code_looks_like_an_unknown_number(bill):
    wrong = "AAAAAAAA" if bill_check_code(bill.document_no) != "AAAAAAAA" else "BBBBBBBB"
    response = Client().get(url(bill, wrong))
    assert response.status_code == 404
    html = page(response)
    assert "未找到该单据，请核对单据号" in html and bill.unit.name not in html
    # the next number's code does not open the next bill either
    other = f"{int(bill.document_no) + 1:016d}"
    assert Client().get(url(bill, bill_check_code(other))).status_code == 404


def test_typed_code_forgives_case_and_typos(bill):
    code = bill_check_code(bill.document_no)
    typed = code.lower().replace("o", "0").replace("i", "1")
    assert bill_check_code_ok(bill.document_no, f" {typed[:4]}-{typed[4:]} ")
    assert Client().get(url(bill, typed)).status_code == 200


def test_code_from_a_rotated_key_still_verifies(bill, settings):
    old = bill_check_code(bill.document_no)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    assert bill_check_code(bill.document_no) != old
    assert Client().get(url(bill, old)).status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert Client().get(url(bill, old)).status_code == 404


def test_old_link_without_code_explains_and_reveals_nothing(bill):
    response = Client().get(f"/verify/bills/{bill.document_no}")
    assert response.status_code == 200
    html = page(response)
    assert "请输入单据校验码" in html and "二维码下方" in html
    assert bill.unit.name not in html and "4,445.00" not in html
    unknown = page(Client().get("/verify/bills/2021039999999999"))
    assert "请输入单据校验码" in unknown  # same answer whether the number exists or not


def test_misses_are_limited_per_address(bill, monkeypatch):
    monkeypatch.setattr(views, "VERIFY_MISSES_PER_HOUR", 3)
    client = Client()
    for n in range(3):
        assert client.get(url(f"20210399999999{n:02d}", "AAAAAAAA")).status_code == 404
    response = client.get(url(bill))
    assert response.status_code == 429 and "查询过于频繁" in page(response)
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert elsewhere.get(url(bill)).status_code == 200
    cache.clear()
    assert client.get(url(bill)).status_code == 200


def test_successful_checks_are_not_limited(bill, monkeypatch):
    monkeypatch.setattr(views, "VERIFY_MISSES_PER_HOUR", 2)
    client = Client()
    for _n in range(5):
        assert client.get(url(bill)).status_code == 200


@pytest.mark.parametrize(
    ("setting", "base"),
    [("", "http://testserver"), ("https://shebao.example.gov.cn", "https://shebao.example.gov.cn")],
)
def test_portal_pdf_qr_opens_this_page(op_client, bill, tmp_path, settings, setting, base):
    if not (shutil.which("zbarimg") and shutil.which("pdftoppm")):
        pytest.skip("zbarimg / pdftoppm not installed")
    settings.PUBLIC_BASE_URL = setting
    (tmp_path / "b.pdf").write_bytes(op_client.get(f"/bills/{bill.document_no}.pdf").content)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", "b.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", "page.png"], cwd=tmp_path, capture_output=True, text=True
    ).stdout.strip()
    code = bill_check_code(bill.document_no)
    assert decoded == f"{base}/verify/bills/{bill.document_no}?c={code}"
    parts = urlsplit(decoded)
    response = Client().get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200 and "单据真实有效" in page(response)


# -- 退费单据: paid out to the unit (退付), never paid in -----------------------------------


@pytest.fixture
def refund_document(request, unit, operator):
    """A §3.3.35 refund on a 多缴退费 退费单据, issued through the engine."""
    from tests.contributions.test_bill_sources import issue as issue_of

    request.getfixturevalue("refund")
    _case, document = issue_of(unit, operator, "多缴退费")
    return document


def test_a_refund_document_waiting_to_be_paid_out(refund_document):
    html = page(Client().get(url(refund_document)))
    assert "退费单据真实有效，尚未退付" in html and "社会保险费退费单" in html
    assert "退费金额" in html and "尚未退付" in html
    assert "可按应缴金额缴费" not in html and "缴费截止日期" not in html


def test_a_paid_out_refund_document_says_so_and_not_to_pay_it_out_again(refund_document, rv_client):
    response = rv_client.post(
        f"/backoffice/refund-payouts/{refund_document.document_no}/",
        {
            "paid_on": timezone.localdate().isoformat(),
            "bank_serial_no": "BK-V-1",
            "amount": str(refund_document.total_amount),
        },
    )
    assert response.status_code == 302
    html = page(Client().get(url(refund_document)))
    today = timezone.localdate().isoformat()
    assert f"退费单据真实，已于 {today} 退付" in html and "请勿重复退付" in html
    assert "已退付" in html and "status--bill-paid_out" in html and "alert--blue" in html
    assert "请勿重复缴费" not in html and "BK-V-1" not in html  # the public page stays terse
