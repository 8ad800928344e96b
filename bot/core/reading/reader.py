"""Reads a message for a crisis, its kind and the topic of a question to the bot: the rules for what
they do precisely, the model beside them."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from bot.core.reading.encoder import Embeddings, load_encoder
from bot.core.reading.heads import CRISIS_HEAD, KIND_HEAD, TOPIC_HEAD, Head, crisis_score
from bot.core.reading.language import warm_up
from bot.core.safety import Crisis, detect_crisis

log = logging.getLogger(__name__)
# Worth the model's time: a text with words in it. Commands, numbers and emoji alone are not read.
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# The topic head names a question's topic only above this share; below it the topic is unknown.
TOPIC_SURE = 0.5


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
    kind_head: Head | None = None
    topic_head: Head | None = None

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
        score = crisis_score(self.head, await self.embeddings.embed(text), text)
        if score.acute >= self.head.thresholds["acute"]:
            return Crisis(found.kind if found is not None else "suicide", "acute", by_model=True)
        if found is not None:
            return found
        if score.crisis >= self.head.thresholds["crisis"]:
            return Crisis("suicide", "concern", by_model=True)
        return None

    async def kinds(self, text: str) -> dict[str, float] | None:
        """The kind head's share for each kind of message; None on the rules alone."""
        return await self._shares(self.kind_head, text)

    async def topic(self, text: str) -> str | None:
        """Which question about the bot this is (a TOPIC_LABELS name), by the model; None on the
        rules alone."""
        shares = await self._shares(self.topic_head, text)
        if not shares:
            return None
        topic = max(shares, key=shares.__getitem__)
        return topic if shares[topic] >= TOPIC_SURE else None

    async def _shares(self, head: Head | None, text: str) -> dict[str, float] | None:
        if head is None or self.embeddings is None or not worth_reading(text):
            return None
        return head.probabilities(await self.embeddings.embed(text), text)

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
        heads = [Head.load(path) for path in (CRISIS_HEAD, KIND_HEAD, TOPIC_HEAD)]
    except (OSError, ValueError, KeyError) as error:
        log.error("a reading head could not be read (%s); reading on the rules alone", error)
        return Reader(status=f"degraded: a reading head could not be read ({type(error).__name__})")
    crisis, kinds, topics = heads
    return Reader(Embeddings(encoder), crisis, status, kinds, topics)
