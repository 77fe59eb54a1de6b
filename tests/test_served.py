"""What the server sends of our scripts and styles is the source without its comments and
indentation, token for token and line for line, as a real parser (tree-sitter) reads both.

Our lexer (companion/shell/lexer.py) decides what is a comment, a string, a template or a
regular expression; a mistake there would change what runs. These tests read every file we
serve minified with tree-sitter's JavaScript and CSS grammars and compare the tokens.
"""

from pathlib import Path

import pytest
import tree_sitter_css
import tree_sitter_javascript
from tree_sitter import Language, Parser

from companion.shell.served import minify_css, minify_js

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "static" / "js").rglob("*.js")) + [ROOT / "service-worker.js"]
STYLES = sorted((ROOT / "static" / "css").rglob("*.css"))
JAVASCRIPT = Parser(Language(tree_sitter_javascript.language()))
CSS = Parser(Language(tree_sitter_css.language()))


def tokens(parser: Parser, text: str) -> list[tuple[str, str, int]]:
    """Return (kind, text, line) of every token but comments; fail on a syntax error."""
    tree = parser.parse(text.encode())
    found, todo = [], [tree.root_node]
    while todo:
        node = todo.pop()
        assert not node.is_error and not node.is_missing, \
            f"cannot parse line {node.start_point[0] + 1}: {node.text[:80]!r}"
        if node.type == "comment":
            continue
        if node.child_count == 0:
            found.append((node.type, node.text.decode(), node.start_point[0]))
        todo.extend(reversed(node.children))
    return found


SERVED = [(path, JAVASCRIPT, minify_js) for path in SCRIPTS] + \
    [(path, CSS, minify_css) for path in STYLES]


@pytest.mark.parametrize("path, parser, minify", SERVED,
                         ids=[path.relative_to(ROOT).as_posix() for path, _, _ in SERVED])
def test_a_served_file_is_its_source_token_for_token_and_line_for_line(path, parser, minify):
    source = path.read_text(encoding="utf-8")
    served = minify(source)
    assert tokens(parser, served) == tokens(parser, source)
    assert len(served.encode()) < len(source.encode())


@pytest.mark.parametrize("source", [
    # What a lexer gets wrong: a template inside a template's substitution (rjsmin took the
    # space out of "` (" here), "//" and "/*" in strings, templates and regular expressions,
    # a division that looks like a regular expression, a regex after a keyword.
    "const a = `yet${\n  came ? ` (${came}).` : '.'}`;\n",
    "const url = 'https://example.com/*x*/'; const t = `// ${'/*'} */`;\n",
    "const re = /[/*]+\\/\\/ x/g; const half = total / 2 / count;\n",
    "function f(x) { return /a  b/.test(x) ? x : typeof /c d/; }\n",
    "const o = { a: [1, 2], 'b c': (x) => x - -1 };\nlabel: for (;;) { break label; }\n",
    "const s = 'it\\'s \"quoted\"'; const d = \"a // b\"; /* one\n two */ const e = 1;\n",
    "const h = `\n    indented text stays\n  `;\nx = a\n++b\n",
])
def test_what_a_lexer_gets_wrong_is_served_right(source):
    assert tokens(JAVASCRIPT, minify_js(source)) == tokens(JAVASCRIPT, source)


@pytest.mark.parametrize("source", [
    "body.app :focus-visible { outline: 2px solid; }\n",
    ".a > :not(.b) , .c { width: calc(100% - 2 * var(--x, 1rem)); }\n",
    ".q::before { content: '/* not a comment */ ; {'; } /* gone */\n",
    '@media (min-width: 40rem) and (prefers-color-scheme: light) { .x { --y: "a;b"; } }\n',
])
def test_what_a_style_lexer_gets_wrong_is_served_right(source):
    assert tokens(CSS, minify_css(source)) == tokens(CSS, source)
