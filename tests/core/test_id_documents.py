"""证件类型: each document's number is checked by its own rule (issue #15 §1)."""

import datetime as dt

import pytest

from shebao.core.errors import InvalidValue
from shebao.core.id_documents import (
    ID_TYPE_ALIASES,
    IdType,
    derives_birth_and_sex,
    parse_id_document,
)
from shebao.core.masking import Sensitive, mask

GOOD = [
    (IdType.RESIDENT_ID, "110100198506020015"),
    (IdType.RESIDENT_ID, "11010019850602001x"[:-1] + "5"),
    (IdType.PASSPORT, "E12345678"),
    (IdType.PASSPORT, "EA1234567"),
    (IdType.PASSPORT, "G12345678"),
    (IdType.PASSPORT, "X0012345"),  # a foreign passport: letters and digits
    (IdType.PASSPORT, "533380006"),
    (IdType.HK_MACAO_PERMIT, "H12345678"),
    (IdType.HK_MACAO_PERMIT, "M1234567801"),  # old booklet: 换证次数 appended
    (IdType.TAIWAN_PERMIT, "12345678"),
    (IdType.TAIWAN_PERMIT, "0123456789"),
    (IdType.RESIDENCE_PERMIT, "810000199001010019"),  # Hong Kong
    (IdType.RESIDENCE_PERMIT, "830000198512310020"),  # Taiwan
    (IdType.FOREIGNER_CARD, "USA310080315001"),  # the 15-character card
    (IdType.FOREIGNER_CARD, "915600198003150011"),  # the 2023 card
]


@pytest.mark.parametrize(("id_type", "number"), GOOD)
def test_good_numbers_pass(id_type, number):
    assert parse_id_document(id_type, number).value == number


BAD = [
    (IdType.RESIDENT_ID, "110100198506020016", "校验位错误：第 18 位应为 5，实际为 6"),
    (IdType.RESIDENT_ID, "E12345678", "身份证号码应为 18 位，实际为 9 位"),
    (IdType.PASSPORT, "E123", "应为 5-17 位英文字母或数字"),
    (IdType.PASSPORT, "E1234-5678", "应为 5-17 位英文字母或数字"),
    (IdType.PASSPORT, "ABCDEFGH", "应含有数字"),
    (IdType.PASSPORT, "", "护照号码不能为空"),
    (IdType.HK_MACAO_PERMIT, "A12345678", "应为 H 或 M 开头加 8 位数字"),
    (IdType.HK_MACAO_PERMIT, "H1234567", "应为 H 或 M 开头加 8 位数字"),
    (IdType.TAIWAN_PERMIT, "1234567", "应为 8 位数字（旧版证件为 10 位数字）"),
    (IdType.TAIWAN_PERMIT, "T1234567", "应为 8 位数字"),
    (IdType.RESIDENCE_PERMIT, "110100198506020015", "应以 810000（香港）、820000（澳门）"),
    (IdType.RESIDENCE_PERMIT, "810000199001010018", "校验位错误：第 18 位应为 9，实际为 8"),
    (IdType.FOREIGNER_CARD, "US1310080315001", "15 位旧版号码应为 3 位英文字母加 12 位数字"),
    (IdType.FOREIGNER_CARD, "115600198003150011", "18 位新版号码应以 9 开头"),
    (IdType.FOREIGNER_CARD, "915600198003150012", "校验位错误：第 18 位应为 1，实际为 2"),
    (
        IdType.FOREIGNER_CARD,
        "9156001980031500",
        "应为 15 位（旧版）或 18 位（2023 年新版），实际为 16 位",
    ),
]


@pytest.mark.parametrize(("id_type", "number", "message"), BAD)
def test_bad_numbers_fail_with_a_precise_message(id_type, number, message):
    with pytest.raises(InvalidValue) as exc:
        parse_id_document(id_type, number)
    assert message in str(exc.value)


def test_the_2023_foreigner_card_check_digit_is_gb_11643_mod_11_2():
    body = "91560019800315001"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    # 9*7 + 1*9 + 5*10 + 6*5 + 0 + 0 + 1*2 + 9*1 + 8*6 + 0 + 0 + 3*9 + 1*10 + 5*5 + 0 + 0 + 1*2
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    assert total == 63 + 9 + 50 + 30 + 2 + 9 + 48 + 27 + 10 + 25 + 2 == 275
    assert total % 11 == 0
    check = "10X98765432"[total % 11]
    assert check == "1"
    assert parse_id_document(IdType.FOREIGNER_CARD, body + check).value == body + "1"
    for wrong in "023456789X":
        with pytest.raises(InvalidValue):
            parse_id_document(IdType.FOREIGNER_CARD, body + wrong)


def test_birth_and_sex_come_from_the_number_only_where_it_holds_them():
    resident = parse_id_document(IdType.RESIDENT_ID, "110100198506020015")
    assert (resident.birth_date, resident.gender) == (dt.date(1985, 6, 2), "1")
    permit = parse_id_document(IdType.RESIDENCE_PERMIT, "830000198512310020")
    assert (permit.birth_date, permit.gender) == (dt.date(1985, 12, 31), "2")
    for id_type, number in [
        (IdType.PASSPORT, "E12345678"),
        (IdType.FOREIGNER_CARD, "915600198003150011"),
    ]:
        doc = parse_id_document(id_type, number)
        assert (doc.birth_date, doc.gender) == (None, None)
        assert not derives_birth_and_sex(id_type)
    assert derives_birth_and_sex(IdType.RESIDENT_ID) and derives_birth_and_sex(
        IdType.RESIDENCE_PERMIT
    )


def test_lower_case_and_blanks_are_tidied():
    assert parse_id_document(IdType.PASSPORT, " e1234 5678 ").value == "E12345678"
    assert parse_id_document(IdType.HK_MACAO_PERMIT, "h12345678").value == "H12345678"


def test_no_type_means_the_resident_id():
    assert parse_id_document(None, "110100198506020015").id_type == IdType.RESIDENT_ID


def test_every_alias_names_a_type():
    assert set(ID_TYPE_ALIASES.values()) <= set(IdType.values)
    assert ID_TYPE_ALIASES["台胞证"] == IdType.TAIWAN_PERMIT
    assert ID_TYPE_ALIASES["身份证"] == IdType.RESIDENT_ID


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("110100198506020015", "110100********0015"),
        ("915600198003150011", "915600********0011"),
        ("USA310080315001", "USA310*****5001"),
        ("M1234567801", "M1*******01"),
        ("E12345678", "E1*****78"),
        ("12345678", "12****78"),
    ],
)
def test_every_type_is_masked(number, masked):
    assert mask(number, Sensitive.ID) == masked
