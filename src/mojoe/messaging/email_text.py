"""What a patient wrote in an email: the text part (or the text of the HTML), without the quoted history.

Mail programs append the whole thread to a reply: "On Mon, Jan 5, … wrote:" and lines starting with ">",
Outlook's "-----Original Message-----" or its From:/Sent: block, Spanish "El … escribió:", a "-- "
signature, "Sent from my iPhone". The assistant must read only the new words: the history would repeat
old requests (and our own replies) as if the patient had just written them.

HTML is turned into text with the standard library's tokenizer, which never fetches anything (no images,
no styles, no links followed). Attachments are not read.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from html.parser import HTMLParser

# A reply's attribution line, possibly wrapped by the mail program over two or three lines.
_ATTRIBUTIONS = (
    re.compile(r"^\s*On\b.{0,300}\bwrote:?\s*$", re.S | re.I),  # Gmail, Apple Mail, Thunderbird
    re.compile(r"^\s*El\b.{0,300}\bescribi[óo]:?\s*$", re.S | re.I),  # the same in Spanish
    re.compile(r"^\s*Le\b.{0,300}\ba [ée]crit\s*:?\s*$", re.S | re.I),
    re.compile(r"^\s*Em\b.{0,300}\bescreveu:?\s*$", re.S | re.I),
    re.compile(r"^\s*Am\b.{0,300}\bschrieb\b.{0,200}:\s*$", re.S | re.I),
)
_SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(original message|mensaje original|message d'origine|forwarded message|"
    r"mensaje reenviado)\s*-{2,}|_{10,})\s*$",
    re.I,
)
# Outlook without a separator: "From: …" then within a few lines "Sent: …" (or Date/Enviado/Fecha).
_HEADER_FROM = re.compile(r"^\s*\*?(from|de)\s*:\*?\s", re.I)
_HEADER_NEXT = re.compile(r"^\s*\*?(sent|date|enviado|fecha)\s*:", re.I)
_SIGNATURE = re.compile(r"^--\s*$")
_MOBILE = re.compile(
    r"^\s*(sent from my|sent from outlook|get outlook for|enviado desde mi|obtener outlook)\b", re.I
)


def _quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _attribution_length(lines: list[str], i: int) -> int:
    """How many lines starting at i make up an attribution ("On … wrote:"), 0 when none does."""
    for n in (1, 2, 3):
        if i + n > len(lines):
            break
        candidate = " ".join(line.strip() for line in lines[i : i + n])
        if any(pattern.match(candidate) for pattern in _ATTRIBUTIONS):
            # Only an attribution when quoted text (or nothing) follows: "On Monday I wrote:" in the
            # middle of a patient's own words is not one.
            rest = [line for line in lines[i + n :] if line.strip()]
            if not rest or _quoted(rest[0]):
                return n
    return 0


def _history_starts(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _SEPARATOR.match(line) or _SIGNATURE.match(line) or _MOBILE.match(line):
        return True
    if _HEADER_FROM.match(line) and any(_HEADER_NEXT.match(nxt) for nxt in lines[i + 1 : i + 5]):
        return True
    return _attribution_length(lines, i) > 0


def _tidy(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def strip_quoted(text: str) -> str:
    """The patient's own words: everything before the quoted history or the signature, quoted lines dropped.

    When that leaves nothing (a reply written below the quote, or only between quoted lines), the answer is
    every line that is neither quoted nor an attribution.
    """
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cut = next((i for i in range(len(lines)) if _history_starts(lines, i)), len(lines))
    mine = _tidy([line for line in lines[:cut] if not _quoted(line)])
    if mine:
        return mine
    kept, i = [], 0
    while i < len(lines):
        skip = _attribution_length(lines, i)
        if skip:
            i += skip
            continue
        if _SIGNATURE.match(lines[i]) or _MOBILE.match(lines[i]):
            break
        if not _quoted(lines[i]) and not _SEPARATOR.match(lines[i]):
            kept.append(lines[i])
        i += 1
    return _tidy(kept)


# --- HTML --------------------------------------------------------------------------------------------------

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr", "pre"}
_HIDDEN = {"script", "style", "head", "title", "blockquote", "template"}
# Where mail programs put the quoted thread in HTML: everything from there on is history.
_HISTORY_CLASSES = {"gmail_quote", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote"}
_HISTORY_IDS = {"divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container"}


class _TextOfHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []  # the open hidden elements, innermost last
        self.done = False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        attributes = {name: (value or "") for name, value in attrs}
        classes = set(attributes.get("class", "").lower().split())
        if classes & _HISTORY_CLASSES or attributes.get("id", "").lower() in _HISTORY_IDS:
            self.done = True
            return
        if tag == "body":  # an unclosed <head> ends where the body starts, as in a browser
            self.hidden = [t for t in self.hidden if t not in ("head", "title")]
        elif tag in _HIDDEN:
            self.hidden.append(tag)
        elif tag in _BLOCKS and not self.hidden:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.hidden and tag == self.hidden[-1]:
            self.hidden.pop()
        elif tag in _BLOCKS and tag not in ("br", "hr") and not self.hidden and not self.done:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.done and not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The visible text of an email's HTML, one line per block, the quoted thread left out."""
    parser = _TextOfHtml()
    parser.feed(html or "")
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return _tidy(lines)


# --- the message ---------------------------------------------------------------------------------------------


def _decoded(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        # An unknown or lying charset: the bytes as UTF-8, the undecodable ones replaced.
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def email_body_text(message: EmailMessage) -> str:
    """The text the patient wrote: the text/plain part, else the text of the HTML part; attachments ignored.

    A plain text a mail app split around pictures placed in it (text, picture, more text, each a part of a
    multipart/mixed) is read whole, its parts joined in order. The quoted history is still there;
    `strip_quoted` removes it.
    """
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    if part.get_content_subtype() == "html":
        return html_to_text(_decoded(part))
    pieces = _text_split_around_pictures(message, part)
    if len(pieces) == 1:
        return _decoded(part)
    return "\n".join(_decoded(piece).strip("\n") for piece in pieces)


def _text_split_around_pictures(message: EmailMessage, first) -> list:
    """`first`, and the inline plain text parts that follow it in the multipart/mixed that holds it."""
    for container in message.walk():
        if container.get_content_type() != "multipart/mixed":
            continue
        parts = container.get_payload()
        index = next((i for i, candidate in enumerate(parts) if candidate is first), None)
        if index is None:
            continue
        return [first] + [
            piece
            for piece in parts[index + 1 :]
            if piece.get_content_type() == "text/plain" and piece.get_content_disposition() != "attachment"
        ]
    return [first]
