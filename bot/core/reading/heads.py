"""Heads over a message: a small network over its sentence embedding, blended with a linear model over
its letters' n-grams; their weights are committed files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.core.reading.ngrams import Ngrams

HEADS_DIR = Path(__file__).parent
CRISIS_HEAD = HEADS_DIR / "crisis_head.npz"
KIND_HEAD = HEADS_DIR / "kind_head.npz"
TOPIC_HEAD = HEADS_DIR / "topic_head.npz"
# The kinds of message the understanding layer tells apart (bot.core.understanding.KINDS), and a
# step or goal that would do harm.
KIND_LABELS = (
    "answer", "question", "greeting", "thanks", "refusal", "confused", "command", "language",
    "low_mood", "off_topic", "harmful",
)  # fmt: skip
# The questions about the bot it answers from its catalog (bot.core.understanding.FAQ), and any other.
TOPIC_LABELS = (
    "point", "who_sees", "delete", "cost", "human", "wait", "bridge_builder", "how_long", "where", "other",
)  # fmt: skip

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Head:
    """A small network over the embedding (standardised, one hidden layer of ReLUs, softmax):
    one probability per label, and the thresholds chosen for it from out-of-fold scores on the
    training lines (see training.py)."""

    labels: tuple[str, ...]
    mean: Array
    scale: Array
    layers: tuple[tuple[Array, Array], ...]  # (weights: inputs x outputs, bias) per layer
    thresholds: dict[str, float]
    # The letters' model and its share of the blend: it reads spellings the encoder was never
    # taught (Arabic or Persian in Latin letters, Ukrainian typed on a Latin keyboard).
    ngrams: Ngrams | None = None
    ngram_share: float = 0.0

    def probabilities(self, vector: npt.NDArray[np.float32], text: str = "") -> dict[str, float]:
        shares = self._network(vector)
        if self.ngrams is not None and self.ngram_share > 0:
            shares = (1 - self.ngram_share) * shares + self.ngram_share * self.ngrams.probabilities(text)
        return {label: float(share) for label, share in zip(self.labels, shares, strict=True)}

    def _network(self, vector: npt.NDArray[np.float32]) -> Array:
        values = (vector.astype(np.float64) - self.mean) / self.scale
        for number, (weights, bias) in enumerate(self.layers):
            values = values @ weights + bias
            if number < len(self.layers) - 1:
                values = np.maximum(values, 0.0)
        exp = np.exp(values - values.max())
        return exp / exp.sum()

    def save(self, path: Path) -> None:
        arrays: dict[str, npt.NDArray[np.generic]] = {
            "labels": np.array(self.labels),
            "mean": self.mean,
            "scale": self.scale,
            "threshold_names": np.array(sorted(self.thresholds)),
            "threshold_values": np.array([self.thresholds[k] for k in sorted(self.thresholds)]),
        }
        for number, (weights, bias) in enumerate(self.layers):
            arrays[f"weights{number}"] = weights.astype(np.float32)
            arrays[f"bias{number}"] = bias.astype(np.float32)
        if self.ngrams is not None:
            arrays.update(self.ngrams.arrays())
            arrays["ngram_share"] = np.array(self.ngram_share)
        with path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> Head:
        with np.load(path, allow_pickle=False) as data:
            count = sum(1 for name in data.files if name.startswith("weights"))
            layers = tuple(
                (data[f"weights{n}"].astype(np.float64), data[f"bias{n}"].astype(np.float64))
                for n in range(count)
            )
            names = [str(name) for name in data["threshold_names"]]
            return cls(
                labels=tuple(str(label) for label in data["labels"]),
                mean=data["mean"].astype(np.float64),
                scale=data["scale"].astype(np.float64),
                layers=layers,
                thresholds={n: float(v) for n, v in zip(names, data["threshold_values"], strict=True)},
                ngrams=Ngrams.from_arrays(data) if "ngram_vocabulary" in data.files else None,
                ngram_share=float(data["ngram_share"]) if "ngram_share" in data.files else 0.0,
            )


@dataclass(frozen=True)
class CrisisScore:
    """What the crisis head says of a message: how likely acute, how likely a crisis at all."""

    acute: float
    crisis: float  # acute or concern


def crisis_score(head: Head, vector: npt.NDArray[np.float32], text: str) -> CrisisScore:
    shares = head.probabilities(vector, text)
    return CrisisScore(acute=shares["acute"], crisis=shares["acute"] + shares["concern"])
