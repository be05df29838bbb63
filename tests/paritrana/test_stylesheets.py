"""The stylesheets are well formed: every block that opens closes, in order (an
unclosed block silently swallows every rule after it)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

SHEETS = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))


def _depths(text: str) -> list[int]:
    """The nesting depth after each brace, comments and strings left out."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\"[^\"]*\"|'[^']*'", "", text)
    depth, depths = 0, []
    for brace in re.findall(r"[{}]", text):
        depth += 1 if brace == "{" else -1
        depths.append(depth)
    return depths


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda sheet: sheet.name)
def test_stylesheet_blocks_close_in_order(sheet):
    depths = _depths(sheet.read_text())

    assert (min(depths), depths[-1]) == (0, 0)


def test_an_unclosed_block_is_found():
    assert _depths("a { b: c; } @media (x) { a { b: c; }")[-1] == 1
