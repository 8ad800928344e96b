"""Reads a message for a crisis: the rules for what they do precisely, the model beside them."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from bot.core.reading.encoder import Embeddings, load_encoder
from bot.core.reading.heads import CRISIS_HEAD, Head, crisis_score
from bot.core.reading.language import warm_up
from bot.core.safety import Crisis, detect_crisis

log = logging.getLogger(__name__)
# Worth the model's time: a text with words in it. Commands, numbers and emoji alone are not read.
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def worth_reading(text: str) -> bool:
    stripped = text.strip()
    return not stripped.startswith("/") and len(LETTER.findall(stripped)) >= 2


@dataclass
class Reader:
    """The rules always; the model when it loaded (READING_MODEL=on). `status` says which, for
    `brobygger check`, /healthz and the metrics."""

    embeddings: Embeddings | None = None
    head: Head | None = None
    status: str = "off: reading on the rules alone"

    @property
    def degraded(self) -> bool:
        return self.status.startswith("degraded")

    @property
    def model_on(self) -> bool:
        return self.embeddings is not None and self.head is not None

    async def crisis(self, text: str) -> Crisis | None:
        """A crisis is rules or model. What only the model sees is the concern tier's direct
        question, unless its acute score clears the stricter threshold; a rules' concern the
        model finds acute is acute."""
        found = detect_crisis(text)
        if (found is not None and found.acute) or not self.model_on or not worth_reading(text):
            return found
        assert self.embeddings is not None and self.head is not None
        score = crisis_score(self.head, await self.embeddings.embed(text))
        if score.acute >= self.head.thresholds["acute"]:
            return Crisis(found.kind if found is not None else "suicide", "acute", by_model=True)
        if found is not None:
            return found
        if score.crisis >= self.head.thresholds["crisis"]:
            return Crisis("suicide", "concern", by_model=True)
        return None

    def close(self) -> None:
        if self.embeddings is not None:
            self.embeddings.close()


@functools.cache
def open_reader(setting: str) -> Reader:
    """The reader READING_MODEL asks for, once per process: the model loads once, and its cache
    of repeated short texts serves every runtime the process opens."""
    warm_up()
    encoder, status = load_encoder(setting)
    if encoder is None:
        if status.startswith("off"):
            log.warning("reading model %s", status)  # on purpose, but said as plainly as a failure
        return Reader(status=status)
    try:
        head = Head.load(CRISIS_HEAD)
    except (OSError, ValueError, KeyError) as error:
        log.error("the crisis head could not be read (%s); reading on the rules alone", error)
        return Reader(status=f"degraded: the crisis head could not be read ({type(error).__name__})")
    return Reader(Embeddings(encoder), head, status)
