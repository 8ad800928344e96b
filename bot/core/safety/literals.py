"""The literal text a regular expression cannot match without, so a phrase is only searched for
in a clause that holds one of its words."""

from __future__ import annotations

from typing import Any

# The parser behind re.compile; private, so anything it cannot tell us means "always search".
try:
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python
    sre_parse = None


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match contains, or None when no such set is known."""
    if sre_parse is None:
        return None
    try:
        return _required(list(sre_parse.parse(pattern)))
    except Exception:  # pragma: no cover - a construct the walk does not know
        return None


def _required(items: list[Any]) -> frozenset[str] | None:
    c = sre_constants
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        found: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            found = _required(list(arg[-1]))
        elif op is c.BRANCH:
            branches = [_required(list(branch)) for branch in arg[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*(b for b in branches if b is not None))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            found = _required(list(arg[2]))
        elif op is c.ASSERT and arg[0] == 1:  # a lookahead must hold too
            found = _required(list(arg[1]))
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset({"".join(run)}))
    if not candidates:
        return None
    # The most selective: the set whose shortest string is longest.
    return max(candidates, key=lambda strings: min(map(len, strings)))
