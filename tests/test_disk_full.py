"""Starting on a full disk: one line that says so and a non-zero exit, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.__main__ import main
from tests.db_proxy import FullDisk


@pytest.mark.parametrize("command", ["chat", "migrate"])
def test_a_start_on_a_full_disk_says_so_in_one_line(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FullDisk() as disk:
        disk.full = True
        status = main([command, "--db", str(tmp_path / "brobygger.db")])
    said = capsys.readouterr().err.strip().splitlines()
    assert status != 0 and disk.refused > 0
    assert len(said) == 1 and "disk is full" in said[0], said
