"""Reads the source article (kept in ../shared, never copied into the project) into sections.

A section is a heading line followed by its paragraphs; paragraphs are numbered from 1
under each heading. The article's first line is its title, not a section.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = Path(os.environ.get("BACLOFEN_ARTICLE", ROOT.parent / "shared" / "source" / "baclofen-article.txt"))


def _is_heading(block: str) -> bool:
    # Headings are single short lines without a closing full stop.
    return "\n" not in block and not block.rstrip().endswith((".", "?", "!")) and len(block) < 120


def sections(path: Path = ARTICLE) -> Dict[str, List[str]]:
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    result: Dict[str, List[str]] = {}
    current = None
    for block in blocks[1:]:  # blocks[0] is the title
        if _is_heading(block):
            current = block
            result[current] = []
        elif current is not None:
            result[current].append(block)
    return result
