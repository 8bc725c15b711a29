"""PIN rules for the PKCS#12 the platform hands out: the manuals' initial PINs are refused."""

import pytest

from shebao.core.errors import InvalidValue
from shebao.pki import pins
from shebao.pki.models import UnitCertificate

from .conftest import issue


@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("12345", "PIN码至少需要 6 位"),
        ("", "PIN码至少需要 6 位"),
        ("x" * 33, "PIN码最多 32 位"),
        ("111111", pins.PIN_ALL_SAME),  # Chongqing's initial PIN (R-CERT-01)
        ("000000", pins.PIN_ALL_SAME),
        ("aaaaaaaa", pins.PIN_ALL_SAME),
        ("123456", pins.PIN_SEQUENCE),  # Nanjing's initial PIN (R-CERT-04)
        ("654321", pins.PIN_SEQUENCE),
        ("0123456789", pins.PIN_SEQUENCE),
        ("abcdef", pins.PIN_SEQUENCE),
        ("FEDCBA", pins.PIN_SEQUENCE),
        ("密码密码密码", pins.PIN_BAD_CHARS),
        ("abc 123", pins.PIN_BAD_CHARS),
    ],
)
def test_weak_pins_are_refused_with_the_reason(pin, message):
    with pytest.raises(InvalidValue) as exc:
        pins.pin_check(pin)
    assert str(exc.value) == message


@pytest.mark.parametrize("pin", ["135790", "112233", "Ka7-93xQ", "123457", "246810"])
def test_reasonable_pins_pass(pin):
    assert pins.pin_check(pin) == pin


def test_issue_with_a_weak_pin_creates_nothing(ca, unit):
    with pytest.raises(InvalidValue, match="连续递增或递减"):
        issue_weak(unit)
    assert not UnitCertificate.objects.exists()


def issue_weak(unit):
    from shebao.pki.services import certificate_issue

    return certificate_issue(unit=unit, public_key=None, pin="123456", actor=None)


def test_issue_helper_uses_a_good_pin(ca, unit):
    assert issue(unit).record.pk
