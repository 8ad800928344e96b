"""Norwegian day expressions ("i morgen", "fredag", "3. desember", "12.12") and Babel date formats."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime

from bot.core.text_norm import fold

OSLO = ZoneInfo("Europe/Oslo")


@dataclass(frozen=True)
class When:
    """A day, or a whole week when the participant chose one ("denne uka")."""

    day: date | None = None
    week_of: date | None = None  # the Monday of the chosen week

    @property
    def value(self) -> str:
        """The machine-readable form stored beside the participant's own words."""
        if self.day is not None:
            return self.day.isoformat()
        assert self.week_of is not None
        year, week, _ = self.week_of.isocalendar()
        return f"{year}-W{week:02d}"


@functools.cache
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """Weekday and month names (nb and nn, full and short), folded, from Babel's locale data."""
    weekdays: dict[str, int] = {}
    months: dict[str, int] = {}
    for code in ("nb", "nn"):
        locale = Locale.parse(code)
        for width in ("wide", "abbreviated"):
            for number, name in locale.days["format"][width].items():
                weekdays[fold(name).rstrip(".")] = int(number)
            for number, name in locale.months["format"][width].items():
                months[fold(name).rstrip(".")] = int(number)
    return weekdays, months


RELATIVE_DAYS = {
    "i dag": 0,
    "idag": 0,
    "i morgen": 1,
    "imorgen": 1,
    "i morgon": 1,
    "i overmorgen": 2,
    "i overmorgon": 2,
}
THIS_WEEK = ("denne uka", "denne uken", "denne veka", "denne veke", "i denne uka", "i løpet av uka")
NEXT_WEEK = ("neste uke", "neste uka", "neste veke", "neste veka", "til uka", "til neste uke")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\b")
NAMED_DATE = re.compile(r"\b(\d{1,2})\.?\s+([a-z]+)\.?(?:\s+(\d{4}))?")


def parse_when(text: str, today: date) -> When | None:
    """Read a day from the participant's words; None when nothing in them names a day."""
    folded = fold(text)
    for phrase, offset in RELATIVE_DAYS.items():
        if re.search(rf"\b{phrase}\b", folded):
            return When(day=today + timedelta(days=offset))
    next_week = any(fold(phrase) in folded for phrase in NEXT_WEEK)
    weekdays, months = _names()
    for match in NAMED_DATE.finditer(folded):
        month = months.get(match.group(2))
        if month is not None:
            found = _date_or_none(match.group(3), month, match.group(1), today)
            if found:
                return When(day=found)
    numeric = NUMERIC_DATE.search(folded)
    if numeric:
        found = _date_or_none(numeric.group(3), int(numeric.group(2)), numeric.group(1), today)
        if found:
            return When(day=found)
    for word in re.findall(r"[a-z]+", folded):
        if word in weekdays and len(word) > 3:
            if next_week:
                return When(day=week_start(today, 1) + timedelta(days=weekdays[word]))
            ahead = (weekdays[word] - today.weekday()) % 7
            if ahead == 0 and "neste" in folded:
                ahead = 7
            return When(day=today + timedelta(days=ahead))
    if next_week:
        return When(week_of=week_start(today, 1))
    if any(fold(phrase) in folded for phrase in THIS_WEEK):
        return When(week_of=week_start(today, 0))
    return None


def _date_or_none(year_text: str | None, month: int, day_text: str, today: date) -> date | None:
    """A real date; without a year, the next one from today (a date already past means next year)."""
    year = int(year_text) if year_text else today.year
    if year < 100:
        year += 2000
    try:
        found = date(year, month, int(day_text))
    except ValueError:
        return None
    if not year_text and found < today:
        found = found.replace(year=year + 1)
    return found


def week_start(today: date, weeks_ahead: int) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_ahead)


def format_day(day: date, locale: str) -> str:
    """Like "fredag 27. november"."""
    return format_date(day, "EEEE d. MMMM", locale=locale)


def format_when(when: When, locale: str) -> str:
    if when.day is not None:
        return format_day(when.day, locale)
    assert when.week_of is not None
    return format_date(when.week_of, "'uke' w", locale=locale)


def format_moment(moment: datetime, locale: str) -> str:
    """A point in time in Oslo, like "27. nov. 11:05"."""
    return format_datetime(moment, "d. MMM HH:mm", tzinfo=OSLO, locale=locale)


def local_today(now: datetime) -> date:
    return now.astimezone(OSLO).date()
