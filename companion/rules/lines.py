"""Content lines of text formats that fold long lines: vCard (.vcf) and iCalendar (.ics)."""

CRLF = "\r\n"
# RFC 5545 3.1 and RFC 2426 2.6 ask for lines of at most 75 octets, not counting the CRLF.
MAX_LINE_OCTETS = 75


def fold_line(line: str, limit: int = MAX_LINE_OCTETS) -> str:
    """Fold a content line into CRLF + space continued pieces of at most `limit` octets.

    Never splits inside a UTF-8 multi-byte character.
    """
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [" "], 1  # the continuation line's leading space counts too
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return CRLF.join(pieces)


def content_lines(lines: list[str]) -> str:
    """Return the lines folded, each ending in CRLF, as the whole file's text."""
    return "".join(fold_line(line) + CRLF for line in lines)
