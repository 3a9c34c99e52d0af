"""The learned models read one message with `nlu.tfidf`: the same numbers as scikit-learn, on the whole corpus."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from mojoe.assistant.nlu import classifier
from mojoe.assistant.nlu.classifier import load_corpus, models
from mojoe.assistant.nlu.emergency_net import emergency_net
from mojoe.assistant.nlu.tfidf import TfidfBlock
from mojoe.assistant.safety import normalize

EDGES = ["", " ", "a", "ab", "a b  c\td\ne", "ÁRBOL ñandú", "x" * 7, "I'm  OK!!", "  leading and trailing  "]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [row["text"] for row in load_corpus()] + EDGES


def _dense(block: TfidfBlock, text: str) -> np.ndarray:
    row = np.zeros(block.offset + block.size)
    indices, values = block.vector(text)
    row[indices] = values
    return row[block.offset :]


def test_a_block_gives_what_transform_gives(texts):
    trained = models().intent.featurizer
    for block in (trained.words, trained.chars):
        sample = [classifier.normalize(text) for text in texts[::7]]
        expected = block.vectorizer.transform(sample).toarray()
        for text, row in zip(sample, expected, strict=True):
            assert np.allclose(_dense(block, text), row), text


def test_a_block_refuses_a_vectorizer_it_would_misread():
    fitted = TfidfVectorizer(sublinear_tf=False).fit(["a text", "another text"])
    with pytest.raises(ValueError, match="sublinear_tf"):
        TfidfBlock(fitted)


def test_the_emergency_nets_margin_is_the_pipelines(texts):
    net = emergency_net()
    sample = texts[::5]
    expected = net.pipeline.decision_function([normalize(text) for text in sample])
    got = [net.score(text) for text in sample]
    for text, mine, theirs in zip(sample, got, expected, strict=True):
        if normalize(text):
            assert mine == pytest.approx(theirs, abs=1e-9), text
