"""Scrubbing: real numbers in many notations are removed before text is stored; amounts, years,
year ranges, dates, times and the help-line numbers stay as written."""

from __future__ import annotations

import pytest

from bot.core.safety import scrub

# A valid fødselsnummer and D-number (mod-11 check digits), made up.
FNR = "15058523442"
DNR = "41019012393"

REMOVED = [
    ("ring meg på 912 34 567", "phone"),
    ("mobil: 91234567", "phone"),
    ("(+47) 912 34 567", "phone"),
    ("+47 912 34 567", "phone"),
    ("+4791234567", "phone"),
    ("0047 912 34 567", "phone"),
    ("912.34.567", "phone"),
    ("912-34-567", "phone"),
    ("tlf 22 40 00 40", "phone"),
    ("Tlf.nr. 45 67 89 01", "phone"),
    ("mob 98765432!", "phone"),
    ("+46 70 123 45 67", "phone"),
    ("+44 20 7946 0958", "phone"),
    ("+48 512 345 678", "phone"),
    ("+1 415 555 2671", "phone"),
    ("+380 44 123 4567", "phone"),
    (f"fnr {FNR}", "identity_number"),
    (f"{FNR[:6]} {FNR[6:]}", "identity_number"),
    (f"{FNR[:6]}-{FNR[6:]}", "identity_number"),
    (f"{FNR[:3]} {FNR[3:6]} {FNR[6:9]} {FNR[9:]}", "identity_number"),
    (f"{FNR[:2]}.{FNR[2:4]}.{FNR[4:6]} {FNR[6:]}", "identity_number"),
    (f"D-nummer {DNR}", "identity_number"),
    ("konto 1234.56.78903", "account_number"),
    ("kontonummer 1234 56 78903", "account_number"),
    ("01019012345", "account_number"),
    ("ola.nordmann@example.no", "email"),
    ("skriv til kari+nav@epost.com", "email"),
]
KEPT = [
    "kr 12 345 678",
    "det koster 1 200 000 kr",
    "10 000 kr i måneden",
    "2019-2023",
    "fra 2019 til 2023",
    "12-05-2025",
    "01.01.2020",
    "12.12.2026 kl 09:00",
    "kl 14.30",
    "3. desember 2026",
    "uke 49",
    "jeg er 45 år",
    "han er født 1985",
    "postnr 0150 Oslo",
    "orgnr 987 654 321",
    "AAP 66 prosent",
    "ring 113",
    "ring 116 123",
    "4 av 10",
]


@pytest.mark.parametrize(("text", "kind"), REMOVED)
def test_numbers_in_many_notations_are_removed(text: str, kind: str) -> None:
    scrubbed = scrub(text, lambda k: f"<{k}>")
    assert kind in scrubbed.removed
    assert not any(ch.isdigit() for ch in scrubbed.text), scrubbed.text  # nothing of it is left


@pytest.mark.parametrize("text", KEPT)
def test_amounts_years_dates_and_help_lines_stay(text: str) -> None:
    assert scrub(text, lambda k: f"<{k}>").text == text


def test_at_least_forty_cases() -> None:
    assert len(REMOVED) + len(KEPT) >= 40
