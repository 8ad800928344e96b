"""The coordinators' group is watched: a group that is gone or threw the bot out is an error and
an alert to the coordinators in private, never "sent", and its cards go out once it works again;
a group Telegram upgraded to a supergroup is followed, also after a restart."""

from __future__ import annotations

import logging

import pytest

import bot.runtime.delivery
from bot.core.i18n import translator
from tests.contract.conftest import FRAMEWORKS, KARI, Harness, ids
from tests.contract.test_channel_contract import consent, on_duty
from tests.fake_telegram import GROUP_ID

t = translator("nb")
NEW_GROUP = -1009876543210
POLLING = pytest.mark.parametrize(
    "telegram", [(f, "polling", "sqlite") for f in FRAMEWORKS], indirect=True, ids=ids
)


async def _handoff(telegram: Harness) -> None:
    await on_duty(telegram)
    ola = await consent(telegram)
    await ola.send("/brobygger")
    await ola.expect(t("handoff.opened"))


@POLLING
@pytest.mark.parametrize("trouble", ["not found", "kicked"])
async def test_a_group_the_bot_cannot_write_to_is_an_alert_and_its_cards_wait(
    telegram: Harness, trouble: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(bot.runtime.delivery, "GROUP_RETRY", 0.5)
    if trouble == "kicked":
        telegram.server.kicked.add(GROUP_ID)
    else:
        telegram.server.groups.clear()
    with caplog.at_level(logging.ERROR, logger="bot.runtime.delivery"):
        await _handoff(telegram)
        await telegram.users[KARI].expect(t("delivery.group_unreachable")[:40])
    assert any("cannot write to the coordinators' group" in r.getMessage() for r in caplog.records)
    assert not [s for s in telegram.group() if s.method == "sendMessage"]
    # Someone puts the bot back in the group: the card that waited goes out.
    telegram.server.kicked.clear()
    telegram.server.groups.add(GROUP_ID)
    await telegram.card(1)
    alerts = [s for s in telegram.users[KARI].inbox() if s.text == t("delivery.group_unreachable")]
    assert len(alerts) == 1  # once, not once per try


@POLLING
async def test_a_group_upgraded_to_a_supergroup_is_followed(
    telegram: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    telegram.server.migrated[GROUP_ID] = NEW_GROUP
    telegram.server.groups.add(NEW_GROUP)
    with caplog.at_level(logging.WARNING):
        await _handoff(telegram)
        card = await telegram.server.wait(
            lambda: next((s for s in telegram.server.in_chat(NEW_GROUP) if "sak #1" in s.text.lower()), None),
            "the card in the new group",
        )
    assert card.button_data == ["take:1"]
    assert any(f"set COORDINATOR_CHAT_ID={NEW_GROUP}" in r.getMessage() for r in caplog.records)
    # After a restart with the old setting, the new group is used from the start.
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        await telegram.restart()
    assert any(f"set COORDINATOR_CHAT_ID={NEW_GROUP}" in r.getMessage() for r in caplog.records)
    calls = len(telegram.server.calls)
    per = telegram.user(601, "Per")
    await per.send("/start")
    await per.expect("Før vi starter")
    await per.press(per.last_with_buttons(), "consent:yes")
    await per.send("/brobygger")
    await telegram.server.wait(
        lambda: any("sak #2" in s.text.lower() for s in telegram.server.in_chat(NEW_GROUP)), "card 2"
    )
    to_old = [p for _, p in telegram.server.calls[calls:] if str(p.get("chat_id")) == str(GROUP_ID)]
    assert not to_old  # the old id is not tried first any more
