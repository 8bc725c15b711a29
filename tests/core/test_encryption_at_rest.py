"""Personal data at rest: the columns hold Fernet tokens, look-ups go through the keyed hash."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import IntegrityError, connection, transaction

from shebao.cases.models import Case, CaseRow
from shebao.contributions.models import UnitBankAccount
from shebao.core import crypto
from shebao.identity.models import OperatorProfile
from shebao.registry.models import Person, Project, ProjectWorker
from tests import factories


def column_values(table: str, *columns: str) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608 (test constants)
        return cur.fetchall()


def x_id_number() -> str:
    """A valid ID number whose check digit is X (seq 1 gives one in 1990-05-17)."""
    for seq in range(1, 500):
        number = factories.id_number(seq=seq)
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit found")


@pytest.mark.django_db
def test_the_person_columns_hold_no_clear_text():
    person = factories.person()
    person.mobile = "13812345678"
    person.save()
    [(stored_id, stored_mobile, stored_hash)] = column_values(
        "registry_person", "id_number", "mobile", "id_number_hash"
    )
    assert person.id_number not in stored_id and stored_id.startswith(crypto.TOKEN_PREFIX)
    assert "13812345678" not in stored_mobile and stored_mobile.startswith(crypto.TOKEN_PREFIX)
    assert stored_hash == crypto.person_hash(person.id_number) and len(stored_hash) == 64
    again = Person.objects.get(pk=person.pk)
    assert (again.id_number, again.mobile) == (person.id_number, "13812345678")


@pytest.mark.django_db
def test_project_and_roster_line_columns_hold_no_clear_text(unit):
    project = Project.objects.create(
        unit=unit,
        project_no="P0000001",
        kind="construction",
        name="汉江大桥",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 1, 1),
        manager_name="李四",
        manager_id_type="居民身份证",
        manager_id_number="420106199005170011",
        manager_phone="027-88886666",
        bank_account_no="6222020200112233445",
    )
    ProjectWorker.objects.create(
        project=project,
        person=factories.person(),
        line_no="L1",
        start_date=dt.date(2025, 1, 1),
        mobile="13900001111",
    )
    [row] = column_values(
        "registry_project", "manager_id_number", "manager_phone", "bank_account_no"
    )
    [(line_mobile,)] = column_values("registry_projectworker", "mobile")
    stored = " ".join([*row, line_mobile])
    for clear in ("420106199005170011", "027-88886666", "6222020200112233445", "13900001111"):
        assert clear not in stored
    again = Project.objects.get(pk=project.pk)
    assert again.bank_account_no == "6222020200112233445"
    assert again.manager_id_number == "420106199005170011"


@pytest.mark.django_db
def test_blank_values_stay_blank():
    person = factories.person()
    [(stored_mobile,)] = column_values("registry_person", "mobile")
    assert stored_mobile == "" and Person.objects.get(pk=person.pk).mobile == ""


@pytest.mark.django_db
def test_look_up_by_id_number_through_the_hash_whatever_the_case_of_x():
    number = x_id_number()
    person = Person.objects.create(
        person_no="20000000001",
        id_number=number,
        name="王五",
        gender="1",
        birth_date=dt.date(1990, 5, 17),
    )
    factories.person()
    assert list(Person.objects.by_id_numbers([number.lower(), " " + number])) == [person]
    assert Person.objects.by_id_number(number.lower()).get() == person


@pytest.mark.django_db
def test_an_id_number_stays_unique():
    number = x_id_number()
    fields = dict(name="王五", gender="1", birth_date=dt.date(1990, 5, 17))
    Person.objects.create(person_no="20000000001", id_number=number, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(person_no="20000000002", id_number=number.lower(), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.bulk_create([Person(person_no="20000000003", id_number=number, **fields)])


@pytest.mark.django_db
def test_filtering_on_an_encrypted_column_raises_instead_of_matching_nothing():
    person = factories.person()
    with pytest.raises(FieldError, match="encrypted"):
        list(Person.objects.filter(id_number=person.id_number))
    with pytest.raises(FieldError, match="encrypted"):
        list(Person.objects.filter(mobile__startswith="138"))


@pytest.mark.django_db
def test_blank_can_still_be_told_apart_from_a_value():
    """``= ''`` is exact (blank is never a token): the purge of abandoned drafts asks it."""
    blank, filled = factories.person(), factories.person()
    filled.mobile = "13812345678"
    filled.save()
    assert list(Person.objects.filter(mobile="")) == [blank]
    assert list(Person.objects.exclude(mobile="")) == [filled]
    with pytest.raises(FieldError, match="encrypted"):
        list(Person.objects.filter(mobile="13812345678"))


DEV = crypto.DEV_FIELD_KEY
REAL = Fernet.generate_key().decode()


def test_production_refuses_the_dev_keys():
    with pytest.raises(ImproperlyConfigured, match="SHEBAO_FIELD_ENCRYPTION_KEYS"):
        crypto.check_keys(field_keys=[DEV], hmac_key="s3cret", debug=False, testing=False)
    with pytest.raises(ImproperlyConfigured, match="SHEBAO_LOOKUP_HMAC_KEY"):
        crypto.check_keys(
            field_keys=[REAL], hmac_key=crypto.DEV_LOOKUP_HMAC_KEY, debug=False, testing=False
        )
    # the dev key may stay behind a real one while rotating away from it
    crypto.check_keys(field_keys=[REAL, DEV], hmac_key="s3cret", debug=False, testing=False)
    crypto.check_keys(
        field_keys=[DEV], hmac_key=crypto.DEV_LOOKUP_HMAC_KEY, debug=True, testing=False
    )


def test_a_malformed_key_is_refused_even_in_debug():
    with pytest.raises(ImproperlyConfigured, match="Fernet key"):
        crypto.check_keys(field_keys=["short"], hmac_key="s3cret", debug=True, testing=True)
    with pytest.raises(ImproperlyConfigured, match="empty"):
        crypto.check_keys(field_keys=[], hmac_key="s3cret", debug=True, testing=True)


def test_the_lookup_hash_depends_on_the_key():
    number = "420106199005170011"
    assert crypto.person_hash(number, key="a") != crypto.person_hash(number, key="b")
    assert crypto.person_hash(number.lower(), key="a") == crypto.person_hash(number, key="a")


@pytest.mark.django_db
def test_case_rows_declarant_and_bank_accounts_hold_no_clear_text(unit, operator):
    ident = factories.id_number()
    case = Case.objects.create(
        service_code="hb_employee_enrolment",
        unit=unit,
        region=unit.region,
        operator=operator,
        declarant_mobile="18555555555",
    )
    raw = {"id_number": ident, "mobile": "13812345678", "name": "张三", "n": [1, None]}
    CaseRow.objects.create(case=case, row_no=1, raw=raw, cleaned={**raw, "wage": "5000.00"})
    CaseRow.objects.bulk_create([CaseRow(case=case, row_no=2, raw={"id_number": ident})])
    UnitBankAccount.objects.create(
        unit=unit, bank_name="工商银行", account_name="武汉", account_no="6222020200112233445"
    )
    OperatorProfile.objects.create(
        user=operator, name="赵六", id_number=factories.id_number(), mobile="13700001111"
    )
    stored = " ".join(
        str(v)
        for table, columns in (
            ("cases_case", ("declarant_mobile",)),
            ("cases_caserow", ("raw", "cleaned")),
            ("contributions_unitbankaccount", ("account_no",)),
            ("identity_operatorprofile", ("mobile",)),
        )
        for row in column_values(table, *columns)
        for v in row
    )
    for clear in (ident, "18555555555", "13812345678", "张三", "6222020200112233445", "137000"):
        assert clear not in stored
    rows = CaseRow.objects.filter(case=case).order_by("row_no")
    assert [r.raw for r in rows] == [raw, {"id_number": ident}]
    assert rows[0].cleaned == {**raw, "wage": "5000.00"} and rows[1].cleaned is None
    assert list(rows.values_list("raw", flat=True))[1] == {"id_number": ident}
    assert Case.objects.get(pk=case.pk).declarant_mobile == "18555555555"
    assert UnitBankAccount.objects.get().account_no == "6222020200112233445"
