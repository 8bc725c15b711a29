"""Key rotation: data written with key A, keys [B, A], rotate, keys [B]: all still readable."""

from __future__ import annotations

import io
import threading

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from shebao.cases.models import Case, CaseRow
from shebao.contributions.models import UnitBankAccount
from shebao.core import crypto, keyrotation
from shebao.registry.models import Person
from tests import factories

A = Fernet.generate_key().decode()
B = Fernet.generate_key().decode()


def rotate(**options) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out, **options)
    return out.getvalue()


def read_all(person_pk: int) -> tuple:
    person = Person.objects.get(pk=person_pk)
    return (
        person.id_number,
        person.mobile,
        [r.raw for r in CaseRow.objects.order_by("row_no")],
        UnitBankAccount.objects.get().account_no,
        Case.objects.get().declarant_mobile,
    )


@pytest.mark.django_db
def test_rotating_to_a_new_key_keeps_everything_readable_without_the_old_one(unit, operator):
    with override_settings(FIELD_ENCRYPTION_KEYS=[A]):
        person = factories.person()
        person.mobile = "13812345678"
        person.save()
        case = Case.objects.create(
            service_code="x",
            unit=unit,
            region=unit.region,
            operator=operator,
            declarant_mobile="18555555555",
        )
        CaseRow.objects.bulk_create(
            CaseRow(case=case, row_no=n, raw={"id_number": person.id_number, "n": n})
            for n in range(1, 6)
        )
        UnitBankAccount.objects.create(
            unit=unit, bank_name="工商银行", account_name="武汉", account_no="6222020200112233445"
        )
        before = read_all(person.pk)

    with override_settings(FIELD_ENCRYPTION_KEYS=[B, A]):
        assert read_all(person.pk) == before  # B first: A's tokens still open
        out = rotate(batch_size=2)  # several batches of the five case rows
        assert "registry_person.id_number: 1 re-encrypted" in out
        assert "cases_caserow.raw: 5 re-encrypted" in out
        assert "cases_caserow.cleaned: 0 re-encrypted" in out  # NULL stays NULL
        assert rotate().endswith("0 value(s) re-encrypted with the first key\n")  # resumable

    with override_settings(FIELD_ENCRYPTION_KEYS=[B]):
        assert read_all(person.pk) == before
        assert Person.objects.by_id_number(person.id_number).get() == person

    with override_settings(FIELD_ENCRYPTION_KEYS=[A]), pytest.raises(crypto.DecryptionFailed):
        Person.objects.get(pk=person.pk)  # nothing is left under A


@pytest.mark.django_db
def test_rehashing_after_a_new_lookup_key_finds_the_persons_again():
    person = factories.person()
    with override_settings(LOOKUP_HMAC_KEY="a-new-long-random-secret"):
        assert not Person.objects.by_id_number(person.id_number).exists()
        out = io.StringIO()
        call_command("rehash_lookup_keys", stdout=out)
        assert "registry_person.id_number_hash: 1 recomputed\n" in out.getvalue()
        assert out.getvalue().endswith("1 hash(es) recomputed under the current key\n")
        assert Person.objects.by_id_number(person.id_number).get() == person
        call_command("rehash_lookup_keys", stdout=out)
        assert out.getvalue().endswith("0 hash(es) recomputed under the current key\n")


@pytest.mark.django_db(transaction=True)
def test_a_mobile_saved_while_its_batch_rotates_is_not_overwritten(monkeypatch):
    """The batch's rows are locked: a concurrent save waits for the batch and then wins,
    instead of being overwritten with the token read before it."""
    with override_settings(FIELD_ENCRYPTION_KEYS=[A]):
        person = factories.person()
        person.mobile = "13812345678"
        person.save()
    saver: list[threading.Thread] = []
    rotate_token = crypto.rotate

    def save_new_mobile() -> None:
        try:
            Person.objects.filter(pk=person.pk).update(mobile="13999999999")
        finally:
            connection.close()

    def rotate_while_saving(token: str) -> str:
        if not saver:  # the first value of the batch: save the mobile from another thread
            saver.append(threading.Thread(target=save_new_mobile))
            saver[0].start()
            saver[0].join(timeout=1.5)  # done at once unless the row is locked
        return rotate_token(token)

    monkeypatch.setattr(keyrotation.crypto, "rotate", rotate_while_saving)
    with override_settings(FIELD_ENCRYPTION_KEYS=[B, A]):
        keyrotation.field_keys_rotate()
        saver[0].join(timeout=10)
        assert not saver[0].is_alive()
    with override_settings(FIELD_ENCRYPTION_KEYS=[B]):
        assert Person.objects.get(pk=person.pk).mobile == "13999999999"
