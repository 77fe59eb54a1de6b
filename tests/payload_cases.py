"""Scanned payloads and what they must parse to: one table for Python and its JavaScript twin.

tests/test_scanned.py checks companion/rules/payload.py against it; tests/browser/
test_payload_agreement.py runs static/js/rules/payload.js over the same payloads (and noise
spliced into them) and requires results identical to Python's.
"""

from typing import NamedTuple

CRLF = "\r\n"


class Case(NamedTuple):
    id: str
    payload: str
    expect: dict  # every Scanned field but raw; fields left out must be ""
    error: str = ""  # when set: part of the refusal message instead


def ok(case_id: str, payload: str, **expect: str) -> Case:
    return Case(case_id, payload, expect)


def refused(case_id: str, payload: str, error: str) -> Case:
    return Case(case_id, payload, {}, error)


def qp(text: str, charset: str = "utf-8") -> str:
    """Quoted-printable encode every byte of text the way Android's exporter does."""
    return "".join(f"={byte:02X}" for byte in text.encode(charset))


def card(*lines: str, version: str = "3.0", newline: str = CRLF) -> str:
    return newline.join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""])


IPHONE_PHOTO = "PHOTO;ENCODING=b;TYPE=JPEG:" + "/9j/4AAQSkZJRgABAQAAAQABAAD" * 6
IPHONE = card(
    "PRODID:-//Apple Inc.//iPhone OS 17.4//EN",
    "N:Müller;Zoë;;;",
    "FN:Zoë Müller",
    "ORG:Northwind Analytics;Product;",
    "TITLE:Senior Product Manager",
    "item1.EMAIL;type=INTERNET;type=pref:zoe@northwind.example",
    "item1.X-ABLabel:_$!<Other>!$_",
    "TEL;type=CELL;type=VOICE;type=pref:+1 (416) 555-0142",
    "TEL;type=WORK;type=VOICE:+1 (416) 555-0199",
    "item2.URL;type=pref:https://zoe.example.com",
    "item2.X-ABLabel:_$!<HomePage>!$_",
    "X-SOCIALPROFILE;type=linkedin;x-user=zoe-muller:http://www.linkedin.com/in/zoe-muller",
    "NOTE:Met at PM Night\\, Toronto\\nLikes climbing\\; and tea",
    # Apple folds long lines with a single leading space.
    IPHONE_PHOTO[:75] + CRLF + " " + IPHONE_PHOTO[75:150] + CRLF + " " + IPHONE_PHOTO[150:],
)

ANDROID_21 = card(
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + qp("山田") + ";" + qp("太郎") + ";;;",
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + qp("山田 太郎"),
    "TEL;CELL:090-1234-5678",
    "TEL;WORK;PREF:03-1234-5678",
    "EMAIL;HOME:taro@example.jp",
    "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + qp("株式会社サンプル"),
    "TITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + qp("部長"),
    # A long QP value with soft line breaks ("=" at the end of a line, no leading space).
    "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + qp("展示会で会った\r\n")[:60] + "=",
    qp("展示会で会った\r\n")[60:] + qp("コーヒー好き"),
    version="2.1",
)

ANDROID_21_LATIN1 = card(
    "N;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Garc=EDa;Mateo;;;",
    "TEL;CELL:+34 600 000 000",
    version="2.1",
)

VCARD_4 = card(
    "FN:Dr. Ada Lovelace",
    "N:Lovelace;Ada;;Dr.;",
    "ORG:Analytical Engines;R&D",
    "TITLE:Engineer",
    'TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+1-555-555-0100;ext=12',
    "EMAIL;TYPE=work:ada@example.org",
    "URL:https://ada.example.org/about",
    "URL:https://www.linkedin.com/in/ada-lovelace",
    version="4.0",
)

