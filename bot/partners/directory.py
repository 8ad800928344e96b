"""The partner directory as a CSV file: import (all rows or none, re-import updates by name) and export."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.models import Partner
from storage.unit_of_work import UnitOfWork

HEADER = ("name", "kind", "tags", "area", "contact", "description")
KINDS = ("employer", "praksis", "course", "public")  # employer, work-practice place, course, public service
# What coordinators may write in the kind column, in Norwegian or English.
KIND_WORDS = {
    "employer": "employer",
    "arbeidsgiver": "employer",
    "praksis": "praksis",
    "praksisplass": "praksis",
    "work-practice": "praksis",
    "course": "course",
    "kurs": "course",
    "public": "public",
    "offentlig": "public",
    "public service": "public",
    "offentlig tjeneste": "public",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
LIMITS = {"name": 200, "area": 100, "contact": 200, "description": 2000}


class DirectoryError(Exception):
    """A file that cannot be imported; nothing of it was."""


@dataclass(frozen=True)
class Row:
    name: str
    kind: str
    tags: list[str]
    area: str
    contact: str
    description: str


@dataclass(frozen=True)
class Imported:
    added: int
    updated: int


def read_rows(text: str) -> list[Row]:
    """Every row of the file, checked; the first problems, each with its line number, raise."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))  # a spreadsheet's BOM is no column
    header = tuple(h.strip().lower() for h in (reader.fieldnames or ()))
    if header != HEADER:
        raise DirectoryError(f"line 1: the header must be {','.join(HEADER)} (it is {','.join(header)})")
    reader.fieldnames = list(header)  # "Name, Kind" in a spreadsheet's own spelling reads the same
    rows: list[Row] = []
    problems: list[str] = []
    names: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        problem = _problem(record, names, line)
        if problem:
            problems.append(f"line {line}: {problem}")
            continue
        name = _cell(record, "name")
        names[name.casefold()] = line
        rows.append(
            Row(
                name=name,
                kind=KIND_WORDS[_cell(record, "kind").lower()],
                tags=_tags(_cell(record, "tags")),
                area=_cell(record, "area"),
                contact=_cell(record, "contact"),
                description=_cell(record, "description"),
            )
        )
    if problems:
        raise DirectoryError("\n".join(problems[:20]))
    return rows


def _cell(record: dict[str | None, str | list[str] | None], column: str) -> str:
    """The cell without the spaces around it, and runs of spaces inside it as one."""
    value = record.get(column)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _problem(record: dict[str | None, str | list[str] | None], names: dict[str, int], line: int) -> str:
    if None in record:
        return f"more columns than the header's {len(HEADER)} (a comma in a value needs quotes)"
    if any(record.get(column) is None for column in HEADER):
        return f"fewer columns than the header's {len(HEADER)}"
    for column in HEADER:
        if _CONTROL.search(str(record.get(column) or "")):
            return f"the {column} holds a line break or another control character"
    name = _cell(record, "name")
    if not name:
        return "the name is empty"
    if name.casefold() in names:
        return f"{name!r} is already on line {names[name.casefold()]}"
    kind = _cell(record, "kind").lower()
    if kind not in KIND_WORDS:
        return f"the kind {kind!r} is none of {', '.join(KINDS)}"
    if not _tags(_cell(record, "tags")):
        return "no tags: matching needs at least one"
    for column, limit in LIMITS.items():
        if len(_cell(record, column)) > limit:
            return f"the {column} is longer than {limit} characters"
    return ""


def _tags(cell: str) -> list[str]:
    seen: dict[str, None] = {}
    for tag in cell.split(";"):
        if tag.strip():
            seen.setdefault(" ".join(tag.strip().lower().split()), None)
    return list(seen)


async def import_rows(uow: UnitOfWork, rows: list[Row], now: datetime) -> Imported:
    """Add new partners and update those of the same name (a partner switched off stays off)."""
    existing = {name.casefold(): partner for name, partner in (await uow.partners.by_name()).items()}
    added = updated = 0
    for row in rows:
        partner = existing.get(row.name.casefold())
        if partner is None:
            partner = Partner(name=row.name, active=True)
            uow.partners.add(partner)
            added += 1
        else:
            updated += 1
        partner.name = row.name
        partner.kind = row.kind
        partner.tags = row.tags
        partner.area = row.area
        partner.contact = row.contact
        partner.description = row.description
        partner.updated_at = now
    return Imported(added, updated)


async def import_file(uow: UnitOfWork, path: Path, now: datetime) -> Imported:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DirectoryError(f"the file is not UTF-8 (byte {error.start}): save it as CSV UTF-8") from None
    imported = await import_rows(uow, read_rows(text), now)
    await uow.commit()
    return imported


async def export_text(uow: UnitOfWork) -> str:
    """The directory as CSV, in the import's own format (the active flag is not a column: a
    re-import leaves it as it is), opening with a BOM so that a spreadsheet reads it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for partner in await uow.partners.all():
        row = (partner.name, partner.kind, ";".join(partner.tags), partner.area)
        writer.writerow((*row, partner.contact, partner.description))
    return out.getvalue()
