"""A fitted TF-IDF vectorizer read for one message at a time, as every inbound message is read.

The learned models (intent and urgency in `features`, the emergency net in `emergency_net`) are fitted with
scikit-learn's `TfidfVectorizer`, whose `transform` costs about a millisecond per call on a single message,
nearly all of it overhead. `TfidfBlock` gives the same numbers (a test compares them with `transform` on the
corpus) from the vectorizer's own analyzer and its fitted vocabulary and idf weights, for the way the models
are fitted: sublinear tf and the L2 norm.

Character n-grams within words (`char_wb`) are most of the work: a short text has some 200 of them. They
never cross a space, so a word's columns are the same in every message, and they are remembered per word
(the last `WORDS_REMEMBERED` words): patients write mostly the same few thousand words, and a word read once
costs a dictionary lookup afterwards. The rest (counting each column, the weights, the norm) is a handful of
numpy operations on the message's columns.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

WORDS_REMEMBERED = 4096
_NONE = np.zeros(0, dtype=np.intp)
_NONE.flags.writeable = False


class TfidfBlock:
    """One fitted vectorizer (`sublinear_tf=True`, L2 norm), its columns starting at `offset` in a model's
    features."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int = 0):
        if not vectorizer.sublinear_tf or vectorizer.norm != "l2" or not vectorizer.use_idf:
            raise ValueError("TfidfBlock reads vectorizers fitted with sublinear_tf, use_idf and the L2 norm")
        self.vectorizer = vectorizer
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf: np.ndarray = vectorizer.idf_
        self.offset = offset
        self.size = len(self.vocabulary)
        # Only n-grams within words can be read word by word (word n-grams span two words).
        self._by_word = vectorizer.analyzer == "char_wb"
        self._word_columns = lru_cache(maxsize=WORDS_REMEMBERED)(self._columns)

    def _columns(self, text: str) -> np.ndarray:
        """The vocabulary's column of each of the text's terms, once per occurrence; unknown terms dropped."""
        vocabulary = self.vocabulary
        found = [column for column in map(vocabulary.get, self.analyze(text)) if column is not None]
        if not found:
            return _NONE
        columns = np.array(found, dtype=np.intp)
        columns.flags.writeable = False  # remembered per word, shared by every message with the word
        return columns

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's non-zero features: column indices (from `offset`, ascending) and values, as `transform`
        gives them."""
        if self._by_word:
            # The analyzer splits on runs of white space too, and lowercases word by word as it would the whole.
            columns = np.concatenate([self._word_columns(word) for word in text.split()] or [_NONE])
        else:
            columns = self._columns(text)
        if not columns.size:
            return _NONE, np.zeros(0)
        indices, counts = np.unique(columns, return_counts=True)
        values = (1.0 + np.log(counts)) * self.idf[indices]
        values /= np.sqrt(values @ values)
        return (indices + self.offset if self.offset else indices), values
