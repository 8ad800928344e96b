"""A linear model over a message's letter n-grams (tf-idf, softmax), read without scikit-learn."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
WHITE_SPACE = re.compile(r"\s\s+")


@functools.lru_cache(maxsize=64)
def char_ngrams(text: str, smallest: int, largest: int) -> tuple[str, ...]:
    """The n-grams inside each word, padded with a space at its edges: the same as scikit-learn's
    `analyzer="char_wb"` on lower-cased text, which the training script uses (a test compares).
    Kept for the last few texts: the crisis, kind and topic heads read the same text in a turn."""
    found: list[str] = []
    for word in WHITE_SPACE.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(smallest, largest + 1):
            if len(padded) <= n:
                found.append(padded)  # a short word counts once
                break
            found.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return tuple(found)


@dataclass(frozen=True)
class Ngrams:
    """Vocabulary, inverse document frequencies and a multinomial logistic regression over them."""

    vocabulary: Mapping[str, int]
    idf: Array
    weights: Array  # labels x n-grams
    bias: Array
    smallest: int
    largest: int

    def probabilities(self, text: str) -> Array:
        counts = Counter(
            index
            for gram in char_ngrams(text, self.smallest, self.largest)
            if (index := self.vocabulary.get(gram)) is not None
        )
        values = self.bias.copy()
        if counts:
            indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tf = np.array([1.0 + math.log(counts[i]) for i in indices]) * self.idf[indices]
            tf /= np.sqrt(float(tf @ tf))
            values = values + self.weights[:, indices] @ tf
        exp = np.exp(values - values.max())
        return exp / exp.sum()

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        grams = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "ngram_vocabulary": np.array(grams),
            "ngram_idf": self.idf.astype(np.float32),
            "ngram_weights": self.weights.astype(np.float32),
            "ngram_bias": self.bias.astype(np.float32),
            "ngram_range": np.array([self.smallest, self.largest]),
        }

    @classmethod
    def from_arrays(cls, data: Mapping[str, npt.NDArray[np.generic]]) -> Ngrams:
        smallest, largest = (int(n) for n in data["ngram_range"])
        return cls(
            vocabulary={str(gram): index for index, gram in enumerate(data["ngram_vocabulary"])},
            idf=data["ngram_idf"].astype(np.float64),
            weights=data["ngram_weights"].astype(np.float64),
            bias=data["ngram_bias"].astype(np.float64),
            smallest=smallest,
            largest=largest,
        )
