"""When a bridge-builder is at work (DESK_HOURS, "man-fre 09:00-15:00"), and when one next will be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from babel import Locale

from bot.core.dates import OSLO

DAYS = {
    "man": 0, "tir": 1, "ons": 2, "tor": 3, "fre": 4, "lor": 5, "son": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
PART = re.compile(
    r"^([a-z]{3})[a-z]*(?:\s*-\s*([a-z]{3})[a-z]*)?"  # a day, or days from-to
    r"\s+(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})$"  # from-to, hours and minutes
)
SEARCH_DAYS = 8  # the next opening is within a week from any moment


@dataclass(frozen=True)
class Opening:
    weekday: int
    start: time
    end: time


def parse(spec: str) -> tuple[Opening, ...]:
    """ "man-fre 09:00-15:00, lør 10:00-12:00" (Norwegian or English day names); an empty
    setting means unknown hours: nothing is promised. A setting that cannot be read is refused
    at start-up, since it would make the bot tell people untrue times."""
    openings: list[Opening] = []
    for part in filter(None, (p.strip().lower().replace("ø", "o") for p in spec.split(","))):
        found = PART.match(part)
        if found is None or found.group(1) not in DAYS or (found.group(2) or found.group(1)) not in DAYS:
            raise ValueError(f"DESK_HOURS: cannot read {part!r} (write e.g. 'man-fre 09:00-15:00')")
        first, last = DAYS[found.group(1)], DAYS[found.group(2) or found.group(1)]
        start = time(int(found.group(3)), int(found.group(4)))
        end = time(int(found.group(5)), int(found.group(6)))
        days = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        openings += [Opening(day, start, end) for day in days]
    return tuple(openings)


def describe(openings: tuple[Opening, ...], locale: str) -> str:
    """The hours in the participant's language, days that share hours run together:
    "mandag–fredag 09:00–15:00", "Monday–Friday 09:00–15:00"."""
    names = Locale.parse(locale).days["format"]["wide"]
    spans: list[tuple[int, int, time, time]] = []
    for opening in sorted(openings, key=lambda o: (o.weekday, o.start)):
        last = spans[-1] if spans else None
        if last and last[1] == opening.weekday - 1 and (last[2], last[3]) == (opening.start, opening.end):
            spans[-1] = (last[0], opening.weekday, last[2], last[3])
        else:
            spans.append((opening.weekday, opening.weekday, opening.start, opening.end))
    parts = []
    for first, last_day, start, end in spans:
        days = names[first] if first == last_day else f"{names[first]}–{names[last_day]}"
        parts.append(f"{days} {start:%H:%M}–{end:%H:%M}")
    return ", ".join(parts)


def next_open(openings: tuple[Opening, ...], now: datetime) -> datetime | None:
    """None when someone is at work now (or the hours are unknown); else when the desk opens."""
    if not openings:
        return None
    local = now.astimezone(OSLO)
    for ahead in range(SEARCH_DAYS):
        day = local.date() + timedelta(days=ahead)
        for opening in sorted(openings, key=lambda o: o.start):
            if opening.weekday != day.weekday():
                continue
            start = datetime.combine(day, opening.start, OSLO)
            end = datetime.combine(day, opening.end, OSLO)
            if start <= local < end:
                return None
            if local < start:
                return start
    return None
