"""MkDocs hook: the site carries the repository files the pages link to outside docs/.

A page links to such a file relative to itself (`../scenarios/abraham-2020/HISTORY.md`), which
works on GitHub; here the file becomes a page of the site under its repository path, and the
links point to that page.
"""

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent
OUTSIDE = ["scenarios/abraham-2020/HISTORY.md"]


def on_files(files: Files, config: Any) -> Files:
    for path in OUTSIDE:
        files.append(File.generated(config, path, abs_src_path=str(ROOT / path)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    for path in OUTSIDE:
        markdown = markdown.replace(f"](../{path})", f"]({path})")
    return markdown