CASES: list[Case] = [
    # -------- vCard 3.0
    ok("vcard30-iphone", IPHONE, kind="vcard", name="Zoë Müller",
       title="Senior Product Manager", company="Northwind Analytics, Product",
       email="zoe@northwind.example", phone="+1 (416) 555-0142", url="https://zoe.example.com",
       linkedin="https://www.linkedin.com/in/zoe-muller",
       note="Met at PM Night, Toronto\nLikes climbing; and tea"),
    ok("vcard30-own-badge", card(
        "N:Müller;Zoë", "FN:Zoë Müller", "ORG:Acme\\, Inc.\\; R&D", "TITLE:Lead \\\\ PM",
        "TEL:+1 416 555 0142", "EMAIL:zoe@acme.example", "URL:https://zoe.example",
        "URL:https://www.linkedin.com/in/zoe-muller"),
       kind="vcard", name="Zoë Müller", title="Lead \\ PM", company="Acme, Inc.; R&D",
       email="zoe@acme.example", phone="+1 416 555 0142", url="https://zoe.example",
       linkedin="https://www.linkedin.com/in/zoe-muller"),
    ok("vcard30-lf-lowercase", card("fn:Nadia Sharma", "email:nadia@example.com", newline="\n")
       .lower().replace("nadia sharma", "Nadia Sharma"),
       kind="vcard", name="Nadia Sharma", email="nadia@example.com"),
    ok("vcard30-folded-tab", card("FN:Omar", "NOTE:first part", "\tsecond part"),
       kind="vcard", name="Omar", note="first partsecond part"),
    ok("vcard30-n-without-fn", card("N:García;Mateo;;;"), kind="vcard", name="Mateo García"),
    ok("vcard30-n-cjk-without-fn", card("N:山田;太郎;;;"), kind="vcard", name="山田太郎"),
    ok("vcard30-n-multiple-values", card("N:Stevenson;John;Philip,Paul;Dr.;Jr.,M.D."),
       kind="vcard", name="Dr. John Philip Paul Stevenson Jr. M.D."),
    ok("vcard30-empty-fn-uses-n", card("FN:", "N:Doe;Jane"), kind="vcard", name="Jane Doe"),
    ok("vcard30-script-name-is-text",
       card("FN:<script>alert(1)</script>", "TITLE:<img src=x onerror=alert(1)>"),
       kind="vcard", name="<script>alert(1)</script>", title="<img src=x onerror=alert(1)>"),
    ok("vcard30-javascript-url-dropped",
       card("FN:Eve", "URL:javascript:alert(1)", "URL:data:text/html,<b>x</b>"),
       kind="vcard", name="Eve"),
    ok("vcard30-mailto-and-role", card("FN:Ivy", "EMAIL:mailto:ivy@example.com", "ROLE:Host"),
       kind="vcard", name="Ivy", email="ivy@example.com", title="Host"),
    ok("vcard30-leading-blank-lines", "\r\n\r\n" + card("FN:Lee") + "\r\n",
       kind="vcard", name="Lee"),
    ok("vcard30-quoted-colon-param", card('FN;X-HINT="a:b":Kim'), kind="vcard", name="Kim"),
    # -------- vCard 2.1 and 4.0
    ok("vcard21-android-qp", ANDROID_21, kind="vcard", name="山田 太郎", title="部長",
       company="株式会社サンプル", email="taro@example.jp", phone="03-1234-5678",
       note="展示会で会った\nコーヒー好き"),
    ok("vcard21-latin1-n-only", ANDROID_21_LATIN1, kind="vcard", name="Mateo García",
       phone="+34 600 000 000"),
    ok("vcard21-shift-jis", card(
        "N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:" + qp("山田;太郎", "shift_jis"),
        "NOTE;CHARSET=x-unknown;QUOTED-PRINTABLE:caf=C3=A9", version="2.1"),
       kind="vcard", name="山田太郎", note="café"),
    ok("vcard21-fold-keeps-space", card("FN:Ana", "NOTE:one", " two", version="2.1"),
       kind="vcard", name="Ana", note="one two"),
    ok("vcard40", VCARD_4, kind="vcard", name="Dr. Ada Lovelace", title="Engineer",
       company="Analytical Engines, R&D", email="ada@example.org",
       phone="+1-555-555-0100 ext. 12", url="https://ada.example.org/about",
       linkedin="https://www.linkedin.com/in/ada-lovelace"),
    # Real exporters' habits: scheme-less links, 2.1 backslashes, raw 8-bit bytes, a stray
    # control character in a property nobody reads.
    ok("vcard30-url-without-scheme", card("FN:Steve Kennedy", "URL:www.nettek.co.uk",
                                          "URL:javascript:alert(1)"),
       kind="vcard", name="Steve Kennedy", url="https://www.nettek.co.uk"),
    ok("vcard30-url-not-a-host-dropped", card("FN:Eve", "URL:example", "URL:/relative/path"),
       kind="vcard", name="Eve"),
    ok("vcard30-escaped-quote", card('FN:Ann "Red" Lee', 'NOTE:said \\"hi\\"'),
       kind="vcard", name='Ann "Red" Lee', note='said "hi"'),
    ok("vcard21-backslashes-kept", card("N:;A\\;B\\\\;C\\\\\\;;D;\\:E;\\\\\\\\;",
                                         "FN:A;B\\C\\;D:E\\\\", "NOTE:C:\\new\\notes",
                                         version="2.1"),
       kind="vcard", name="A;B\\C\\;D:E\\\\", note="C:\\new\\notes"),
    ok("vcard21-n-unescapes-parts", card("N:O\\;Brien;Seán", version="2.1"),
       kind="vcard", name="Seán O;Brien"),
    ok("vcard21-shift-jis-bytes", card(
        "N;CHARSET=SHIFT_JIS:" + "安藤;ロイド".encode("shift_jis").decode("latin-1") + ";;;",
        "TEL;PREF;VOICE:0300000000", version="2.1"),
       kind="vcard", name="安藤ロイド", phone="0300000000"),
    # Bytes Shift_JIS has no character for: decoded as browsers decode them, or left as sent.
    ok("vcard21-shift-jis-qp-bad-pairs", card(
        "N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8E=52=EF=BB=A0=FD=82=20=93=63;;;;",
        version="2.1"), kind="vcard", name="山\ufffd\ufffd\ufffd\ufffd 田"),
    ok("vcard21-shift-jis-bytes-invalid-kept", card(
        "FN;CHARSET=SHIFT_JIS:A\xa0B\xfd", version="2.1"), kind="vcard", name="A\xa0B\xfd"),
    ok("vcard30-shift-jis-bytes-fn", card(
        "FN;CHARSET=SHIFT_JIS:" + "伊能 圭一".encode("shift_jis").decode("latin-1")),
       kind="vcard", name="伊能 圭一"),
    ok("vcard21-latin1-bytes-named", card("FN;CHARSET=ISO-8859-1:Garc\xeda M\x93x\x94",
                                          version="2.1"),
       kind="vcard", name="García M“x”"),
    ok("vcard21-utf8-bytes-named", card("FN;CHARSET=UTF-8:" + "Zoë Müller".encode()
                                        .decode("latin-1"), version="2.1"),
       kind="vcard", name="Zoë Müller"),
    # Unnamed, text that could be UTF-8 read as Latin-1 is text a person typed: it stays.
    ok("vcard30-unnamed-latin-text-stays", card("FN:Â¡Hola Zoë!", "NOTE:caf\xc3\xa9"),
       kind="vcard", name="Â¡Hola Zoë!", note="caf\xc3\xa9"),
    ok("vcard21-cp1252-quotes-unnamed", card("FN:Ann \x93Red\x94 Lee", version="2.1"),
       kind="vcard", name="Ann “Red” Lee"),
    ok("vcard30-decoded-text-stays", card("FN;CHARSET=UTF-8:García",
                                          "ORG;CHARSET=SHIFT_JIS:株式会社"),
       kind="vcard", name="García", company="株式会社"),
    ok("vcard21-control-in-ignored-property", card(
        "FN:John Doe III", "FBURL;ENCODING=QUOTED-PRINTABLE:????s??=0C", "X-JUNK:a\x1bb\x85",
        "EMAIL;PREF;INTERNET:jdoe@example.com", version="2.1"),
       kind="vcard", name="John Doe III", email="jdoe@example.com"),
    refused("vcard21-control-in-a-used-property", card("FN:John\x1bDoe", version="2.1"),
            "control characters"),
    refused("vcard-nul-anywhere", card("FN:John", "X-JUNK:a\x00b"), "control characters"),
    refused("vcard21-c1-byte-in-name", card("FN;CHARSET=ISO-8859-1:Jo\x81hn", version="2.1"),
            "control characters"),  # one of the five bytes windows-1252 leaves undefined
    # -------- MECARD
    ok("mecard-zxing", "MECARD:N:Doe,John;TEL:+15555550100;EMAIL:john@example.com;"
       "URL:http\\://example.com;NOTE:Hi\\; there\\, friend;;",
       kind="mecard", name="John Doe", phone="+15555550100", email="john@example.com",
       url="http://example.com", note="Hi; there, friend"),
    ok("mecard-japanese", "MECARD:N:山田,太郎;SOUND:やまだ,たろう;TEL:09012345678;"
       "EMAIL:taro@example.jp;ORG:株式会社サンプル;;",
       kind="mecard", name="山田太郎", phone="09012345678", email="taro@example.jp",
       company="株式会社サンプル"),
    ok("mecard-generator-extras", "mecard:N:Sharma,Nadia;ORG:Acme;TITLE:PM;"
       "URL:https://www.linkedin.com/in/nadia-sharma/;URL:https://nadia.example;"
       "MEMORY:coffee;;",
       kind="mecard", name="Nadia Sharma", company="Acme", title="PM",
       url="https://nadia.example", linkedin="https://www.linkedin.com/in/nadia-sharma",
       note="coffee"),
    ok("mecard-single-name", "MECARD:N:Omar Farouk;;", kind="mecard", name="Omar Farouk"),
    ok("mecard-url-without-scheme", "MECARD:NOTE:ZXing Team;N:Sean Owen;URL:google.com;"
       "EMAIL:srowen@example.org;;", kind="mecard", name="Sean Owen", url="https://google.com",
       email="srowen@example.org", note="ZXing Team"),
    refused("mecard-no-name", "MECARD:TEL:123;;", "no name"),
    # -------- LinkedIn
    ok("linkedin-full", "https://www.linkedin.com/in/zoe-muller/", kind="linkedin",
       name="Zoe Muller", linkedin="https://www.linkedin.com/in/zoe-muller"),
    ok("linkedin-no-scheme", "linkedin.com/in/jdoe", kind="linkedin",
       linkedin="https://www.linkedin.com/in/jdoe"),
    ok("linkedin-country-query", "https://de.linkedin.com/in/max-mustermann-1a2b3c4d?utm_source=share",
       kind="linkedin", name="Max Mustermann",
       linkedin="https://www.linkedin.com/in/max-mustermann-1a2b3c4d"),
    ok("linkedin-percent-encoded", "www.linkedin.com/in/zo%C3%AB-m%C3%BCller",
       kind="linkedin", name="Zoë Müller",
       linkedin="https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller"),
    ok("linkedin-upper", "HTTP://LINKEDIN.COM/IN/Jane-Doe", kind="linkedin", name="Jane Doe",
       linkedin="https://www.linkedin.com/in/Jane-Doe"),
    ok("linkedin-not-a-name", "https://www.linkedin.com/in/pm-jobs-2024-hiring-now",
       kind="linkedin", linkedin="https://www.linkedin.com/in/pm-jobs-2024-hiring-now"),
    ok("linkedin-bad-percent", "https://www.linkedin.com/in/a%C3%28-b", kind="linkedin",
       linkedin="https://www.linkedin.com/in/a%C3%28-b"),
    ok("linkedin-company-is-url", "https://www.linkedin.com/company/acme", kind="url",
       url="https://www.linkedin.com/company/acme"),
    ok("linkedin-lookalike-host", "https://linkedin.com.evil.example/in/zoe", kind="url",
       url="https://linkedin.com.evil.example/in/zoe"),
    ok("linkedin-luma-handle", "/in/ada-lovelace-4b2a1c9", kind="linkedin", name="Ada Lovelace",
       linkedin="https://www.linkedin.com/in/ada-lovelace-4b2a1c9"),
    ok("linkedin-handle-with-markup-is-text", "/in/<script>", kind="text"),
    # -------- BIZCARD, MEBKM, au and plain lines
    ok("bizcard-zxing", "BIZCARD:N:Sean;X:Owen;T:Software Engineer;C:Google;A:123 Main St;"
       "M:+12125551212;E:srowen@example.org;;",
       kind="bizcard", name="Sean Owen", title="Software Engineer", company="Google",
       email="srowen@example.org", phone="+12125551212"),
    ok("bizcard-business-phone-first", "BIZCARD:N:Zoë;X:Müller;B:+1 416 555 0100;"
       "M:+1 416 555 0199;C:Acme\\; Inc\\, R\\:D;;",
       kind="bizcard", name="Zoë Müller", company="Acme; Inc, R:D", phone="+1 416 555 0100"),
    ok("bizcard-script-is-text", "BIZCARD:N:<script>alert(1)</script>;E:x@example.org;;",
       kind="bizcard", name="<script>alert(1)</script>", email="x@example.org"),
    refused("bizcard-no-name", "BIZCARD:T:CEO;C:Acme;;", "no name"),
    ok("mebkm-url", "MEBKM:TITLE:Wikipedia;URL:http\\://en.wikipedia.org/wiki/Main_Page;;",
       kind="url", url="http://en.wikipedia.org/wiki/Main_Page"),
    ok("mebkm-no-scheme", "MEBKM:URL:example.org/event;;", kind="url",
       url="https://example.org/event"),
    ok("mebkm-linkedin", "MEBKM:URL:linkedin.com/in/zoe-muller;;", kind="linkedin",
       name="Zoe Muller", linkedin="https://www.linkedin.com/in/zoe-muller"),
    ok("mebkm-javascript-is-text", "MEBKM:URL:javascript:alert(1);;", kind="text"),
    ok("au-memory-name", "MEMORY:met at PM Night\r\nNAME1:Sean Owen\r\nNAME2:ショーン\r\n"
       "TEL1:+12125551212\r\nMAIL1:srowen@example.org\r\n",
       kind="au", name="Sean Owen", phone="+12125551212", email="srowen@example.org",
       note="met at PM Night"),
    refused("au-memory-without-name", "MEMORY:foo\r\nTEL1:+12125551212\r\n", "no name"),
    ok("au-with-other-lines-is-text", "NAME1:Sean\r\nHello there\r\n", kind="text"),
    ok("plain-name-phone-email", "Sean Owen\r\nsrowen@example.org\r\n917-364-2918\r\n"
       "http://awesome-thoughts.example", kind="contact", name="Sean Owen",
       email="srowen@example.org", phone="917-364-2918", url="http://awesome-thoughts.example"),
    ok("plain-name-phone-linkedin", "Zoë Müller\n+49 30 1234567\nlinkedin.com/in/zoe-muller\n",
       kind="contact", name="Zoë Müller", phone="+49 30 1234567",
       linkedin="https://www.linkedin.com/in/zoe-muller"),
    ok("plain-name-and-link-is-text", "Google モバイル\r\nhttp://google.jp", kind="text"),
    ok("plain-prose-is-text", "Sean Owen\nCall me maybe\n917-364-2918", kind="text"),
    ok("plain-digits-in-name-is-text", "Table 4\n917-364-2918", kind="text"),
    ok("plain-short-number-is-text", "Sean Owen\n12345", kind="text"),
    ok("plain-one-line-is-text", "srowen@example.org", kind="text"),
    ok("plain-javascript-line-is-text", "Sean Owen\nsrowen@example.org\njavascript:alert(1)",
       kind="text"),
    # -------- other URLs and text
    ok("url-https", "  https://example.com/path?q=1#top \n", kind="url",
       url="https://example.com/path?q=1#top"),
    ok("url-upper-scheme", "HTTPS://EXAMPLE.COM", kind="url", url="HTTPS://EXAMPLE.COM"),
    ok("url-userinfo-is-text", "https://bank.example@evil.example/", kind="text"),
    ok("url-empty-host-is-text", "http://", kind="text"),
    ok("url-javascript-is-text", "javascript:alert(document.cookie)", kind="text"),
    ok("url-javascript-slashes", "javascript://example.com/%0Aalert(1)", kind="text"),
    ok("url-data-is-text", "data:text/html;base64,PHNjcmlwdD4=", kind="text"),
    ok("url-file-is-text", "file:///etc/passwd", kind="text"),
    ok("url-intent-is-text", "intent://scan/#Intent;scheme=zxing;end", kind="text"),
    ok("url-www-is-https", "www.example.co.uk/team", kind="url",
       url="https://www.example.co.uk/team"),
    ok("url-bare-domain-is-text", "example.com", kind="text"),
    ok("url-www-with-space-is-text", "www.example.com is our site", kind="text"),
    ok("url-with-space-is-text", "https://example.com/a b", kind="text"),
    ok("text-plain", "Hello from table 4!", kind="text"),
    ok("text-wifi", "WIFI:T:WPA;S:venue;P:secret;;", kind="text"),
    ok("text-script", "<script>alert(1)</script>", kind="text"),
    ok("text-exact-limit", "a" * 4096, kind="text"),
    ok("text-200-lines", "\n".join(["x"] * 200), kind="text"),
    ok("text-astral", "🎉" * 3000, kind="text"),  # 6000 UTF-16 units, 3000 characters
    # -------- refused
    refused("empty", "   \r\n ", "empty"),
    refused("oversized", "a" * 4097, "too much data"),
    refused("oversized-astral", "🎉" * 4097, "too much data"),
    refused("ten-thousand-lines", "BEGIN:VCARD\n" + "NOTE:x\n" * 10_000, "too much data"),
    refused("too-many-lines", "\n".join(["x"] * 201), "too many lines"),
    refused("nul", "FN:Zoe\x00Muller", "control characters"),
    refused("escape-char", "hello\x1b[31mred", "control characters"),
    refused("c1-control", "hello\x85there", "control characters"),
    refused("qp-nul", card("FN;ENCODING=QUOTED-PRINTABLE:Zo=00e", version="2.1"),
            "control characters"),
    refused("vcard-no-end", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë\r\n", "cut off"),
    refused("vcard-no-begin", "VERSION:3.0\r\nFN:Zoë\r\nEND:VCARD\r\n", "no BEGIN"),
    refused("vcard-nested", "BEGIN:VCARD\r\nBEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nEND:VCARD",
            "one inside another"),
    refused("vcard-no-name", card("ORG:Acme", "EMAIL:a@example.com"), "no name"),
    refused("vcard-text-outside", "Add me!\r\n" + card("FN:Zoe"), "outside"),
    refused("vcard-two-cards", card("FN:A") + card("FN:B"), "several"),
]

# safeHref (JS) / http_url (Python): which strings may ever become a link.
HREF_CASES: list[tuple[str, bool]] = [
    ("https://example.com", True),
    ("http://example.com/a?b=c#d", True),
    ("HTTPS://EXAMPLE.COM/", True),
    ("https://www.linkedin.com/in/zoe", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("data:text/html,hi", False),
    ("file:///etc/passwd", False),
    ("intent://x#Intent;end", False),
    ("vbscript:msgbox(1)", False),
    ("//evil.example", False),
    ("https://", False),
    ("https://user:pass@example.com", False),
    ("https://example.com/\nalert", False),
    ("https:\\\\evil.example", False),
    ("", False),
]
