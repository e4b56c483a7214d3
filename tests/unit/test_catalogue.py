"""The Vietnamese message catalogue covers every marked message, and ships compiled."""

from __future__ import annotations

import gettext
import re
import sys
from pathlib import Path

import pytest

from ghg.core import i18n

babel = pytest.importorskip("babel")

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))
import update_catalogue  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

PLACEHOLDER = re.compile(r"{(\w*)[^{}]*}")


@pytest.fixture(scope="module")
def po():
    with update_catalogue.PO.open("rb") as stream:
        return {m.id: m for m in read_po(stream) if m.id}


def test_every_marked_message_has_a_vietnamese_text(po):
    code = {m.id for m in update_catalogue.template() if m.id}
    assert sorted(code - po.keys()) == [], "run python tests/tools/update_catalogue.py"
    assert sorted(po.keys() - code) == [], "messages no longer in the code: rerun the tool"
    assert sorted(k for k, m in po.items() if not m.string or m.fuzzy) == []


def test_translations_keep_every_placeholder(po):
    changed = {k: m.string for k, m in po.items()
               if sorted(PLACEHOLDER.findall(k)) != sorted(PLACEHOLDER.findall(m.string))}
    assert changed == {}


def test_shipped_mo_is_the_po_compiled(po):
    with update_catalogue.MO.open("rb") as stream:
        shipped = gettext.GNUTranslations(stream)._catalog  # type: ignore[attr-defined]
    assert {k: v for k, v in shipped.items() if k} == {k: m.string for k, m in po.items()}


def test_language_is_english_unless_chosen_and_scoped():
    assert i18n.language() == "en"
    with i18n.use_language("vi"):
        assert i18n.language() == "vi"
    assert i18n.language() == "en"
    with pytest.raises(ValueError, match="expected one of en, vi"):
        i18n.set_language("fr")
