"""/partnere for coordinators: list and search the partner directory, switch a partner off or on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.envelopes import Button
from bot.core.i18n import N_, Text
from bot.core.labels import PARTNER_KIND
from bot.core.partner_match import root
from bot.core.partner_offer import forget_directory
from bot.core.text_norm import fold
from storage.models import Partner

if TYPE_CHECKING:  # coordination imports this module
    from bot.core.coordination import DutyTurn

LISTED = 10  # partners in one reply, each with its button (a phone screen's worth)


def _fits(turn: DutyTurn, partner: Partner, words: str) -> bool:
    """Every word is in the partner's name, kind (in Norwegian too), tags or area, in any word
    form ("sykler" finds the tag "sykkel", "praksisplass" the kind), æøå or not."""
    kind = PARTNER_KIND.get(partner.kind, PARTNER_KIND["employer"])
    fields = [partner.name, partner.kind, turn.t(kind), partner.area, *partner.tags]
    haystack = " ".join(fold(field) for field in fields)
    roots = {root(word) for word in haystack.split()}
    return all(fold(word) in haystack or root(fold(word)) in roots for word in words.split())


def _line(turn: DutyTurn, partner: Partner) -> str:
    return turn.t(
        N_("partners.desk_line") if partner.active else N_("partners.desk_line_off"),
        number=partner.id,
        name=partner.name,
        kind=Text(PARTNER_KIND.get(partner.kind, PARTNER_KIND["employer"])),
        area=partner.area or "-",
        tags=", ".join(partner.tags),
    )


def _button(turn: DutyTurn, partner: Partner) -> list[Button]:
    if partner.active:
        return [Button(turn.t(N_("partners.switch_off"), name=partner.name), f"partner_off:{partner.id}")]
    return [Button(turn.t(N_("partners.switch_on"), name=partner.name), f"partner_on:{partner.id}")]


async def listing(turn: DutyTurn, words: str) -> None:
    """/partnere [words]: the partners whose name, kind, tags or area hold the words."""
    words = words.strip()
    partners = await turn.uow.partners.all()
    total = len(partners)
    found = [p for p in partners if _fits(turn, p, words)]
    if total == 0:
        turn.reply(turn.t(N_("partners.desk_empty")))
        return
    if not found:
        turn.reply(turn.t(N_("partners.desk_none"), words=words))
        return
    shown = found[:LISTED]
    title = N_("partners.desk_found") if words else N_("partners.desk_title")
    lines = [turn.t(title, count=total, words=words), "", *(_line(turn, p) for p in shown)]
    if len(found) > LISTED:
        lines += ["", turn.t(N_("partners.desk_more"), count=LISTED)]
    turn.reply("\n".join(lines), [_button(turn, p) for p in shown])


async def switch(turn: DutyTurn, partner_id: int, *, on: bool) -> None:
    """A partner switched off is not offered to participants until it is switched on again."""
    partner = await turn.uow.partners.get(partner_id)
    if partner is None:
        turn.answer(turn.t(N_("button.gone")))
        return
    partner.active = on
    partner.updated_at = turn.now  # other processes rebuild their match index within seconds
    forget_directory()  # this one at once
    turn.answer(turn.t(N_("partners.switched_on") if on else N_("partners.switched_off"), name=partner.name))
    if turn.inbound.kind == "button":
        turn.reply(_line(turn, partner), [_button(turn, partner)])
