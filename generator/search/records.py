"""A case as a search record: its text normalised and cut into words by jieba, with names kept
whole, exactly as the browser will normalise and cut a query, so the two meet."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import unescape

from generator.core.facets import FACETS, FILTERED
from generator.core.model import Case
from generator.core.text import simplified_characters
from generator.core.vocabulary import Vocabulary

# A word every record ends with. Browsing by filters alone searches it: Pagefind answers a search
# with no word by fetching every word chunk, and one word's chunk is small.
EVERY = "caselibeverycase"
PART_OPEN, PART_CLOSE = "⁅", "⁆"   # around the parts of a joined name (join_names); not indexed
# Around the header's places and tags at the end of a record: findable, never an excerpt (the
# browser drops what is between them; a result that matched only there shows its summary).
TAGS_OPEN, TAGS_CLOSE = "⸢", "⸣"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SKIP = re.compile(r"[\s\W_]+")    # tokens of only spaces or punctuation are not words,
# but sentence punctuation stays in the content between them, for readable excerpts (Pagefind
# indexes no punctuation). Full-width marks arrive here as ASCII after NFKC; the browser turns
# them back. Symbols such as < = & are dropped: they carry no meaning and could spell markup.
_SENTENCE = re.compile(r"[,.;:?!()\u3001-\u3011\u2018-\u201d\u2014\u2026]+")
_INERT = str.maketrans("<>", "＜＞")

@dataclass(frozen=True)
class Record:
    url: str                           # site-relative, e.g. "cases/heping/"
    content: str                       # the indexed words, space-separated, with sentence punctuation
    meta: dict[str, str]
    filters: dict[str, list[str]]

    @property
    def words(self) -> list[str]:
        # Held as one string, not a tuple of words: a word object each would take far more memory.
        return self.content.split(" ")

def normalise(text: str) -> str:
    """What both the index and the query are made of: NFKC and Simplified characters,
    character by character exactly as the browser does it, so the two agree.
    (Case is left alone for excerpts; Pagefind and the dictionary compare lower case.)"""
    # Full-width punctuation made NFKC rewrite almost every text; mapped first, most texts are
    # left as they are. Both maps go by regular expression: str.translate looks every character up.
    wide, simple, mapped = _normalising()
    return simple.sub(mapped, unicodedata.normalize("NFKC", wide.sub(mapped, text)))

@lru_cache(maxsize=1)
def _normalising() -> tuple[re.Pattern[str], re.Pattern[str], Callable[[re.Match[str]], str]]:
    """Full-width characters, Traditional characters, and what either becomes."""
    table = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (0x3000, *range(0xFF01, 0xFF5F))}
    table.update({chr(c): s for c, s in simplified_characters().items()})
    traditional = "".join(re.escape(chr(c)) for c in sorted(simplified_characters()))
    return re.compile("[\u3000\uff01-\uff5e]"), re.compile(f"[{traditional}]"), lambda m: table[m[0]]

def segment(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    import rjieba

    words = [w for w in rjieba.cut(normalise(text)) if w.isalnum() or _kept(w)]
    return join_names(words, names) if names else words

@lru_cache(maxsize=1 << 12)
def _kept(token: str) -> bool:
    """Whether a token that is not all letters and digits is kept: a word, or sentence punctuation."""
    return not _SKIP.fullmatch(token) or bool(_SENTENCE.fullmatch(token))

def whole_names(vocabulary: Vocabulary, communities: Iterable[str]) -> frozenset[str]:
    """The names a user searches as one thing: vocabulary terms, their aliases, community names
    (normalised, lower case). jieba cuts most of them apart (居民公约 → 居民 | 公约), and a search
    for the parts finds every case with both words anywhere, fetching the index's largest chunks."""
    names = [n for f in FILTERED for t in vocabulary.terms[f.field] for n in (t.label, *t.aliases)]
    names += communities
    return frozenset(p for p in (normalise(n).lower() for n in names) if len(p) > 1 and CJK.search(p))

def join_names(words: list[str], names: frozenset[str]) -> list[str]:
    """Consecutive words that spell a name become that name, followed by its parts between
    PART_OPEN and PART_CLOSE: 居民公约 ⁅ 居民 公约 ⁆. The index then holds the name as one word, and
    the parts still find the case; the browser drops the bracketed parts from excerpts."""
    starts = _name_prefixes(names)
    lower = _lowered(words)
    out: list[str] = []
    done = 0
    for i in [i for i, w in enumerate(lower) if w in starts]:   # most words start no name
        if i < done:
            continue
        end, spelt = 0, ""
        for j in range(i, len(words)):   # stops as soon as the words spell no name's start
            spelt += lower[j]
            if spelt not in starts:
                break
            if spelt in names and j > i:
                end = j + 1
        if end:
            out += words[done:i]
            out += ["".join(words[i:end]), PART_OPEN, *words[i:end], PART_CLOSE]
            done = end
    return out + words[done:]

def _lowered(words: list[str]) -> list[str]:
    """Each word in lower case: the text lowered at once, not word by word (a call each is slow)."""
    lower = "\n".join(words).lower().split("\n")
    return lower if len(lower) == len(words) else [w.lower() for w in words]

@lru_cache(maxsize=4)
def _name_prefixes(names: frozenset[str]) -> frozenset[str]:
    """Every start of every name (居, 居民, 居民公, 居民公约): join_names stops where the words spell none."""
    return frozenset(n[:k] for n in names for k in range(1, len(n) + 1))

# A tag, its attribute values quoted as the sanitiser writes them (they may hold ">").
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "br", "div", "blockquote"})

_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)

def html_text(html: str) -> str:
    """Visible text of case HTML (sanitised: no comment is left), blocks separated by newlines."""
    text = _TAG.sub(lambda m: "\n" if not m[1] and m[2].lower() in _BLOCKS else "", _HIDDEN.sub("", html))
    return unescape(text)

@dataclass(frozen=True)
class RecordHeader:
    """All that a record takes from a case's header: the cache keys a converted body by it, so a
    field read here is a field that invalidates it."""
    title: str
    summary: str
    kind: str
    date: str
    community: str
    region: str
    tags: tuple[tuple[str, tuple[str, ...]], ...]   # (facet field, term labels) for every facet

    @classmethod
    def of(cls, case: Case) -> RecordHeader:
        tags = tuple((f, tuple(t.label for t in case.tags(f))) for f in FACETS)
        return cls(case.title, case.summary, case.kind.label, case.date, case.community, case.region, tags)


def record(case: Case, url: str, body_text: str, names: frozenset[str] = frozenset()) -> Record:
    """What the index knows of one case: its words (`names` kept whole, see join_names),
    what a result shows, what filters it. The header is read only through RecordHeader."""
    head = RecordHeader.of(case)
    tags = dict(head.tags)
    text = "\n".join([head.title, head.summary, body_text])
    labels = segment(" ".join([head.community, head.region, *(label for _, ls in head.tags for label in ls)]), names)
    meta = {"title": head.title, "kind": head.kind, "date": head.date,
            "community": head.community, "summary": head.summary}
    filters = {f.filter: list(tags[f.field]) for f in FILTERED if f.filter and tags[f.field]}
    # Filter values are stored as they are and shown as filter labels: a community name with
    # angle brackets gets inert full-width ones, so no markup reaches the index's files.
    filters.update(community=[head.community.translate(_INERT)], year=[str(int(head.date[:4]))])
    return Record(url, " ".join([*segment(text, names), TAGS_OPEN, *labels, TAGS_CLOSE, EVERY]), meta, filters)
