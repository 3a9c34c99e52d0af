"""A fitted TF-IDF vectorizer read for one message at a time, as every inbound message is read.

The learned models (intent and urgency in `features`, the emergency net in `emergency_net`) are fitted with
scikit-learn's `TfidfVectorizer`, whose `transform` costs about a millisecond per call on a single message,
nearly all of it overhead. `TfidfBlock` gives the same numbers (a test compares them with `transform` on the
corpus) from the vectorizer's own analyzer and its fitted vocabulary and idf weights, for the way both
models are fitted: sublinear tf and the L2 norm.
"""

from __future__ import annotations

import math
from collections import Counter

from sklearn.feature_extraction.text import TfidfVectorizer


class TfidfBlock:
    """One fitted vectorizer (`sublinear_tf=True`, L2 norm), its columns starting at `offset` in a model's
    features."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int = 0):
        if not vectorizer.sublinear_tf or vectorizer.norm != "l2" or not vectorizer.use_idf:
            raise ValueError("TfidfBlock reads vectorizers fitted with sublinear_tf, use_idf and the L2 norm")
        self.vectorizer = vectorizer
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf: list[float] = vectorizer.idf_.tolist()  # Python floats: numpy's, one at a time, are slower
        self.offset = offset
        self.size = len(self.vocabulary)

    def vector(self, text: str) -> tuple[list[int], list[float]]:
        """The text's non-zero features: column indices (from `offset`) and values, as `transform` gives."""
        vocabulary, idf = self.vocabulary, self.idf
        indices, values = [], []
        for term, count in Counter(self.analyze(text)).items():
            column = vocabulary.get(term)
            if column is not None:
                indices.append(column)
                values.append((1.0 + math.log(count)) * idf[column])
        norm = math.sqrt(sum(value * value for value in values))
        if norm:
            values = [value / norm for value in values]
        if self.offset:
            indices = [self.offset + column for column in indices]
        return indices, values
