"""Every translation catalogue (the patient pages' Spanish) is complete, and its compiled file, which is
committed so that nothing needs compiling at install, matches it."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

import mojoe

CATALOGUES = sorted(Path(mojoe.__file__).resolve().parent.glob("*/locale/*/LC_MESSAGES/django.po"))


def test_the_patient_pages_have_their_catalogues():
    assert {path.relative_to(Path(mojoe.__file__).resolve().parent).parts[0] for path in CATALOGUES} >= {
        "booking",
        "messaging",
    }


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-5])
def test_the_catalogue_is_complete_and_its_compiled_file_matches(po_path: Path):
    po = po_path.read_text(encoding="utf-8")
    entries = [e for e in po.split("\n\n")[1:] if "msgid" in e]
    assert len(entries) > 30
    untranslated = [
        _po_string(e, "msgid")
        for e in entries
        if not all(
            _po_string(e, key) for key in (("msgstr[0]", "msgstr[1]") if "msgid_plural" in e else ("msgstr",))
        )
    ]
    assert untranslated == []
    assert "#, fuzzy" not in po
    with po_path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    # Every single-form message of the .po is in the .mo with the same translation.
    for entry in entries:
        if "msgid_plural" in entry:
            continue
        msgid = _po_string(entry, "msgid")
        msgstr = _po_string(entry, "msgstr")
        assert compiled.gettext(msgid) == msgstr, msgid


def _po_string(entry: str, key: str) -> str:
    match = re.search(rf'^{re.escape(key)} "(.*)"$((?:\n".*")*)', entry, re.M)
    assert match, entry
    raw = match.group(1) + "".join(line[1:-1] for line in match.group(2).split("\n") if line)
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), raw)
