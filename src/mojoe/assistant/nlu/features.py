"""What the intent and urgency models see of a message: TF-IDF over words and character n-grams, plus its shape.

* Words (1-2 grams) of the normalized text (`classifier.normalize`: folded case and accents, SMS shorthand
  spelled out), one-letter words kept ("Y", "C", "1" are whole replies), with the Spanish words that carry
  an intent replaced by their English equivalent (`GLOSS`), so that the quarter of the corpus in Spanish and
  the English rest teach the same weights ("cancelar mi cita" looks like "cancel mi appointment").
* Character n-grams (2-5, within words) of the normalized text, not glossed: they catch typos and the
  Spanish the gloss leaves alone.
* The message's shape: whether it asks a question ("?") and whether it is at most two words long.

Each TF-IDF block is L2-normalized on its own; the shape features are scaled by `SHAPE_WEIGHT`. Repeated
5-fold cross-validation on the corpus's train split chose every part of this (see `classifier`'s docstring).

Fitting uses scikit-learn's `TfidfVectorizer`; a single message is vectorized by `Featurizer.vector`, which
reads the fitted vocabularies directly (`tfidf.TfidfBlock`: the same numbers, without scikit-learn's per-call
overhead) and remembers the last 16 messages, so that the intent and urgency models share one computation per
message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from mojoe.assistant.nlu.tfidf import TfidfBlock

# Spanish words that carry an intent, in the folded form `normalize` gives, and their English equivalent.
# Words with a second, everyday meaning that would mislead ("tarde" is late and the afternoon, "si" is yes and
# if, "mañana" is tomorrow and the morning) are left out: the character n-grams still see them.
GLOSS = {
    # appointments
    "cita": "appointment",
    "citas": "appointment",
    "consulta": "appointment",
    "turno": "appointment",
    "agendar": "book",
    "programar": "schedule",
    "reservar": "book",
    "cancelar": "cancel",
    "cancela": "cancel",
    "cancelen": "cancel",
    "cancelo": "cancel",
    "anular": "cancel",
    "cambiar": "reschedule",
    "mover": "reschedule",
    "reprogramar": "reschedule",
    "posponer": "reschedule",
    "confirmo": "confirm",
    "confirmar": "confirm",
    "confirmado": "confirm",
    "confirmada": "confirm",
    # prescriptions
    "receta": "prescription",
    "recetas": "prescription",
    "medicina": "medication",
    "medicinas": "medication",
    "medicamento": "medication",
    "medicamentos": "medication",
    "pastillas": "pills",
    "pastilla": "pills",
    "farmacia": "pharmacy",
    "surtir": "refill",
    "resurtir": "refill",
    "renovar": "renew",
    "acabo": "ran out",
    "acabaron": "ran out",
    # results
    "resultados": "results",
    "resultado": "results",
    "analisis": "labs",
    "examenes": "tests",
    "examen": "test",
    "laboratorio": "lab",
    "sangre": "blood",
    "radiografia": "xray",
    # billing and insurance
    "factura": "bill",
    "cobro": "charge",
    "cobraron": "charged",
    "cobran": "charge",
    "pagar": "pay",
    "pago": "payment",
    "debo": "owe",
    "saldo": "balance",
    "cuesta": "cost",
    "costo": "cost",
    "precio": "price",
    "recibo": "receipt",
    "tarjeta": "card",
    "seguro": "insurance",
    "aseguranza": "insurance",
    "cobertura": "coverage",
    "cubre": "cover",
    "aceptan": "accept",
    # records and referrals
    "expediente": "records",
    "historial": "records",
    "registros": "records",
    "copia": "copy",
    "carta": "letter",
    "formulario": "form",
    "nota": "note",
    "justificante": "note",
    "constancia": "letter",
    "trabajo": "work",
    "escuela": "school",
    "referencia": "referral",
    "referido": "referral",
    "especialista": "specialist",
    # the office, people, messages
    "horario": "hours",
    "horarios": "hours",
    "abren": "open",
    "cierran": "close",
    "abierto": "open",
    "direccion": "address",
    "ubicados": "located",
    "ubicacion": "location",
    "estacionamiento": "parking",
    "hablar": "talk",
    "llamar": "call",
    "llamen": "call",
    "llamada": "call",
    "persona": "person",
    "alguien": "someone",
    "humano": "human",
    "enfermera": "nurse",
    "recepcion": "front desk",
    "dejen": "stop",
    "mensajes": "messages",
    "mensaje": "message",
    "recordatorios": "reminders",
    "gracias": "thanks",
    "equivocado": "wrong",
    "equivocada": "wrong",
    # symptoms
    "dolor": "pain",
    "duele": "hurts",
    "duelen": "hurt",
    "fiebre": "fever",
    "calentura": "fever",
    "tos": "cough",
    "sintomas": "symptoms",
    "mareado": "dizzy",
    "mareada": "dizzy",
    "vomito": "vomit",
    "pecho": "chest",
    "cabeza": "head",
    "garganta": "throat",
    # asking
    "necesito": "need",
    "quiero": "want",
    "ocupo": "need",
    "puedo": "can",
    "pueden": "can",
    "tienen": "have",
    "cuando": "when",
    "donde": "where",
    "cuanto": "how much",
}

# Every word, one letter included (scikit-learn's default pattern drops them).
WORD_PATTERN = r"(?u)\b\w+\b"
SHAPE_WEIGHT = 0.5
SHORT_WORDS = 2
_WORD = re.compile(r"\w+")


def gloss(normalized: str) -> str:
    """The normalized text with its intent-bearing Spanish words in English."""
    return " ".join(GLOSS.get(word, word) for word in normalized.split())


def shape(text: str, normalized: str) -> tuple[float, float]:
    """Whether the message asks a question, and whether it is at most `SHORT_WORDS` words long."""
    return (float("?" in text), float(len(_WORD.findall(normalized)) <= SHORT_WORDS))


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=WORD_PATTERN)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    return words, chars


@dataclass(frozen=True)
class Vector:
    """One message's non-zero features (column indices and values), and how many of its words the model knows."""

    indices: np.ndarray
    values: np.ndarray
    words: int
    known_words: int


