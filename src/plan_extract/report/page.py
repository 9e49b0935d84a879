"""One self-contained HTML file: data (JSON) + the page's CSS and JS, all inline.

The browser builds the view from the embedded JSON (`<script type="application/json">`), so the
Python side only states facts and the same script serves every report.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any


def asset(name: str) -> str:
    return resources.files("plan_extract.report").joinpath("assets", name).read_text("utf-8")


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: '</' cannot close it, nor '<!--' open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def html_document(
    title: str, data: Any, css: tuple[str, ...], js: tuple[str, ...], body: str = ""
) -> str:
    """A whole page: `body` (HTML built by the caller) inside <div id="app">, `data` as JSON for
    the scripts, the named assets inline; the policy forbids any network access."""
    styles = "\n".join(asset(name) for name in css)
    scripts = "\n".join(asset(name) for name in js)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="es"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{styles}\n</style></head>\n"
        f'<body><div id="app">{body}</div>\n'
        f'<script type="application/json" id="report-data">{script_json(data)}</script>\n'
        f"<script>\n{scripts}\n</script></body></html>\n"
    )
