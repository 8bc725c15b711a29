"""The demo unit's 262 employees, generated from a fixed seed so every machine gets the same data.

Pure Python (no database): :func:`build_roster` returns plain records that ``loader`` writes.
ID numbers are valid GB 11643 numbers whose 17th digit matches the gender; people are of
working age, retirees left at the statutory age, and the states are mixed the way a real roster is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from shebao.core.ids import check_digit
from shebao.registry.choices import InsuranceType

from .names import DOTTED_NAMES, GIVEN, SURNAMES, generation

SEED = 20260101
SIZE = 262
#: The unit joined pension and unemployment insurance on this day; no enrolment starts earlier.
UNIT_START = dt.date(2005, 1, 1)
#: Latest date the generated history reaches; later changes come from real cases.
LATEST = dt.date(2026, 9, 30)
PERSON_NO_BASE = 10_017_430_000

BOTH = (InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT)
PENSION_ONLY = (InsuranceType.PENSION,)

# Hubei county-level codes (weights favour Wuhan); 4228xx is 恩施土家族苗族自治州.
HUBEI_AREAS: list[tuple[str, int]] = [
    ("420102", 9), ("420103", 8), ("420104", 7), ("420105", 6), ("420106", 10), ("420107", 4),
    ("420111", 10), ("420112", 4), ("420115", 4), ("420117", 3), ("420202", 3), ("420302", 2),
    ("420502", 3), ("420602", 3), ("420702", 2), ("420802", 2), ("420902", 3), ("421002", 4),
    ("421102", 3), ("421202", 2), ("421302", 2), ("422801", 4), ("422802", 2), ("429004", 3),
    ("429005", 2), ("429006", 2),
]  # fmt: skip
XINJIANG_AREAS = {"维吾尔族": ["650102", "653101"], "哈萨克族": ["654002"]}
MOBILE_PREFIXES = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "158", "159", "177", "180", "182", "185", "186", "187", "188",
    "189", "191", "199",
]  # fmt: skip
# (reason, weight) for people who left; 退休(退职) is assigned by age instead.
LEAVING_REASONS: list[tuple[str, int]] = [
    ("职工发生辞职(退)", 12),
    ("终止解除劳动合同(劳动关系)", 8),
    ("行政调动", 2),
    ("入伍入学", 2),
    ("无法联系的", 1),
    ("重复参保", 1),
    ("其他", 1),
]
STATES = {"both": 201, "pension_only": 14, "suspended": 24, "retired": 7, "reenrolled": 16}
assert sum(STATES.values()) == SIZE


@dataclass(frozen=True)
class Span:
    """One stay with the unit: an enrolment per insurance type, ended if ``end`` is set."""

    types: tuple[str, ...]
    start: dt.date
    wage: Decimal
    end: dt.date | None = None
    reason: str = ""


@dataclass
class DemoPerson:
    person_no: str
    id_number: str
    name: str
    gender: str
    birth_date: dt.date
    ethnicity: str
    mobile: str
    first_insured_date: dt.date
    state: str
    spans: list[Span] = field(default_factory=list)

    @property
    def active(self) -> Span | None:
        last = self.spans[-1]
        return None if last.end else last


def build_roster(seed: int = SEED, size: int = SIZE) -> list[DemoPerson]:
    rng = random.Random(seed)
    states = [s for s, n in STATES.items() for _ in range(n)]
    rng.shuffle(states)
    used_ids: set[str] = set()
    used_mobiles: set[str] = set()
    dotted = {
        i: entry
        for i, entry in zip(rng.sample(range(size), len(DOTTED_NAMES)), DOTTED_NAMES, strict=True)
    }
    roster = []
    person_no = PERSON_NO_BASE
    for i, state in enumerate(states[:size]):
        person_no += rng.randint(1, 29)
        if i in dotted:
            name, gender, ethnicity = dotted[i]
            area = rng.choice(XINJIANG_AREAS[ethnicity])
            birth = _birth(rng, gender, state)
        else:
            gender = rng.choice("12")
            birth = _birth(rng, gender, state)
            area = _weighted(rng, HUBEI_AREAS)
            ethnicity = _ethnicity(rng, area)
            name = _name(rng, gender, birth.year)
        id_number = _id_number(rng, area, birth, gender, used_ids)
        spans = _spans(rng, state, gender, birth)
        earliest = _adult(birth)
        first = _month_start(_between(rng, earliest, spans[0].start))
        roster.append(
            DemoPerson(
                person_no=str(person_no),
                id_number=id_number,
                name=name,
                gender=gender,
                birth_date=birth,
                ethnicity=ethnicity,
                mobile=_mobile(rng, used_mobiles),
                first_insured_date=min(first, spans[0].start),
                state=state,
                spans=spans,
            )
        )
    return roster


def new_hire_id(birth: dt.date, gender: str, seq: int, area: str = "420106") -> str:
    """A valid ID number for the demo's declared-but-not-yet-approved new hires."""
    order = seq * 2 + (1 if gender == "1" else 0)
    body = f"{area}{birth:%Y%m%d}{order % 1000:03d}"
    return body + check_digit(body)


