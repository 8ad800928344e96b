"""The safety plan (Stanley and Brown): six parts asked one at a time, in the participant's words."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.i18n import N_


@dataclass(frozen=True)
class Part:
    name: str  # the answer's name, beside the plan's own answers
    prompt: str
    label: str  # its name in the plan as shown, in /mine_data and on the card


PARTS = (
    Part("safety_signs", N_("safety.q.signs"), N_("safety.label.signs")),
    Part("safety_coping", N_("safety.q.coping"), N_("safety.label.coping")),
    Part("safety_distractions", N_("safety.q.distractions"), N_("safety.label.distractions")),
    Part("safety_people", N_("safety.q.people"), N_("safety.label.people")),
    Part("safety_professionals", N_("safety.q.professionals"), N_("safety.label.professionals")),
    Part("safety_surroundings", N_("safety.q.surroundings"), N_("safety.label.surroundings")),
)
SHARED = "safety_shared"  # "yes" when the bridge-builders may see it on a case
SHARED_LABEL = N_("safety.label.shared")
LABELS = {**{part.name: part.label for part in PARTS}, SHARED: SHARED_LABEL}
