"""Compare people's names the way a person would: ignoring case, accents, spacing and order."""

import unicodedata

# Letters that NFKD leaves whole, and typographic marks that people type interchangeably;
# without these "Łukasz" would never match a badge that says "Lukasz".
_FOLD_TABLE = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
    "ı": "i", "ħ": "h", "ŧ": "t",
    "\u2018": "'", "\u2019": "'", "\u02bc": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
})


def fold_text(text: str) -> str:
    """Return text casefolded, without accents, with whitespace collapsed and stripped."""
    if not text.isascii():
        # Decompose on both sides of casefolding: each step can produce what the other undoes
        # ("ᴬ" decomposes to "A", "ϒ" folds to a letter that decomposes further).
        text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
        text = "".join(c for c in text if not unicodedata.combining(c)).translate(_FOLD_TABLE)
    return " ".join(text.casefold().split())


def name_key(name: str) -> str:
    """Return a key equal for the same name in any case, accents, spacing or word order."""
    # "García, Mateo" is how many lists write "Mateo García"; the comma carries no meaning.
    return " ".join(sorted(fold_text(name).replace(",", " ").split()))