def _weighted(rng: random.Random, items: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _w in items], weights=[w for _k, w in items])[0]


def _birth(rng: random.Random, gender: str, state: str) -> dt.date:
    if state == "retired":  # left at 60 (men) or 55 (women) before LATEST
        year = rng.randint(1962, 1965) if gender == "1" else rng.randint(1962, 1970)
    elif state == "reenrolled":  # needs room for two stays
        year = rng.randint(1968 if gender == "1" else 1972, 1998)
    else:
        low = 1966 if gender == "1" else 1972
        year = min(max(round(rng.triangular(low, 2003, 1993)), low), 2003)
    day = rng.randint(0, 364)
    return dt.date(year, 1, 1) + dt.timedelta(days=day)


def _ethnicity(rng: random.Random, area: str) -> str:
    if area.startswith("4228"):  # 恩施: mostly 土家族 and 苗族
        return _weighted(rng, [("土家族", 6), ("苗族", 3), ("侗族", 1), ("汉族", 3)])
    return _weighted(rng, [("汉族", 92), ("土家族", 4), ("回族", 2), ("苗族", 2)])


def _name(rng: random.Random, gender: str, year: int) -> str:
    surname = _weighted(rng, SURNAMES)
    given = rng.choice(GIVEN[(generation(year), gender)])
    return surname + given


def _id_number(rng: random.Random, area: str, birth: dt.date, gender: str, used: set[str]) -> str:
    while True:
        order = rng.randint(0, 499) * 2 + (1 if gender == "1" else 0)
        body = f"{area}{birth:%Y%m%d}{order:03d}"
        value = body + check_digit(body)
        if value not in used:
            used.add(value)
            return value


def _mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        value = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
        if value not in used:
            used.add(value)
            return value


def _wage(rng: random.Random, birth: dt.date, on: dt.date) -> Decimal:
    """A monthly wage that grows with the year and a little with age, rounded to 10 yuan."""
    base = 1800 + (on.year - 2005) * 420 + (on.year - birth.year) * 30
    amount = base * rng.uniform(0.8, 2.2)
    return Decimal(int(round(amount, -1)))


def _spans(rng: random.Random, state: str, gender: str, birth: dt.date) -> list[Span]:
    earliest = max(UNIT_START, _month_start(_adult(birth), up=True))
    if state == "retired":
        end = _month_end(_add_years(birth, 60 if gender == "1" else 55))
        start = _month_start(_between(rng, earliest, min(end, LATEST) - dt.timedelta(days=400)))
        return [Span(BOTH, start, _wage(rng, birth, start), end, "退休(退职)")]
    if state == "reenrolled":
        start = _month_start(_between(rng, earliest, dt.date(2019, 6, 1)))
        end = _month_end(_between(rng, start + dt.timedelta(days=180), dt.date(2022, 6, 30)))
        back = _month_start(
            _between(rng, end + dt.timedelta(days=60), LATEST - dt.timedelta(days=60)), up=True
        )
        why = _weighted(rng, [("入伍入学", 2), ("职工发生辞职(退)", 3), ("其他", 1)])
        return [
            Span(BOTH, start, _wage(rng, birth, start), end, why),
            Span(BOTH, back, _wage(rng, birth, back)),
        ]
    start = _month_start(_between(rng, earliest, LATEST - dt.timedelta(days=90)))
    if state == "suspended":
        end = _month_end(_between(rng, start + dt.timedelta(days=45), LATEST))
        return [Span(BOTH, start, _wage(rng, birth, start), end, _weighted(rng, LEAVING_REASONS))]
    types = PENSION_ONLY if state == "pension_only" else BOTH
    return [Span(types, start, _wage(rng, birth, start))]


def _between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    if high <= low:
        return low
    return low + dt.timedelta(days=rng.randint(0, (high - low).days))


def _adult(birth: dt.date) -> dt.date:
    return _add_years(birth, 18)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_start(day: dt.date, *, up: bool = False) -> dt.date:
    if day.day == 1 or not up:
        return day.replace(day=1)
    return _month_end(day) + dt.timedelta(days=1)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
