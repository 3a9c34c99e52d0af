"""The local intent and urgency models: linear SVMs over words, character n-grams and the message's shape.

Trained from the labelled corpus in `corpus/messages.jsonl` (train split only) the first time a process
needs it (under a second for both models, which share one set of features: `features.Featurizer`), then kept
in memory. Nothing is downloaded: the corpus ships with Mojoe. A message is vectorized once and read against
both models' weights directly, well under a millisecond.

Every choice was made by 5-fold stratified cross-validation on the training split, repeated with five
shuffles (mean ± sd over the repeats; the test split was looked at once, at the end):

| intent model | accuracy |
| --- | --- |
| words (1-2) + characters (2-5), linear SVM (the first model) | 88.2 ± 0.4% |
| + one-letter words ("Y", "C", "1") | 88.6 ± 0.5% |
| + the message's shape (asks a question, two words at most) | 89.5 ± 0.7% |
| + Spanish intent words glossed in English (`features.GLOSS`) | 90.0 ± 0.7% |

The last line is this model (+1.7 ± 0.4 points over the first, paired by shuffle, better on each; Spanish
90.5% against 87.4%), and its urgency model is better too (94.4% against 93.9%). What did not help, also
measured: the entity and date extractors' findings as features (a date, a time, a medication, a pharmacy, a
phone number, an amount), placeholders for times, dates, amounts and numbers, more SMS spellings, word
trigrams, other weights between words and characters, a first-clause block, negation marks, LSA components,
a cue-word list per intent, word-dropout augmentation, the Crammer-Singer SVM, ensembles with complement naive
Bayes or logistic regression, per-class score offsets: each within noise or worse.

A linear SVM's margin is the confidence: the dialogue reads 0 or more as fairly sure and below -0.3 as
guessing. Out-of-fold, the margin bands are as accurate as the first model's (below -0.3: 56% correct, 8% of
messages; 0 or more: 97%, 73%).
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.svm import LinearSVC

from mojoe.assistant.nlu.features import Featurizer, Vector

CORPUS = Path(__file__).resolve().parent / "corpus" / "messages.jsonl"

# SMS shorthand and frequent misspellings, spelled out before the model sees the text. The character
# n-grams already tolerate most typos; these are the ones too short or too different to be caught.
_SHORTHAND = {
    "appt": "appointment",
    "appts": "appointments",
    "apt": "appointment",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrrw": "tomorrow",
    "2morrow": "tomorrow",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thanks",
    "u": "you",
    "ur": "your",
    "r": "are",
    "cn": "can",
    "cant": "cannot",
    "wont": "will not",
    "dr": "doctor",
    "doc": "doctor",
    "rx": "prescription",
    "meds": "medications",
    "med": "medication",
    "asap": "soon",
    "resched": "reschedule",
    "pt": "patient",
    "dob": "birth date",
    "b4": "before",
    "msg": "message",
    "xq": "porque",
    "pq": "porque",
    "q": "que",
    "xfa": "por favor",
    "porfa": "por favor",
    "tb": "tambien",
}
_TOKEN = re.compile(r"[a-z0-9']+")

# A message of at least this many words, none of which the model has seen in training ("zzz qqq blorp"), is
# a guess whatever its margin: its score comes from character n-grams and the classes' intercepts alone.
UNKNOWN_WORDS = 3
UNKNOWN_WORDS_CONFIDENCE = -1.0


@lru_cache(maxsize=64)  # a message is read four times: two models, and for a carrier keyword twice
def normalize(text: str) -> str:
    """Lower case, accents folded, shorthand spelled out: the form the model is trained and queried on."""
    folded = text.casefold()
    if not folded.isascii():  # plain ASCII has no accent to fold
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_SHORTHAND.get(token, token) for token in _TOKEN.findall(folded))


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float


class TextClassifier:
    """A linear SVM over `Featurizer`'s features; `predict` answers the label and its margin."""

    def __init__(self, texts: list[str], labels: list[str], featurizer: Featurizer | None = None):
        normalized = [normalize(t) for t in texts]
        self.featurizer = featurizer or Featurizer(texts, normalized)
        model = LinearSVC(C=1.0, class_weight="balanced", random_state=0)
        model.fit(self.featurizer.matrix(texts, normalized), labels)
        self.classes = [str(label) for label in model.classes_]
        coef, intercept = model.coef_, model.intercept_
        # A binary SVM has one margin, the second class's: the first class gets its opposite.
        if len(self.classes) == 2:
            coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
        self.weights = np.ascontiguousarray(coef.T)  # a row per feature, a column per class
        self.intercept = intercept.copy()

    def scores(self, text: str) -> np.ndarray:
        """The margin of each class, as `LinearSVC.decision_function` gives it."""
        return self._scores(self.featurizer.vector(text, normalize(text)))

    def _scores(self, vector: Vector) -> np.ndarray:
        return vector.values @ self.weights[vector.indices] + self.intercept

    def predict(self, text: str) -> Prediction:
        """The label and its margin (0 or more: fairly sure; below -0.3: guessing, see `UNKNOWN_WORDS`)."""
        vector = self.featurizer.vector(text, normalize(text))  # remembered: the urgency model reuses it
        scores = self._scores(vector)
        best = int(scores.argmax())
        confidence = float(scores[best])
        if vector.words >= UNKNOWN_WORDS and not vector.known_words:
            confidence = min(confidence, UNKNOWN_WORDS_CONFIDENCE)
        return Prediction(self.classes[best], confidence)


@dataclass
class Models:
    intent: TextClassifier
    urgency: TextClassifier


def load_corpus(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def train(rows: list[dict]) -> Models:
    training = [row for row in rows if row.get("split") == "train"]
    texts = [row["text"] for row in training]
    featurizer = Featurizer(texts, [normalize(t) for t in texts])  # one set of features for both models
    return Models(
        intent=TextClassifier(texts, [row["intent"] for row in training], featurizer),
        urgency=TextClassifier(texts, [row["urgency"] for row in training], featurizer),
    )


_lock = threading.Lock()
_models: Models | None = None


def models() -> Models:
    """The trained models, trained once per process from the corpus's training split."""
    global _models
    with _lock:
        if _models is None:
            _models = train(load_corpus())
        return _models
