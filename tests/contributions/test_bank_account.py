"""单位收款账户 (R-REF-01): entered by the agency, masked wherever it is listed."""

from django.contrib import admin

from shebao.contributions.models import UnitBankAccount
from shebao.core.masking import Sensitive, mask
from tests import factories

ACCOUNT_NO = "6222021234567890123"


def test_mask_account():
    assert mask(ACCOUNT_NO, Sensitive.ACCOUNT) == "6222***********0123"
    assert mask("12345678", Sensitive.ACCOUNT) == "******78"
    assert mask("", Sensitive.ACCOUNT) == ""


def test_admin_list_masks_the_account_number(unit):
    account = UnitBankAccount.objects.create(
        unit=unit, bank_name="中国工商银行", account_name=unit.name, account_no=ACCOUNT_NO
    )
    model_admin = admin.site._registry[UnitBankAccount]
    assert model_admin.masked_account_no(account) == "6222***********0123"
    assert "account_no" not in model_admin.list_display
    assert str(account) == "中国工商银行 6222***********0123"
    client = factories.staff_client(factories.admin_user())
    page = client.get("/admin/contributions/unitbankaccount/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "6222***********0123" in text and ACCOUNT_NO not in text
