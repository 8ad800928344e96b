"""Norwegian day expressions ("i morgen", "fredag", "3. desember", "12.12") and Babel date formats."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton, format_time

from bot.core.i18n import DEFAULT_LOCALE
from bot.core.text_norm import fold, words_only
from bot.core.words import words

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
    "i kveld": 0,
    "ikveld": 0,
    "i ettermiddag": 0,
    "today": 0,
    "tonight": 0,
    "i overmorgen": 2,
    "i overmorgon": 2,
    "i overmorra": 2,
    "i morgen": 1,
    "imorgen": 1,
    "i morgon": 1,
    "imorgon": 1,
    "i morra": 1,
    "imorra": 1,
    "i marra": 1,
    "imarra": 1,
    "i morn": 1,
    "tomorrow": 1,
}
ENGLISH_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
AMOUNTS = {"en": 1, "ei": 1, "ein": 1, "ett": 1, "eitt": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
           "seks": 6, "sju": 7, "syv": 7, "atte": 8, "ni": 9, "ti": 10, "par": 2, "a": 1}  # fmt: skip
# A time of day is never a date: "kl 9.05", "klokka 8.10", "14:00", "kl. 12".
TIME_OF_DAY = re.compile(r"\b(?:kl|klokka|klokken)\.?\s*\d{1,2}(?:[.:]\d{2})?\b|\b\d{1,2}:\d{2}\b")
IN_AMOUNT = re.compile(
    r"\bom (\d{1,2}|en|ei|ein|ett|eitt|to|tre|fire|fem|seks|sju|syv|atte|ni|ti|et par|par)"
    r" (dag|dager|dagar|dogn|uke|uker|uka|veke|veker|veka|minutt|minutter|minutta|time|timer|timar)\b"
)
WEEK_NUMBER = re.compile(
    r"(?<!neste )(?<!denne )\b(?:uke|veke|week|u)\s?(\d{1,2})\b(?! ganger| gonger| times| dager)"
)
BARE_TIME = re.compile(r"\b\d{1,2}[.:]\d{2}\b")
NTH_WEEKDAY = re.compile(r"\b(forste|andre|tredje|fjerde|siste) ([a-z]+) i ([a-z]+)\b")
ORDINALS = {"forste": 1, "andre": 2, "tredje": 3, "fjerde": 4, "siste": -1}
WEEKEND = re.compile(r"\b(?:i|til|denne|neste|over) (?:helga|helgen|helg|helgi|weekend)\b|\bthis weekend\b")
DAY_OF_MONTH = re.compile(r"\bden (\d{1,2})\.?(?!\d)(?!\s*[a-z]{3})")
NEGATED = re.compile(r"\b(?:ikke|ikkje|itj|not)\b")
THIS_WEEK = ("denne uka", "denne uken", "denne veka", "denne veke", "i denne uka", "i løpet av uka")
NEXT_WEEK = ("neste uke", "neste uka", "neste veke", "neste veka", "til uka", "til neste uke")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\b")
NAMED_DATE = re.compile(r"\b(\d{1,2})\.?\s+([a-z]+)\.?(?:\s+(\d{4}))?")


def parse_when(text: str, today: date, locale: str = DEFAULT_LOCALE) -> When | None:
    """Read a day from the participant's words; None when nothing in them names a day. "ikke i
    morgen, men fredag" is Friday; a time of day ("kl 9.05") is never read as a date. In another
    locale its own day words come first ("завтра", "w piątek"), then the Norwegian reading."""
    if locale != DEFAULT_LOCALE:
        found = _in_locale_words(text, today, locale)
        if found is not None:
            return found
    cleaned = TIME_OF_DAY.sub(" ", text.lower())
    folded = fold(cleaned)
    if _weekday_in(folded) is not None or re.search(r"\b(?:uke|uka|veke|week)\b", folded):
        # "fredag 9.10" is ten past nine on Friday, not 9 October; "fredag 11.12" is 11 December.
        folded = BARE_TIME.sub(lambda found: _time_unless_that_day(found, folded, today), folded)
    parts = re.split(r"\bmen\b|\bbut\b", folded)
    if len(parts) > 1 and NEGATED.search(parts[0]):
        folded = " ".join(parts[1:])  # what they rule out first is not the day
    elif NEGATED.search(folded) and re.match(r"^(?:ikke|ikkje|itj|not)\b", folded):
        return None  # only a day ruled out ("ikke i morgen"): no day yet
    return _parse_folded(folded, today)


def _parse_folded(folded: str, today: date) -> When | None:
    amount = IN_AMOUNT.search(folded)
    if amount:
        number_text, unit = amount.groups()
        count = int(number_text) if number_text.isdigit() else AMOUNTS[number_text.split()[-1]]
        if unit.startswith(("u", "v")):
            weekday = _weekday_in(folded)
            if weekday is not None:  # "mandag om en uke": that Monday
                return When(day=week_start(today, count) + timedelta(days=weekday))
            return When(day=today + timedelta(weeks=count))
        if unit.startswith("d"):
            return When(day=today + timedelta(days=count))
        return When(day=today)  # in minutes or hours: today
    nth = NTH_WEEKDAY.search(folded)
    if nth:
        found = _nth_weekday(nth, today)
        if found:
            return When(day=found)
    for phrase, offset in RELATIVE_DAYS.items():
        if re.search(rf"\b{phrase}\b", folded):
            return When(day=today + timedelta(days=offset))
    if re.search(r"\better (?:helga|helgen|helg|weekend)\b", folded):
        return When(day=today + timedelta(days=(7 - today.weekday()) % 7 or 7))  # the Monday after
    if WEEKEND.search(folded):
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:
            saturday = today  # Sunday: the weekend is today
        if "neste" in folded:
            # On a weekday, the weekend after this one; at the weekend, next week's.
            saturday = (
                week_start(today, 1) + timedelta(days=5)
                if today.weekday() >= 5
                else saturday + timedelta(weeks=1)
            )
        return When(day=saturday)
    week = WEEK_NUMBER.search(folded)
    if week and 1 <= int(week.group(1)) <= 53:
        found_week = _iso_week(int(week.group(1)), today)
        if found_week:
            return When(week_of=found_week)
    next_week = any(fold(phrase) in folded for phrase in NEXT_WEEK) or "next week" in folded
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
    of_month = DAY_OF_MONTH.search(folded)
    if of_month:
        found = _date_or_none(None, today.month, of_month.group(1), today)
        if found is not None and found.year > today.year:
            found = None  # "den 12." past this month means next month, not next year
        if found is None:
            month_on = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
            found = _date_or_none(str(month_on.year), month_on.month, of_month.group(1), today)
        if found:
            return When(day=found)
    weekdays = {**weekdays, **ENGLISH_WEEKDAYS}
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


def _in_locale_words(text: str, today: date, locale: str) -> When | None:
    """A day in a locale's own words (bot/locales/<locale>/words.toml): a relative day, the
    weekend, a weekday (next week's when "next week" is said too), this or next week."""
    found = words(locale)
    if found is None:
        return None
    for name, offset in (("day_after_tomorrow", 2), ("tomorrow", 1), ("today", 0)):
        if found.contains(name, text):
            return When(day=today + timedelta(days=offset))
    next_week = found.contains("next_week", text)
    plain = f" {words_only(text)} "
    for form in sorted(found.weekdays, key=len, reverse=True):
        if len(form) > 2 and f" {form} " in plain:
            weekday = found.weekdays[form]
            if next_week:
                return When(day=week_start(today, 1) + timedelta(days=weekday))
            return When(day=today + timedelta(days=(weekday - today.weekday()) % 7))
    if next_week:  # before the weekend: "after the weekend" is next week
        return When(week_of=week_start(today, 1))
    if found.contains("weekend", text):
        return When(day=today if today.weekday() == 6 else today + timedelta(days=(5 - today.weekday()) % 7))
    if found.contains("this_week", text):
        return When(week_of=week_start(today, 0))
    return None


def _time_unless_that_day(found: re.Match[str], folded: str, today: date) -> str:
    """A "9.10" beside a weekday: kept as a date when that date falls on that weekday, else a time."""
    day_text, month_text = re.split(r"[.:]", found.group(0))
    weekday = _weekday_in(folded)
    if ":" not in found.group(0) and 1 <= int(month_text) <= 12 and weekday is not None:
        as_date = _date_or_none(None, int(month_text), day_text, today)
        if as_date is not None and as_date.weekday() == weekday:
            return found.group(0)
    return " "


def _weekday_in(folded: str) -> int | None:
    weekdays, _ = _names()
    for word in folded.split():
        if len(word) > 3 and (word in weekdays or word in ENGLISH_WEEKDAYS):
            return weekdays.get(word, ENGLISH_WEEKDAYS.get(word))
    return None


def _nth_weekday(match: re.Match[str], today: date) -> date | None:
    """ "første mandag i desember": the next such day from today."""
    ordinal, weekday_name, month_name = match.groups()
    weekdays, months = _names()
    weekday, month = weekdays.get(weekday_name), months.get(month_name)
    if weekday is None or month is None:
        return None
    for year in (today.year, today.year + 1):
        first = date(year, month, 1)
        days = [first + timedelta(days=n) for n in range(31) if (first + timedelta(days=n)).month == month]
        matching = [d for d in days if d.weekday() == weekday]
        chosen = matching[ORDINALS[ordinal] - 1 if ORDINALS[ordinal] > 0 else -1]
        if chosen >= today:
            return chosen
    return None


def _iso_week(number: int, today: date) -> date | None:
    """The Monday of ISO week `number`: this year's, or next year's when it has passed."""
    for year in (today.year, today.year + 1):
        try:
            monday = date.fromisocalendar(year, number, 1)
        except ValueError:
            continue
        if monday + timedelta(days=6) >= today:
            return monday
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


NORWEGIAN = ("nb", "nn")


def format_day(day: date, locale: str) -> str:
    """Like "fredag 27. november"; in another locale as it writes a weekday and date
    ("Friday, November 27", "пʼятниця, 27 листопада")."""
    if locale in NORWEGIAN:
        return format_date(day, "EEEE d. MMMM", locale=locale)
    return format_skeleton("MMMMEEEEd", day, fuzzy=True, locale=locale)


def format_when(when: When, locale: str) -> str:
    if when.day is not None:
        return format_day(when.day, locale)
    assert when.week_of is not None
    if locale in NORWEGIAN:
        # ISO weeks, as Norway numbers them: Babel's "nb" data counts weeks the US way, "nb_NO" does not.
        week = "'veke' w" if locale == "nn" else "'uke' w"
        return format_date(when.week_of, week, locale=f"{locale}_NO")
    # Elsewhere a week number says little: the week's days ("Dec 7 – Dec 13").
    sunday = when.week_of + timedelta(days=6)
    first, last = (format_skeleton("MMMd", day, locale=locale) for day in (when.week_of, sunday))
    return f"{first} – {last}"


def format_moment(moment: datetime, locale: str) -> str:
    """A point in time in Oslo, like "27. nov. 11:05"."""
    if locale in NORWEGIAN:
        return format_datetime(moment, "d. MMM HH:mm", tzinfo=OSLO, locale=locale)
    local = moment.astimezone(OSLO)
    day = format_skeleton("MMMd", local, locale=locale)
    return f"{day} {format_time(local, 'short', tzinfo=OSLO, locale=locale)}"


def format_day_and_time(moment: datetime, locale: str) -> str:
    """A day and time in Oslo as the locale writes them ("tirsdag 8. desember 2026, 09:00"), for
    a participant to know exactly when."""
    day = format_date(moment.astimezone(OSLO).date(), "full", locale=locale)
    clock = format_time(moment, "short", tzinfo=OSLO, locale=locale)
    return Locale.parse(locale).datetime_formats["long"].format(clock, day).replace("'", "")


def local_today(now: datetime) -> date:
    return now.astimezone(OSLO).date()
