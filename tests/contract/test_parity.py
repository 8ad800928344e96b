"""Every channel scenario runs on every framework; none exists for one channel only."""

from __future__ import annotations

from collections import defaultdict
from typing import get_args

import pytest

from bot.settings import Settings
from tests.contract.conftest import FRAMEWORKS


def test_frameworks_under_contract_are_all_the_frameworks() -> None:
    supported = set(get_args(Settings.model_fields["bot_framework"].annotation))
    assert set(FRAMEWORKS) == supported


def test_each_scenario_runs_on_every_framework(request: pytest.FixtureRequest) -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for item in request.session.items:
        if "contract" not in item.nodeid or not hasattr(item, "callspec"):
            continue
        param = item.callspec.params.get("telegram")
        if param is not None:
            seen[item.originalname].add(param[0])  # type: ignore[attr-defined]
    if not seen:
        pytest.skip("run together with the contract scenarios")
    missing = {name: set(FRAMEWORKS) - found for name, found in seen.items() if found != set(FRAMEWORKS)}
    assert not missing, f"scenarios not run on every framework: {missing}"
