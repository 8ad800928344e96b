"""Catalogs: messages.pot is what the code uses, and every message id has a Norwegian text."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.core.i18n import LOCALES_DIR, translator

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"N_": None, "say": None, "t": None}


def _used_ids() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "bot"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=(),
        strip_comment_tags=True,
    )
    return {message for _file, _line, message, _comments, _context in found if isinstance(message, str)}


def _catalog(path: Path) -> dict[str, tuple[str, bool]]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id: (str(m.string), m.fuzzy) for m in catalog if m.id and isinstance(m.id, str)}


def test_pot_is_extracted_from_the_code() -> None:
    pot = set(_catalog(LOCALES_DIR / "messages.pot"))
    used = _used_ids()
    assert used - pot == set(), "ids used in code but missing from messages.pot (run pybabel extract)"
    assert pot - used == set(), "ids in messages.pot no longer used in code"


def test_every_used_id_has_a_finished_norwegian_text() -> None:
    nb = _catalog(LOCALES_DIR / "nb" / "LC_MESSAGES" / "messages.po")
    for message_id in sorted(_used_ids()):
        assert message_id in nb, f"{message_id} has no nb entry"
        text, fuzzy = nb[message_id]
        assert text.strip() and not fuzzy, f"{message_id} has no finished nb text"


def test_norwegian_texts_are_not_the_ids() -> None:
    t = translator("nb")
    for message_id in _used_ids():
        assert t(message_id) != message_id


def test_placeholders_are_plain_names() -> None:
    nb = _catalog(LOCALES_DIR / "nb" / "LC_MESSAGES" / "messages.po")
    for message_id, (text, _) in nb.items():
        for name in re.findall(r"\{([^}]*)\}", text):
            assert name.isidentifier(), f"{message_id}: {{{name}}}"


def test_no_compiled_catalog_is_committed() -> None:
    assert not list(LOCALES_DIR.rglob("*.mo"))
