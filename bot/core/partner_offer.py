"""The partners offered in the network step, and an introduction: a bridge-builder helps the
participant contact a partner (the bot never contacts a partner itself)."""

from __future__ import annotations

import time
from datetime import datetime

from rapidfuzz import fuzz, process

from bot.core import off_script
from bot.core.answering import move, save_answer
from bot.core.envelopes import Button
from bot.core.flow_engine import Step
from bot.core.handoff import open_case
from bot.core.i18n import N_
from bot.core.partner_match import Index, Listed, Match
from bot.core.phrases import yes_or_no
from bot.core.plan import shorten
from bot.core.prompts import ask
from bot.core.text_norm import fold
from bot.core.turn import Turn
from bot.core.understanding import COMMAND, LOW_MOOD, QUESTION, REFUSAL, faq_topic, kind_of
from bot.flows.brobygger import QUESTION_BY_NAME
from storage.unit_of_work import UnitOfWork

OFFERED = 3  # at most this many partners, the best first
# What the participant said about their talent, dream and goal: what partners are matched to (not
# who can help them: "mamma jobber i barnehage" is no wish to work in one).
MATCHED_ANSWERS = ("talent", "talent_others", "dream", "goal")
DESCRIPTION_LENGTH = 160
NAME_CUTOFF = 80  # a typed partner name, typos allowed (rapidfuzz partial ratio, 0-100)

# One index per database and directory version, in this process: building it costs more than a
# turn. The version is looked at again after VERSION_CHECK seconds, not on every offer: a partner
# switched off elsewhere is passed over within that (here at once, see forget_directory()).
VERSION_CHECK = 10.0
_indexes: dict[str, tuple[tuple[int, datetime | None], float, Index]] = {}


def forget_directory() -> None:
    """The directory changed in this process (a partner switched): build the index anew."""
    _indexes.clear()


async def directory(uow: UnitOfWork) -> Index:
    """The active partners' match index, rebuilt when a partner was imported or switched."""
    key = str(getattr(uow.session.bind, "url", ""))
    cached = _indexes.get(key)
    if cached is not None and time.monotonic() - cached[1] < VERSION_CHECK:
        return cached[2]
    version = await uow.partners.version()
    if cached is not None and cached[0] == version:
        _indexes[key] = (version, time.monotonic(), cached[2])
        return cached[2]
    partners = [
        Listed(p.id, p.name, p.kind, tuple(p.tags), p.area, p.description)
        for p in await uow.partners.active()
    ]
    index = Index.of(partners)
    _indexes[key] = (version, time.monotonic(), index)
    return index


async def offers(turn: Turn) -> list[Listed]:
    """The active partners that fit the participant's talent, dream and goal, the best first, as
    the index holds them (no query: the row is read only for an introduction)."""
    answers = await turn.answers()
    texts = [answers[name].text for name in MATCHED_ANSWERS if name in answers]
    index = await directory(turn.uow)
    matches: list[Match] = index.best(texts, OFFERED)
    return [index.listed(m.partner_id) for m in matches]


def _line(partner: Listed) -> str:
    """ "Sykkelverkstedet på Torget (Oslo) – tar imot praksiskandidater": who, where, what."""
    named = f"{partner.name} ({partner.area})" if partner.area else partner.name
    described = shorten(partner.description, DESCRIPTION_LENGTH)
    return f"{named} – {described}" if described else named


async def ask_partners(turn: Turn, step: Step) -> None:
    """The partners that fit, with a button each; when none fits, or a bridge-builder is already
    coming (a crisis, a request), the network step goes on."""
    found = await offers(turn)
    if not found or await _case_coming(turn):
        move(turn, "answer")
        await ask(turn)
        return
    turn.event("partners_offered", count=len(found))
    buttons = [[Button(turn.t(N_("partners.button"), name=p.name), f"partner:{p.id}")] for p in found]
    buttons.append([Button(turn.t(N_("partners.no_button")), "partner:no")])
    if len(found) == 1:
        turn.say(N_("partners.one"), buttons, partner=_line(found[0]))
    else:
        listed = "\n".join(f"• {_line(p)}" for p in found)
        turn.say(N_("partners.several"), buttons, partners=listed)


