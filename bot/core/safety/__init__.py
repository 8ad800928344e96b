"""Safety: crisis detection in two tiers, and the scrubbing of identity numbers and contacts."""

from bot.core.safety.detect import Crisis, detect_crisis
from bot.core.safety.scrub import Scrubbed, is_identity_number, scrub

__all__ = ["Crisis", "Scrubbed", "detect_crisis", "is_identity_number", "scrub"]
