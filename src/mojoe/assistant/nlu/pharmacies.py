"""Pharmacy names for `entities.extract_entities`: the chain table and the pharmacy reader.

A chain ("CVS on Main St", "Walgreens") with its location words, "<Name> Pharmacy", or "farmacia <name>".
Kept apart from `entities` to keep that module a readable size.
"""

from __future__ import annotations

import re

from mojoe.assistant.nlu.vocabulary import _mapping, _word_set

_CHAINS = _mapping(
    "cvs: CVS | walgreens: Walgreens | walgreen's: Walgreens | rite aid: Rite Aid | riteaid: Rite Aid |"
    " walmart: Walmart | wal-mart: Walmart | target: Target | costco: Costco | kroger: Kroger |"
    " publix: Publix | safeway: Safeway | heb: H-E-B | h-e-b: H-E-B | wegmans: Wegmans |"
    " stop & shop: Stop & Shop | stop and shop: Stop & Shop | sam's club: Sam's Club |"
    " sams club: Sam's Club | meijer: Meijer | albertsons: Albertsons | duane reade: Duane Reade |"
    " express scripts: Express Scripts | optumrx: OptumRx | optum rx: OptumRx |"
    " amazon pharmacy: Amazon Pharmacy | caremark: CVS Caremark | giant eagle: Giant Eagle |"
    " shoprite: ShopRite | hy-vee: Hy-Vee | hyvee: Hy-Vee | harris teeter: Harris Teeter |"
    " fred meyer: Fred Meyer | jewel-osco: Jewel-Osco | jewel osco: Jewel-Osco | winn-dixie: Winn-Dixie |"
    " food lion: Food Lion | farmacias similares: Farmacias Similares |"
    " farmacias del ahorro: Farmacias del Ahorro | farmacias guadalajara: Farmacias Guadalajara |"
    " farmacias benavides: Farmacias Benavides | farmacia san pablo: Farmacia San Pablo"
)
_CHAIN_RE = re.compile(
    r"\b("
    + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(_CHAINS, key=len, reverse=True))
    + r")\b"
)
_PHARMACY_WORDS = r"(?:pharmacy|pharmacie|drug\s?store|drugs|apothecary|chemist)"
_NAMED_PHARMACY_RE = re.compile(r"\b((?:[a-z0-9][a-z0-9'&.-]*\s+){1,3})" + _PHARMACY_WORDS + r"\b")
_FARMACIA_RE = re.compile(r"\bfarmacia\s+((?:[a-z0-9][a-z0-9'&.-]*\s*){1,5})")
_LOCATION_RE = re.compile(
    r"\s*(?:on|at|in|near|by|off|en|de\s+la|del|de|cerca\s+de|por)\s+((?:the\s+|la\s+|el\s+)?[a-z0-9][a-z0-9'&.-]*"
    r"(?:\s+[a-z0-9][a-z0-9'&.-]*){0,3})"
)
_LOCATION_STOP = _word_set(
    "and please pls thanks thank for to y por favor gracias because i it is my so but that which when "
    "asap today tomorrow you can could would will"
)
_NOT_PHARMACY_NAMES = {
    "the",
    "my",
    "a",
    "your",
    "our",
    "mi",
    "la",
    "que",
    "to",
    "at",
    "from",
    "use",
    "using",
    "call",
}
_VAGUE_PHARMACY_WORDS = {
    "local",
    "same",
    "usual",
    "regular",
    "normal",
    "other",
    "new",
    "preferred",
    "mail",
    "order",
}


def _location_after(text: str, folded: str, end: int) -> str:
    match = _LOCATION_RE.match(folded, end)
    if not match:
        return ""
    words = match.group(1).split()
    kept = []
    for word in words:
        if word.strip(".,") in _LOCATION_STOP:
            break
        kept.append(word)
        if word.endswith((".", ",")):
            break  # "CVS on Main St. Also…": the sentence ends here
    if not kept:
        return ""
    stop = match.start(1) + len(" ".join(kept))
    return text[end:stop].rstrip(" .,;")


def _pharmacy(text: str, folded: str) -> str | None:
    chain = next(
        (m for m in _CHAIN_RE.finditer(folded) if m.group(1) != "target" or text[m.start()] == "T"), None
    )
    if chain:
        name = _CHAINS[" ".join(chain.group(1).split())]
        end = chain.end()
        after_word = re.match(r"\s+(?:pharmacy|farmacia)\b", folded[end:])
        if after_word:
            end += after_word.end()
        return (name + _location_after(text, folded, end)).strip()
    named = _NAMED_PHARMACY_RE.search(folded)
    if named:
        words = list(re.finditer(r"\S+", named.group(1)))
        if any(char.isupper() for char in text):
            # Keep the capitalised words right before "Pharmacy": "I called Brookline Pharmacy".
            kept = []
            for word in reversed(words):
                if not text[named.start(1) + word.start()].isupper() or word.group() in _NOT_PHARMACY_NAMES:
                    break
                kept.insert(0, word)
        else:
            cut = max((i for i, w in enumerate(words) if w.group() in _NOT_PHARMACY_NAMES), default=-1)
            kept = words[cut + 1 :]
        if kept and not all(w.group() in _VAGUE_PHARMACY_WORDS for w in kept):
            return text[named.start(1) + kept[0].start() : named.end()].strip()
    farmacia = _FARMACIA_RE.search(folded)
    if farmacia:
        words = []
        for word in farmacia.group(1).split():
            if word in _LOCATION_STOP or word in ("que", "porque", "para", "pero"):
                break
            words.append(word)
        named_like = words and (text[farmacia.start(1)].isupper() or words[0] in ("de", "del"))
        if named_like and words[0] not in _NOT_PHARMACY_NAMES:  # not "la farmacia dice que…"
            return text[farmacia.start() : farmacia.start(1) + len(" ".join(words))].strip(" .,")
    return None
