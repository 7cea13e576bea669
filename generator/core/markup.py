"""Second line of defence: every rendered case body goes through nh3 (Ammonia).

`caselib check` already refuses scripts, event attributes and javascript: links
with a message; this removes anything that slips past it before it is published.
"""

from __future__ import annotations

import json
from functools import lru_cache

import markdown
import nh3

from generator.core.config import MarkdownSettings

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer", strip_comments=True)


@lru_cache(maxsize=4)
def markdown_converter(settings: MarkdownSettings) -> markdown.Markdown:
    """One converter per process and settings, reset between bodies (building one costs as much as
    converting a body); the unsafe-HTML check renders with the same one."""
    return markdown.Markdown(extensions=list(settings.extensions), extension_configs=json.loads(settings.configs))