class Featurizer:
    """The features above, fitted on the training messages (raw text and its `normalize`d form)."""

    def __init__(self, texts: list[str], normalized: list[str]):
        words, chars = _vectorizers()
        words.fit([gloss(n) for n in normalized])
        chars.fit(normalized)
        self.words = TfidfBlock(words, 0)
        self.chars = TfidfBlock(chars, self.words.size)
        self.shape_offset = self.words.size + self.chars.size
        self.size = self.shape_offset + 2
        self.vector = lru_cache(maxsize=16)(self._vector)

    def matrix(self, texts: list[str], normalized: list[str]) -> sp.csr_matrix:
        """The features of many messages (for training)."""
        shapes = np.array([shape(t, n) for t, n in zip(texts, normalized, strict=True)]) * SHAPE_WEIGHT
        return sp.hstack(
            [
                self.words.vectorizer.transform([gloss(n) for n in normalized]),
                self.chars.vectorizer.transform(normalized),
                sp.csr_matrix(shapes),
            ]
        ).tocsr()

    def _vector(self, text: str, normalized: str) -> Vector:
        glossed = gloss(normalized)
        word_indices, word_values = self.words.vector(glossed)
        char_indices, char_values = self.chars.vector(normalized)
        question, short = shape(text, normalized)
        words = _WORD.findall(glossed)
        return Vector(
            indices=np.concatenate([word_indices, char_indices, [self.shape_offset, self.shape_offset + 1]]),
            values=np.concatenate(
                [word_values, char_values, [question * SHAPE_WEIGHT, short * SHAPE_WEIGHT]]
            ),
            words=len(words),
            known_words=sum(word in self.words.vocabulary for word in words),
        )
