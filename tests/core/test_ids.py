"""公民身份号码 (GB 11643-1999): every way a number can be wrong has its own Chinese message."""

import datetime as dt

import pytest

from shebao.core.errors import InvalidValue
from shebao.core.ids import IdNumber, check_digit, normalise


def with_check(first17: str) -> str:
    return first17 + check_digit(first17)


def test_the_manuals_valid_sample_passes():
    ident = IdNumber.parse("110100198506020015")
    assert ident.value == "110100198506020015"
    assert ident.birth_date == dt.date(1985, 6, 2)
    assert ident.gender == "1"  # 17th digit 1 is odd: male


def test_check_digit_is_iso_7064_mod_11_2():
    # weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, remainder -> 1 0 X 9 8 7 6 5 4 3 2
    assert check_digit("11010019850602001") == "5"
    assert check_digit("51230119880901000") == "2"
    assert check_digit("11010119900307002") == "X"


def test_the_manuals_sample_512301198809010000_fails_naming_the_right_digit():
    with pytest.raises(InvalidValue) as exc:
        IdNumber.parse("512301198809010000")
    assert str(exc.value) == "身份证号码校验位错误：第 18 位应为 2，实际为 0"


def test_the_corrected_sample_passes():
    assert IdNumber.parse("512301198809010002").value == "512301198809010002"


def test_lower_case_x_is_accepted_and_stored_upper_case():
    assert IdNumber.parse("11010119900307002x").value == "11010119900307002X"


def test_wrong_check_x_is_reported():
    with pytest.raises(InvalidValue, match="第 18 位应为 5，实际为 X"):
        IdNumber.parse("11010019850602001X")


def test_spaces_and_spreadsheet_artefacts_are_removed():
    assert IdNumber.parse(" 1101 0019 8506 0200 15 ").value == "110100198506020015"
    assert IdNumber.parse("110100198506020015.0").value == "110100198506020015"
    assert IdNumber.parse(110100198506020015).value == "110100198506020015"  # an int cell


def test_fifteen_digit_legacy_numbers_are_refused_with_an_explanation():
    with pytest.raises(InvalidValue) as exc:
        IdNumber.parse("110101850602001")
    assert "15 位旧号码" in str(exc.value) and "18 位" in str(exc.value)


@pytest.mark.parametrize(
    ("raw", "length"), [("11010019850602001", 17), ("1101001985060200150", 19)]
)
def test_wrong_length_names_the_actual_length(raw, length):
    with pytest.raises(InvalidValue) as exc:
        IdNumber.parse(raw)
    assert str(exc.value) == f"身份证号码应为 18 位，实际为 {length} 位"


def test_letters_inside_the_number_are_refused():
    with pytest.raises(InvalidValue, match="前 17 位必须是数字，第 18 位为数字或 X"):
        IdNumber.parse("1101001985O6020015")


def test_impossible_birth_date_19990230_is_refused():
    with pytest.raises(InvalidValue) as exc:
        IdNumber.parse(with_check("11010019990230001"))
    assert str(exc.value) == "身份证号码中的出生日期 19990230 不存在"


def test_leap_day_is_a_real_birth_date():
    assert IdNumber.parse(with_check("11010020000229001")).birth_date == dt.date(2000, 2, 29)


@pytest.mark.parametrize("year", ["1899", str(dt.date.today().year + 1)])
def test_unreasonable_birth_year_is_refused(year):
    with pytest.raises(InvalidValue, match=f"出生年份 {year} 不合理"):
        IdNumber.parse(with_check(f"110100{year}0101001"))


def test_scientific_notation_from_excel_is_explained():
    with pytest.raises(InvalidValue) as exc:
        IdNumber.parse("5.10725E+17")
    message = str(exc.value)
    assert "科学计数法" in message and "文本格式" in message and "5.10725E+17" in message


def test_an_18_digit_number_read_as_float_is_explained_not_guessed():
    # Excel keeps 15 significant digits: the last three are already gone
    with pytest.raises(InvalidValue, match="科学计数法"):
        IdNumber.parse(510725199301018319.0)
    assert normalise(510725199301018319.0) == "5.10725E+17"


def test_a_whole_float_below_18_digits_reports_its_length():
    with pytest.raises(InvalidValue, match="15 位旧号码"):
        IdNumber.parse(110101850602001.0)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_is_refused(raw):
    with pytest.raises(InvalidValue, match="身份证号码不能为空"):
        IdNumber.parse(raw)


def test_female_from_an_even_17th_digit():
    assert IdNumber.parse(with_check("11010019900101002")).gender == "2"
