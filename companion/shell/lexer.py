"""Our JavaScript and CSS read apart into code, strings and comments.

Enough of a lexer for the files we write (tests/test_served.py holds every one of them to a
real parser's reading): tests/test_layers.py reads the imports in what is left without
comments, and served.py sends the files without comments and indentation.
"""

import re
from collections.abc import Iterator

CODE, COMMENT, TEXT = "code", "comment", "text"  # TEXT: a string, template text or a regex
CSS_PIECE = re.compile(r"/\*.*?\*/|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"", re.S)

# Where a "/" starts a regular expression rather than a division: after these, or at the start.
REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^")
REGEX_AFTER_WORDS = {"return", "typeof", "case", "do", "else", "in", "of", "void", "yield", "await",
                     "delete", "instanceof", "new", "throw"}
REGEX_LITERAL = re.compile(r"/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/[a-z]*")
WORD = re.compile(r"[A-Za-z_$][\w$]*")
QUOTED = {quote: re.compile(rf"{quote}(?:\\[^\n]|[^{quote}\\\n])*{quote}") for quote in "'\""}


class LexError(ValueError):
    """The lexer lost its way: the file is served as it is, and a test says so."""


def js_pieces(source: str) -> Iterator[tuple[str, str]]:
    """Yield (CODE, COMMENT or TEXT, text) pieces that join back into `source`.

    A template literal's text is TEXT from its backtick or the "}" that ends a substitution to
    the next "${" or its closing backtick, delimiters included; a substitution is code.
    """
    stack = [0]  # an int: code, with that many braces open; "`": inside a template literal
    i, start, last = 0, 0, ""  # start: where the current piece began; last: for telling / apart

    def code_until(end):
        return [(CODE, source[start:end])] if end > start else []

    while i < len(source):
        char = source[i]
        if stack[-1] == "`":
            while i < len(source) and source[i] != "`" and not source.startswith("${", i):
                i += 2 if source[i] == "\\" else 1
            if i >= len(source):
                raise LexError("a template literal does not end")
            if source[i] == "`":
                stack.pop()
                i, last = i + 1, "`"
            else:
                stack.append(0)
                i, last = i + 2, "{"
            yield TEXT, source[start:i]
            start = i
            continue
        if source.startswith("//", i) or source.startswith("/*", i):
            if source[i + 1] == "/":
                end = source.find("\n", i)
                end = len(source) if end == -1 else end
            else:
                end = source.find("*/", i)
                if end == -1:
                    raise LexError("a comment does not end")
                end += 2
            yield from code_until(i)
            yield COMMENT, source[i:end]
            i = start = end
            continue
        if char in "'\"":
            match = QUOTED[char].match(source, i)
            if not match:
                raise LexError("a string does not end on its line")
            yield from code_until(i)
            yield TEXT, match.group(0)
            i, start, last = match.end(), match.end(), "string"
            continue
        if char == "/" and (last in REGEX_AFTER or last in REGEX_AFTER_WORDS or not last):
            match = REGEX_LITERAL.match(source, i)
            if match:
                yield from code_until(i)
                yield TEXT, match.group(0)
                i, start, last = match.end(), match.end(), "regex"
                continue
        if char == "`" or (char == "}" and stack[-1] == 0 and len(stack) > 1):
            yield from code_until(i)
            if char == "}":
                stack.pop()  # the end of a substitution: the template's text goes on
            else:
                stack.append("`")
            start, i = i, i + 1
            continue
        if char == "{":
            stack[-1] += 1
        elif char == "}":
            stack[-1] -= 1
        if not char.isspace():
            word = WORD.match(source, i)
            if word:
                i, last = word.end(), word.group(0)
                continue
            last = char
        i += 1
    if stack != [0]:
        raise LexError("braces or template literals do not balance")
    yield from code_until(len(source))


def without_comments(source: str) -> str:
    """Return `source` with its comments blanked out, keeping every line where it was."""
    return "".join(
        re.sub(r"[^\n]", " ", text) if kind == COMMENT else text
        for kind, text in js_pieces(source))


def css_pieces(source: str) -> Iterator[tuple[str, str]]:
    """Yield (CODE, COMMENT or TEXT, text) pieces of a style sheet: comments and strings apart."""
    start = 0
    for match in CSS_PIECE.finditer(source):
        if match.start() > start:
            yield CODE, source[start:match.start()]
        yield (COMMENT if match.group(0).startswith("/*") else TEXT), match.group(0)
        start = match.end()
    if "/*" in source[start:]:
        raise LexError("a comment does not end")
    if start < len(source):
        yield CODE, source[start:]
