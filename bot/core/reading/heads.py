"""Heads over the sentence embedding: small classifiers whose weights are committed files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

HEADS_DIR = Path(__file__).parent
CRISIS_HEAD = HEADS_DIR / "crisis_head.npz"

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

    def probabilities(self, vector: npt.NDArray[np.float32]) -> dict[str, float]:
        values = (vector.astype(np.float64) - self.mean) / self.scale
        for number, (weights, bias) in enumerate(self.layers):
            values = values @ weights + bias
            if number < len(self.layers) - 1:
                values = np.maximum(values, 0.0)
        exp = np.exp(values - values.max())
        shares = exp / exp.sum()
        return {label: float(share) for label, share in zip(self.labels, shares, strict=True)}

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
            )


@dataclass(frozen=True)
class CrisisScore:
    """What the crisis head says of a message: how likely acute, how likely a crisis at all."""

    acute: float
    crisis: float  # acute or concern


def crisis_score(head: Head, vector: npt.NDArray[np.float32]) -> CrisisScore:
    shares = head.probabilities(vector)
    return CrisisScore(acute=shares["acute"], crisis=shares["acute"] + shares["concern"])
