"""Reading short answers to the assistant's questions: yes or no, "2", "the second one", "la primera"."""

from __future__ import annotations

import re

from mojoe.patients.models import fold

_YES = frozenset(
    [
        "yes",
        "y",
        "yeah",
        "yea",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "k",
        "correct",
        "right",
        "confirm",
        "confirmed",
        "please",
        "si",
        "claro",
        "dale",
        "vale",
        "bueno",
        "correcto",
        "exacto",
        "afirmativo",
        "perfecto",
    ]
)
_YES_PHRASES = ("go ahead", "do it", "sounds good", "that works", "por favor", "esta bien", "de acuerdo")
_NO = frozenset(["no", "n", "nope", "nah", "nel", "tampoco"])
_NO_PHRASES = ("keep it", "dont", "do not", "never mind", "nevermind", "mejor no", "no gracias", "dejela")
_ORDINALS = {
    1: ("first", "1st", "one", "primero", "primera", "uno", "una"),
    2: ("second", "2nd", "two", "segundo", "segunda", "dos"),
    3: ("third", "3rd", "three", "tercero", "tercera", "tres"),
    4: ("fourth", "4th", "four", "cuarto", "cuarta", "cuatro"),
    5: ("fifth", "5th", "five", "quinto", "quinta", "cinco"),
}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text).replace("'", ""))


def yes_or_no(text: str) -> bool | None:
    """True for yes, False for no, None when the answer is neither (or both)."""
    words = _words(text)
    joined = " ".join(words)
    if not words:
        return None
    no = words[0] in _NO or any(p in joined for p in _NO_PHRASES)
    yes = words[0] in _YES or any(p in joined for p in _YES_PHRASES)
    if no and not yes:
        return False
    if yes and not no:
        return True
    return None


def choice(text: str, count: int) -> int | None:
    """A 0-based pick among `count` numbered options: "2", "#2", "option 2", "the second", "el 2", "last"."""
    words = _words(text)
    if not words or len(words) > 8:
        return None
    numbers = [int(w) for w in words if w.isdigit() and len(w) == 1]
    if len(numbers) == 1 and 1 <= numbers[0] <= count:
        return numbers[0] - 1
    picked = {n for n, names in _ORDINALS.items() if n <= count and any(w in names for w in words)}
    if words[-1] in ("last", "ultimo", "ultima") or "last one" in " ".join(words):
        picked.add(count)
    if len(picked) == 1:
        return picked.pop() - 1
    return None


def wants_other_times(text: str) -> bool:
    """ "none of those", "anything later?", "otro horario": the patient wants different options."""
    joined = " ".join(_words(text))
    return any(
        phrase in joined
        for phrase in (
            "none",
            "other time",
            "other times",
            "another time",
            "something else",
            "later",
            "anything else",
            "more options",
            "ninguno",
            "ninguna",
            "otro horario",
            "otra hora",
            "mas tarde",
            "otras opciones",
        )
    )
