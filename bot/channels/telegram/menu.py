"""The command menus Telegram shows: one for participants, one for coordinators."""

from __future__ import annotations

from bot.core.i18n import N_

PARTICIPANT_COMMANDS = (
    ("start", N_("menu.start")),
    ("hjelp", N_("menu.hjelp")),
    ("tilbake", N_("menu.tilbake")),
    ("minplan", N_("menu.minplan")),
    ("brobygger", N_("menu.brobygger")),
    ("avbryt", N_("menu.avbryt")),
    ("paaminnelser", N_("menu.paaminnelser")),
    ("pause", N_("menu.pause")),
    ("tryggplan", N_("menu.tryggplan")),
    ("mine_data", N_("menu.mine_data")),
    ("sprak", N_("menu.sprak")),
    ("slett", N_("menu.slett")),
)
COORDINATOR_COMMANDS = (
    ("saker", N_("menu.saker")),
    ("ta", N_("menu.ta")),
    ("sak", N_("menu.sak")),
    ("avslutt", N_("menu.avslutt")),
    ("notat", N_("menu.notat")),
    ("gi", N_("menu.gi")),
    ("partnere", N_("menu.partnere")),
    ("statistikk", N_("menu.statistikk")),
    ("omsorg", N_("menu.omsorg")),
    ("hjelp", N_("menu.duty_help")),
)
DESCRIPTION = N_("bot.description")
SHORT_DESCRIPTION = N_("bot.short_description")