async def _case_coming(turn: Turn) -> bool:
    """Whether a case is open for them already. Without flushing the turn's answer first: that
    costs a turn's worth of CPU here, and a case opened in this turn is flushed when opened."""
    with turn.uow.session.no_autoflush:
        return await turn.uow.cases.active_for(turn.participant.id) is not None


async def answer_partners(turn: Turn, step: Step) -> None:
    """A partner's button, a yes (to the one partner), a partner's name or place in the list, a
    no; a question about them is answered, and never taken as a yes."""
    inbound = turn.inbound
    found = await offers(turn)
    if not found:  # switched off since they were offered: the network step goes on
        move(turn, "answer")
        await ask(turn)
        return
    if inbound is not None and inbound.kind == "button":
        data = inbound.button or ""
        chosen = next((p for p in found if data == f"partner:{p.id}"), None)
        if data == "partner:no":
            await _not_now(turn)
        elif chosen is not None:
            await introduce(turn, chosen)
        else:
            turn.say(N_("button.stale"))
            await ask(turn)
        return
    text = (inbound.text or "") if inbound is not None else ""
    said = yes_or_no(text)
    kind = kind_of(text, "yesno")
    if said == "no" or kind == REFUSAL:
        await _not_now(turn)
    elif kind == QUESTION:
        await _question(turn, text)
    elif (named := _named(text, found)) is not None:
        await introduce(turn, named)
    elif said == "yes" and len(found) == 1:
        await introduce(turn, found[0])
    elif said == "yes":
        turn.say(N_("partners.which"))
        await ask(turn)
    elif kind in (COMMAND, LOW_MOOD):
        await off_script.reply(turn, kind, text, None)
    else:
        turn.say(N_("partners.use_buttons") if len(found) == 1 else N_("partners.which"))
        await ask(turn)


async def _question(turn: Turn, text: str) -> None:
    """A question at the offer is about the partners, unless it is one of the bot's FAQ."""
    topic = faq_topic(text)
    if topic == "cost":
        turn.say(N_("partners.cost"))  # "koster det noe?" here asks about the place, not the chat
    elif topic is None:
        turn.say(N_("partners.what"))
    else:
        await off_script.reply(turn, QUESTION, text, None)
        return
    await ask(turn)


_ORDINALS = {"1": 0, "forste": 0, "2": 1, "andre": 1, "nr 2": 1, "3": 2, "tredje": 2, "siste": -1}


def _named(text: str, found: list[Listed]) -> Listed | None:
    """The offered partner the participant named ("sykkelverkstedet", "bakeriet") or pointed at
    by its place in the list ("den andre", "nr 2")."""
    folded = fold(text)
    words = [w for w in folded.split() if w not in ("den", "det", "nr", "nummer", "ja", "takk")]
    if len(words) == 1 and words[0] in _ORDINALS:
        place = _ORDINALS[words[0]]
        return found[place] if place < len(found) else None
    if len(folded) < 4:
        return None
    names = [fold(p.name) for p in found]
    best = process.extractOne(folded, names, scorer=fuzz.partial_ratio, score_cutoff=NAME_CUTOFF)
    return found[best[2]] if best is not None else None


async def _not_now(turn: Turn) -> None:
    turn.event("partners_declined")
    turn.say(N_("partners.declined"))
    move(turn, "answer")
    await ask(turn)


async def introduce(turn: Turn, listed: Listed) -> None:
    """An introduction case with the partner on its card; the plan waits until a bridge-builder is
    done, as when they ask for contact."""
    existing = await turn.uow.cases.active_for(turn.participant.id)
    partner = await turn.uow.partners.get(listed.id)
    if existing is not None or partner is None or not partner.active:
        # A case already open, or a partner gone or switched off since (in another process).
        turn.say(N_("handoff.already") if existing is not None else N_("button.stale"))
        if existing is None:
            await ask(turn)
        return
    # Asking for help to reach a partner answers "do you want a bridge-builder to contact you?".
    contact = QUESTION_BY_NAME["network_contact"]
    await save_answer(turn, contact, turn.t(N_("partners.answer"), name=partner.name), "yes")
    move(turn, "introduce")
    turn.event("introduction", partner=partner.id)
    await open_case(turn, "introduction", partner=partner)
    turn.say(N_("handoff.opened_introduction"), name=partner.name)
