"""Reading a day from Norwegian words, and showing it the Norwegian way."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.dates import When, format_day, format_when, parse_when

SUNDAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i dag", date(2026, 11, 22)),
        ("i morgen", date(2026, 11, 23)),
        ("imorgen tidlig", date(2026, 11, 23)),
        ("i overmorgen", date(2026, 11, 24)),
        ("fredag", date(2026, 11, 27)),
        ("på fredag", date(2026, 11, 27)),
        ("lørdag", date(2026, 11, 28)),
        ("lordag", date(2026, 11, 28)),
        ("laurdag", date(2026, 11, 28)),
        ("søndag", date(2026, 11, 22)),
        ("neste søndag", date(2026, 11, 29)),
        ("onsdag neste uke", date(2026, 11, 25)),
        ("3. desember", date(2026, 12, 3)),
        ("3 des", date(2026, 12, 3)),
        ("12.12", date(2026, 12, 12)),
        ("12/12", date(2026, 12, 12)),
        ("1.3.2027", date(2027, 3, 1)),
        ("1. januar", date(2027, 1, 1)),  # already past this year: next year
        ("15.11", date(2027, 11, 15)),
    ],
)
def test_days(text: str, expected: date) -> None:
    assert parse_when(text, SUNDAY) == When(day=expected)


def test_weeks() -> None:
    assert parse_when("denne uka", SUNDAY) == When(week_of=date(2026, 11, 16))
    assert parse_when("neste uke", SUNDAY) == When(week_of=date(2026, 11, 23))
    assert parse_when("neste uke", SUNDAY).value == "2026-W48"  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["når jeg orker", "31.02", "snart", "etter jul kanskje"])
def test_no_day(text: str) -> None:
    assert parse_when(text, SUNDAY) is None


def test_norwegian_format() -> None:
    assert format_day(date(2026, 11, 27), "nb") == "fredag 27. november"
    assert format_when(When(week_of=date(2026, 11, 23)), "nb") == "uke 48"
