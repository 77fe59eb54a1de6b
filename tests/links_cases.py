"""Which text may become a link, and what trimming takes off: one table for both twins.

companion/rules/links.py (`http_url`, `trim`) is the reference; static/js/rules/links.js
(`safeHref`, and the WHITESPACE that payload.js trims) must agree with it on every case.
tests/test_links.py checks Python against the table; tests/browser/test_links_agreement.py runs
the JavaScript over the same table in Chromium and requires the same answers.

A link is a plain http(s) URL with a host and no user part: anything else (javascript:, data:,
"https://bank.example@evil.example", a space anywhere) stays text.
"""

from typing import NamedTuple

# The characters both twins trim, written out again here so a change to them shows in this table.
WHITESPACE = (
    " \t\r\n\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# Characters other trims take off (str.strip(), String.trim(), \s) that ours keep: they are
# not spaces a person types, and keeping them keeps the two twins alike.
NOT_TRIMMED = "\x0b\x0c\x1c\x1d\x1e\x1f\x85\u180e\u200b\u2060"


class Link(NamedTuple):
    id: str
    text: str
    link: bool  # True: http_url and safeHref return the text unchanged; False: None / null


class Trim(NamedTuple):
    id: str
    text: str
    trimmed: str


def name(char: str) -> str:
    return f"U+{ord(char):04X}"


LINKS: list[Link] = [
    # Plain web addresses.
    Link("https", "https://example.com", True),
    Link("http", "http://example.com", True),
    Link("path-query-fragment", "http://example.com/a?b=c#d", True),
    Link("trailing-slash", "https://example.com/", True),
    Link("empty-query", "https://example.com/?", True),
    Link("empty-fragment", "https://example.com#", True),
    Link("query-without-path", "https://example.com?q=1", True),
    Link("percent-escapes", "https://example.com/a%20b?q=%C3%AB", True),
    Link("at-in-path", "https://mastodon.example/@ada", True),
    Link("at-in-query", "https://example.com/share?to=ada@example.com", True),
    Link("backslash-in-path", "https://example.com/a\\b", True),
    Link("markup-in-path", "https://example.com/<script>alert(1)</script>", True),
    Link("linkedin", "https://www.linkedin.com/in/zoe-muller", True),
    # Upper and mixed case schemes and hosts.
    Link("uppercase", "HTTPS://EXAMPLE.COM/", True),
    Link("mixed-case", "HtTp://Example.Com/Path", True),
    # Ports and addresses.
    Link("port", "https://example.com:8443/path", True),
    Link("localhost-port", "http://localhost:5000", True),
    Link("ipv4", "http://127.0.0.1/", True),
    Link("ipv6", "https://[::1]:8080/", True),
    Link("empty-port", "https://example.com:/", True),
    # International domain names, as typed and as punycode.
    Link("idn", "https://bücher.example/", True),
    Link("idn-punycode", "https://xn--bcher-kva.example/", True),
    Link("idn-japanese", "https://例え.テスト/パス", True),
    Link("idn-uppercase", "https://BÜCHER.example", True),
    # Other schemes, in any case, with or without a leading space.
    Link("javascript", "javascript:alert(1)", False),
    Link("javascript-mixed-case", "JavaScript:alert(1)", False),
    Link("javascript-upper", "JAVASCRIPT:alert(document.cookie)", False),
    Link("javascript-leading-space", " javascript:alert(1)", False),
    Link("javascript-leading-tab", "\tjavascript:alert(1)", False),
    Link("javascript-slashes", "javascript://example.com/%0aalert(1)", False),
    Link("data", "data:text/html,<script>alert(1)</script>", False),
    Link("data-upper", "DATA:text/html;base64,PHNjcmlwdD4=", False),
    Link("vbscript", "vbscript:msgbox(1)", False),
    Link("file", "file:///etc/passwd", False),
    Link("ftp", "ftp://example.com/file", False),
    Link("mailto", "mailto:ada@example.com", False),
    Link("tel", "tel:+14165550142", False),
    Link("intent", "intent://x#Intent;end", False),
    Link("blob", "blob:https://example.com/0b3c-4d", False),
    Link("about", "about:blank", False),
    Link("websocket", "wss://example.com/", False),
    # Look-alike schemes.
    Link("no-scheme", "example.com", False),
    Link("www", "www.example.com", False),
    Link("protocol-relative", "//evil.example", False),
    Link("one-slash", "https:/example.com", False),
    Link("no-slash", "https:example.com", False),
    Link("no-colon", "https//example.com", False),
    Link("httpx", "httpx://example.com", False),
    Link("hxxps", "hxxps://example.com", False),
    Link("long-s", "httpſ://example.com", False),  # ſ upper-cases to S: not an ASCII s
    Link("full-width-scheme", "ｈｔｔｐｓ://example.com", False),
    Link("backslashes", "https:\\\\evil.example", False),
    Link("backslash-host", "https://\\evil.example", False),
    # No host, or a user part before it (the browser would go to the host after the @).
    Link("scheme-only", "https://", False),
    Link("http-only", "http://", False),
    Link("no-host-path", "https:///path", False),
    Link("no-host-query", "https://?q=1", False),
    Link("no-host-fragment", "https://#top", False),
    Link("user", "https://user@example.com", False),
    Link("user-password", "https://user:pass@example.com", False),
    Link("bank-at-evil", "https://bank.example@evil.example/login", False),
    Link("empty-user", "https://@example.com", False),
    Link("email-address", "ada@example.com", False),
    # Spaces: never trimmed here, never inside.
    Link("empty", "", False),
    Link("space", " ", False),
    Link("leading-space", " https://example.com", False),
    Link("trailing-space", "https://example.com ", False),
    Link("space-in-host", "https://exa mple.com", False),
    Link("space-in-path", "https://example.com/a b", False),
    Link("newline-in-path", "https://example.com/\nalert", False),
    Link("crlf-at-end", "https://example.com\r\n", False),
    *(Link(f"whitespace-{name(char)}-in-host", f"https://exa{char}mple.com", False)
      for char in WHITESPACE),
    *(Link(f"whitespace-{name(char)}-in-path", f"https://example.com/a{char}b", False)
      for char in WHITESPACE),
    *(Link(f"whitespace-{name(char)}-at-end", f"https://example.com/{char}", False)
      for char in WHITESPACE),
    # What is not in WHITESPACE is not a space to either twin: the link stays a link.
    *(Link(f"not-whitespace-{name(char)}-in-path", f"https://example.com/a{char}b", True)
      for char in NOT_TRIMMED),
]

TRIMS: list[Trim] = [
    Trim("nothing-to-trim", "Ada Lovelace", "Ada Lovelace"),
    Trim("spaces", "  Ada  ", "Ada"),
    Trim("tabs-and-newlines", "\t\r\nAda\n", "Ada"),
    Trim("inner-spaces-kept", " A d\u00a0a ", "A d\u00a0a"),
    Trim("no-break-and-ideographic", "\u00a0Ada\u3000", "Ada"),
    Trim("byte-order-mark", "\ufeffBEGIN:VCARD", "BEGIN:VCARD"),
    Trim("line-and-paragraph-separators", "\u2028Ada\u2029", "Ada"),
    Trim("url", " https://example.com/\n", "https://example.com/"),
    Trim("empty", "", ""),
    Trim("only-spaces", " \t\u3000\ufeff ", ""),
    Trim("every-whitespace", WHITESPACE + "Ada" + WHITESPACE, "Ada"),
    *(Trim(f"whitespace-{name(char)}", f"{char}Ada{char}", "Ada") for char in WHITESPACE),
    *(Trim(f"whitespace-{name(char)}-alone", char, "") for char in WHITESPACE),
    *(Trim(f"not-whitespace-{name(char)}", f"{char}Ada{char}", f"{char}Ada{char}")
      for char in NOT_TRIMMED),
]
