"""static/js/rules/names.js folds and keys names exactly as companion.rules.names does."""

import sys
import unicodedata

import pytest

from companion.rules.names import fold_text, name_key

# One joined string each way: a quarter of a million separate strings cross much slower.
RUN_JS = """async (joined) => {
  const names = await import('/static/js/rules/names.js');
  return joined.split('\\x00')
    .map((text) => `${names.foldText(text)}\\x01${names.nameKey(text)}`).join('\\x00');
}"""

# (text, the key it must have): the cases the scanner meets at a badge table.
TABLE = [
    ("Mateo García", "garcia mateo"),
    ("García, Mateo", "garcia mateo"),
    ("GARCÍA MATEO", "garcia mateo"),
    ("  mateo   garcía ", "garcia mateo"),
    ("Garci\u0301a,Mateo", "garcia mateo"),  # decomposed accent, no space after the comma
    ("García，Mateo", "garcia mateo"),  # full-width comma
    ("Zoë Lindqvist", "lindqvist zoe"),
    ("LINDQVIST, ZOË", "lindqvist zoe"),
    ("Łukasz Wałęsa", "lukasz walesa"),
    ("Straße Jörg", "jorg strasse"),
    ("JÖRG STRASSE", "jorg strasse"),
    ("Søren Ødegård", "odegard soren"),
    ("Ana Yılmaz", "ana yilmaz"),
    ("Daniel O’Brien", "daniel o'brien"),
    ("Jean\u2011Luc Picard", "jean-luc picard"),
    ("Ada\u00a0Lovelace\tKing\n", "ada king lovelace"),
    ("ＡＤＡ ｌｏｖｅｌａｃｅ", "ada lovelace"),
    ("ΟΔΥΣΣΕΥΣ Παπαδόπουλος", "οδυσσευσ παπαδοπουλοσ"),  # final sigma folds to σ
    ("山田 太郎", "太郎 山田"),
    ("अनिल कुमार", "अनिल कुमार"),  # Devanagari vowel signs are not accents: kept
    ("<img src=x onerror=alert(1)>", "<img onerror=alert(1)> src=x"),
    ("", ""),
    ("   ", ""),
    ("\ufeffAda", "\ufeffada"),  # not whitespace to Python's split, nor here
]


def run_js(page, live_url, texts: list[str]) -> list[list[str]]:
    page.goto(live_url + "/")
    assert not any("\0" in text or "\1" in text for text in texts)
    joined = page.evaluate(RUN_JS, "\0".join(texts))
    return [pair.split("\1") for pair in joined.split("\0")]


def test_table_keys_and_agreement(page, live_url):
    texts = [text for text, _ in TABLE]
    assert [name_key(text) for text in texts] == [key for _, key in TABLE]
    assert run_js(page, live_url, texts) == [[fold_text(t), name_key(t)] for t in texts]


@pytest.mark.parametrize(("one", "other"), [
    ("Mateo García", "Mateo Garcías"),
    ("Jo Ann Lee", "Joann Lee"),
    ("Ana Chen", "Ana Chen Li"),
])
def test_different_people_stay_apart(page, live_url, one, other):
    [[_, first], [_, second]] = run_js(page, live_url, [one, other])
    assert first != second


def test_every_code_point_folds_alike(page, live_url):
    # Each character Python's Unicode database knows, inside a word and before a capital
    # sigma (the one letter whose lower case depends on its neighbours). Newer characters
    # the browser knows and Python does not are left out: there is nothing to agree on.
    characters = [
        chr(code) for code in range(2, sys.maxunicode + 1)
        if unicodedata.category(chr(code)) not in ("Cn", "Cs")
    ]
    texts = [f"a{character}b {character}Σ" for character in characters]
    results = run_js(page, live_url, texts)
    differences = [
        (f"U+{ord(character):04X}", js, [fold_text(text), name_key(text)])
        for character, text, js in zip(characters, texts, results, strict=True)
        if js != [fold_text(text), name_key(text)]
    ]
    assert differences == []
