"""Our JavaScript and CSS as the browser gets them: without their comments and indentation.

The sources keep their comments, because they say why; a phone need not store them. Of the app
shell's 73.7 KiB gzipped they and the indentation were about a third (README: where the time
goes). Only what the languages ignore goes: comments, runs of spaces, and the spaces beside
punctuation that cannot join two tokens into one. Every line stays on its line, so a line in a
stack trace is the line in the source. A file the lexer cannot read is served as it is
(tests/test_served.py fails on it first). Each file is minified once per change, memoised on
its mtime and size, and what is served is what the worker's precache list hashes.
static/vendor/ is served as its makers built it.
"""

import logging
import re
from functools import lru_cache
from pathlib import Path

from .lexer import CODE, COMMENT, LexError, css_pieces, js_pieces

OWN_FOLDERS = ("js/", "css/")
SPACES = re.compile(r"[ \t]+")
SPACE_AT_LINE_ENDS = re.compile(r" ?\n ?")
# Beside these, a space never separates two tokens that would otherwise read as one.
JS_SPACE_BESIDE = re.compile(r" ?([=(){}\[\],;:]) ?")
# In CSS only after a ":" (".a :focus" is not ".a:focus"), and never beside the combinators
# (calc needs its "+" spaced).
CSS_SPACE_BESIDE = re.compile(r" ?([{};,]) ?|(?<=:) ")

_memo: dict[str, tuple[tuple, bytes]] = {}
log = logging.getLogger(__name__)


def minified(pieces, space_beside: re.Pattern) -> str:
    """Join pieces with comments dropped (their line breaks kept) and code's spaces thinned."""
    out, code = [], []

    def flush():
        text = SPACE_AT_LINE_ENDS.sub("\n", SPACES.sub(" ", "".join(code)))
        out.append(space_beside.sub(lambda match: match.group(1) or "", text))
        code.clear()

    for kind, text in pieces:
        if kind == COMMENT:
            code.append("\n" * text.count("\n") or " ")
        elif kind == CODE:
            code.append(text)
        else:
            flush()
            out.append(text)
    flush()
    return "".join(out)


@lru_cache(maxsize=4)
def minify_js(source: str) -> str:
    """Return a script without its comments and indentation (the worker: made per request)."""
    return minified(js_pieces(source), JS_SPACE_BESIDE)


def minify_css(source: str) -> str:
    return minified(css_pieces(source), CSS_SPACE_BESIDE)


MINIFIERS = {".js": minify_js, ".css": minify_css}


def is_minified(name: str) -> bool:
    """Tell whether static/<name> is served minified (our own scripts and styles)."""
    return name.startswith(OWN_FOLDERS) and Path(name).suffix in MINIFIERS


def served_bytes(static_dir: Path, name: str) -> bytes:
    """Return the bytes the server sends for static/<name>."""
    path = static_dir / name
    if not is_minified(name):
        return path.read_bytes()
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    memo = _memo.get(str(path))
    if memo is None or memo[0] != stamp:
        source = path.read_bytes()
        try:
            body = MINIFIERS[path.suffix](source.decode("utf-8")).encode()
        except (LexError, UnicodeDecodeError) as error:
            log.warning("%s is served as it is: %s", name, error)
            body = source
        memo = (stamp, body)
        _memo[str(path)] = memo
    return memo[1]
