"""Every template works under the content security policy: no inline script, event
handler, javascript: link or style attribute; an inline <style> only with a nonce."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path
    for path in ROOT.glob("**/templates/**/*.html")
    if not {".venv", "node_modules", "var"} & set(path.relative_to(ROOT).parts)
)
INLINE = {
    "inline script": re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"
    ),
    "event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "style without nonce": re.compile(r"<style(?![^>]*\bnonce=)[^>]*>"),
    "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


def test_templates_are_found():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_nothing_inline_the_policy_blocks(template):
    text = template.read_text()

    found = {name for name, pattern in INLINE.items() if pattern.search(text)}

    assert found == set()
