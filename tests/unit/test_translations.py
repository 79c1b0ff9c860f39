"""Every user-facing string has an English translation (Chinese is the source language)."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
EN_CATALOGUE = ROOT / "fieldcollect/translations/en/LC_MESSAGES/messages.po"


def test_every_extracted_string_has_an_english_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "N_", "-k", "_l", "-o", str(template), "--no-location", "."],
                   cwd=ROOT, check=True, capture_output=True)
    with template.open("rb") as handle:
        extracted = {message.id for message in read_po(handle) if message.id}
    with EN_CATALOGUE.open("rb") as handle:
        translated = {message.id: message.string for message in read_po(handle) if message.id}
    missing = sorted(msgid for msgid in extracted if not translated.get(msgid))
    assert extracted, "extraction found no strings at all"
    assert missing == [], f"run `make translations-update` and translate: {missing}"
