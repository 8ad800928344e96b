"""Crisis detection against a corpus of sentences that must and must not raise the alarm."""

from __future__ import annotations

import pytest

from bot.core.safety import detect_crisis, is_identity_number, scrub

SUICIDE = [
    "Jeg vil ta livet av meg",
    "jeg tenker på å ta mitt eget liv",
    "Eg vil ta livet av meg",
    "eg vil ikkje leve lenger",
    "Jeg vil ikke leve lenger",
    "jeg orker ikke å leve",
    "jeg orker ikke aa leve mer",
    "Jeg har lyst til å dø",
    "jeg har lyst til a do",
    "Jeg ønsker å dø",
    "jeg oensker aa doe",
    "Eg har lyst å døy",
    "Jeg tenker på selvmord",
    "har hatt selvmordstanker i det siste",
    "sjølvmordstankar",
    "Jeg vil bare dø",
    "Det hadde vært bedre om jeg var død",
    "jeg vil gjøre slutt på det hele",
    "eg vil gjere slutt på livet",
    "Jeg har tenkt å henge meg",
    "Livet er ikke verdt å leve",
    "Jeg vil ikke våkne igjen",
    "Jeg vil drepe meg selv",
    "JEG VIL TA LIVET AV MEG",
    "vil ikke være her lenger",
    "jeg skal ta livet mitt i kveld",
    "Eg vil ta livet mitt",
    "jeg tar livet av meg snart",
    "jeg vil drepe meg",
    "Jeg tok en overdose",
    "jeg tok masse piller i går",
    "jeg har samlet opp piller",
    "Jeg har ikke lyst til å leve",
    "Jeg ønsker jeg var død",
    "jeg vil helst være død",
    "jeg er suicidal",
    "Jeg ser ingen grunn til å leve",
    "Det hadde vært bedre om jeg ikke fantes",
    "Alle hadde hatt det bedre uten meg",
    "jeg vil avslutte livet",
    "jeg skal hoppe fra broa",
    "Jeg vil ikke våkne i morgen",
    "Jeg vil ikke leve sånn lenger",
]
SELF_HARM = [
    "Jeg kutter meg",
    "jeg har begynt å skade meg selv igjen",
    "Eg skadar meg sjølv",
    "jeg driver med selvskading",
    "sjølvskading",
    "jeg risper meg på armen",
    "Jeg skjærer meg",
    "eg kuttar meg",
    "jeg brenner meg",
    "Jeg har begynt å kutte igjen",
]
VIOLENCE = [
    "Kjæresten min slår meg",
    "Han slår meg når han er full",
    "Faren min banker meg",
    "jeg blir slått hjemme",
    "Jeg ble voldtatt i fjor",
    "Mannen min truer med å drepe meg",
    "Jeg er redd for at han skal drepe meg",
    "Det er vold hjemme",
    "jeg har lyst til å drepe sjefen",
    "jeg er redd han skal drepe meg",
    "Mannen min er voldelig",
    "jeg blir utsatt for vold",
    "Eg blir slegen heime",
    "han dyttet meg ned trappa",
    "Faren min misbrukte meg",
    "Jeg skal drepe noen",
    "jeg vil skade noen",
]
NOT_A_CRISIS = [
    "Jeg er god til å kutte hår",
    "Jeg slår meg til ro med det",
    "Det slo meg at jeg liker å lage mat",
    "Jeg drepte tiden med å spille",
    "Jeg holdt på å dø av latter",
    "Jeg vil ikke leve på NAV resten av livet",
    "Drømmen er å leve et rolig liv",
    "Jeg kan skade ryggen hvis jeg løfter tungt",
    "Jeg jobbet med selvmordsforebygging i kommunen",
    "Jeg er dødsgod på Excel",
    "Jeg vil ta livet litt mer med ro",
    "Jeg vil gjøre slutt på rotet i kjelleren",
    "Jeg kutter ned på kaffen",
    "Jeg kuttet meg ut av gruppechatten",
    "Jeg orker ikke mer kaffe i dag",
    "Vi ble slått ut i semifinalen",
    "Han slår meg alltid i sjakk",
    "Jeg vil jobbe med mennesker",
    "Jeg er god til å lage mat og å hjelpe andre",
    "Jeg vil snakke med et menneske",
    "Det tok livet av motivasjonen min",
    "Filmen om krigen var sterk",
    "Jeg vil ikke leve uten musikk",
    "Jeg er redd for å bli arbeidsledig",
    "Drømmen er at jeg slår meg ned på landet",
    "Sjefen truet meg med oppsigelse",
    "Jeg vil jobbe med barn som har opplevd overgrep",
    "Jeg jobbet på et krisesenter med kvinner som har blitt mishandlet",
    "Jeg liker å henge meg på andre sine prosjekter",
    "jeg skar meg på en kniv da jeg lagde mat",
    "Jeg vil gjøre slutt på alt rotet",
    "Jeg vil ikke være her lenger enn jeg må på Nav",
    "Jeg vil dø gammel og lykkelig",
    "jeg vil skyte meg inn på arbeidsmarkedet",
    "Kan jeg snakke med noen?",
    "Jeg brenner meg ofte på ovnen",
]


@pytest.mark.parametrize("sentence", SUICIDE)
def test_suicide_signals(sentence: str) -> None:
    assert detect_crisis(sentence) is not None


@pytest.mark.parametrize("sentence", SELF_HARM)
def test_self_harm_signals(sentence: str) -> None:
    crisis = detect_crisis(sentence)
    assert crisis is not None and crisis.kind in ("self_harm", "suicide")


@pytest.mark.parametrize("sentence", VIOLENCE)
def test_violence_signals(sentence: str) -> None:
    crisis = detect_crisis(sentence)
    assert crisis is not None and crisis.kind == "violence"


@pytest.mark.parametrize("sentence", NOT_A_CRISIS)
def test_everyday_phrasings_are_not_a_crisis(sentence: str) -> None:
    assert detect_crisis(sentence) is None


def _valid_identity_number() -> str:
    """A made-up number for 01.01.1990 whose check digits follow the mod-11 rule."""
    for individual in range(100, 1000):
        base = [int(d) for d in f"010190{individual}"]
        k1 = 11 - sum(w * n for w, n in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), base, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        k2 = 11 - sum(w * n for w, n in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), [*base, k1], strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k1 < 10 and k2 < 10:
            return "".join(map(str, [*base, k1, k2]))
    raise AssertionError("no valid number")


def test_identity_number_checksum() -> None:
    number = _valid_identity_number()
    assert is_identity_number(number)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not is_identity_number(wrong)
    assert not is_identity_number("1234567890")


def test_scrub_removes_identity_numbers_phones_and_emails() -> None:
    number = _valid_identity_number()
    text = f"fnr {number[:6]} {number[6:]}, mobil +47 912 34 567, kari.n@example.no, jeg er 4 av 10"
    scrubbed = scrub(text, lambda kind: f"<{kind}>")
    assert scrubbed.text == "fnr <identity_number>, mobil <phone>, <email>, jeg er 4 av 10"
    assert set(scrubbed.removed) == {"identity_number", "phone", "email"}


def test_scrub_leaves_dates_and_ordinary_numbers() -> None:
    text = "fredag 12.12 klokka 14, to barn, 30 år, postnummer 5003"
    assert scrub(text, lambda kind: "X").text == text
