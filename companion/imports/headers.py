"""What header names say: the words for each field in the languages exports come in.

Headers are compared as header_key spells them: folded (no case, no accents), punctuation as
spaces, so "Prénom", "E-Mail" and "first_name" read as "prenom", "e mail" and "first name".
"""

import re
from collections.abc import Callable, Sequence

from ..rules.names import fold_text

# \w keeps letters of every script ("氏名", "имя"); the underscore of "first_name" is a space.
_NON_WORD = re.compile(r"[^\w#]+|_")


def header_key(header: str) -> str:
    """Return a header as comparable words: "What's your LinkedIn?" -> "what s your linkedin"."""
    return " ".join(_NON_WORD.sub(" ", fold_text(header)).split())


# Header names for each field, best first. Words that mean a full name in one file and a first
# or last name in another ("Name" beside "Vorname") are AMBIGUOUS_NAMES, resolved per file.
SYNONYMS = {
    "name": (
        "name", "full name", "fullname", "attendee name", "attendee full name", "guest name",
        "participant name", "member name", "contact name", "your name", "display name",
        "ticket full name", "ticket holder name", "holder name", "attendee", "guest",
        "participant", "person", "name original name",
        # other languages
        "nombre completo", "nombre y apellidos", "nom complet", "nom et prenom", "prenom et nom",
        "nome completo", "nome e cognome", "vollstandiger name", "vor und nachname",
        "jmeno a prijmeni", "cele jmeno", "imie i nazwisko", "volledige naam", "naam",
        "nombre", "nome", "nom", "jmeno", "imie", "氏名", "名前", "お名前", "имя и фамилия", "фио",
    ),
    "first_name": (
        "first name", "firstname", "first", "given name", "forename", "ticket first name",
        "attendee first name", "prenom", "vorname", "nombre de pila", "primeiro nome",
        "nome proprio", "krestni jmeno", "voornaam", "名", "имя",
    ),
    "last_name": (
        "last name", "lastname", "last", "surname", "family name", "ticket last name",
        "attendee last name", "nom de famille", "nachname", "familienname", "apellido",
        "apellidos", "cognome", "sobrenome", "prijmeni", "nazwisko", "achternaam", "姓",
        "фамилия",
    ),
    "email": (
        "email", "e mail", "email address", "e mail address", "attendee email", "guest email",
        "ticket email", "work email", "your email", "mail", "correo", "correo electronico",
        "courriel", "adresse e mail", "adresse email", "e mail adresse", "email adresse",
        "posta elettronica", "endereco de email", "e mailova adresa", "メール", "メールアドレス",
        "почта",
    ),
    "title": (
        "title", "job title", "role", "position", "job", "occupation", "job role", "headline",
        "designation", "your role", "puesto", "cargo", "poste", "fonction", "titre", "titel",
        "jobtitel", "berufsbezeichnung", "position im unternehmen", "ruolo", "qualifica",
        "mansione", "pozice", "funkce", "stanowisko", "functie", "funcao", "役職", "должность",
    ),
    "company": (
        "company", "organisation", "organization", "employer", "company name",
        "organisation name", "organization name", "org", "workplace", "affiliation",
        "your company", "firma", "empresa", "entreprise", "societe", "unternehmen", "azienda",
        "societa", "organizacion", "organizzazione", "organisatie", "bedrijf", "spolecnost",
        "organizace", "instituce", "arbeitgeber", "employeur", "compania", "companhia",
        "nom de l entreprise", "nombre de la empresa", "firmenname", "会社", "会社名", "所属",
        "компания", "организация",
    ),
    "title_company": (
        "title company", "title and company", "role company", "role and company",
        "job title and company", "what do you do",
    ),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile", "linkedin profile url"),
    "url": (
        "website", "url", "web site", "homepage", "home page", "personal website",
        "url of member profile", "member profile url", "member profile", "profile url",
        "profile", "link", "sitio web", "site web", "pagina web", "sito web", "webseite",
        "webove stranky", "web",
    ),
}

# Headers that mean the full name in one file and half of it in another: "Name" beside
# "Surname" is the first name, "Nom" beside "Prénom" the last name.
AMBIGUOUS_NAMES = frozenset({"name", "nombre", "nome", "jmeno", "imie", "naam", "nom", "имя"})

_TITLE_WORDS = frozenset({
    "title", "role", "position", "occupation", "job", "designation", "puesto", "cargo", "poste",
    "fonction", "titel", "ruolo", "pozice", "funkce", "stanowisko",
})
_COMPANY_WORDS = frozenset({
    "company", "organisation", "organization", "employer", "org", "workplace", "affiliation",
    "firma", "empresa", "entreprise", "societe", "unternehmen", "azienda", "organizacion",
    "organizzazione", "bedrijf", "spolecnost", "organizace",
})
# Words that make a "... name" column something other than the person's full name.
_OTHER_NAMES = frozenset({
    "first", "last", "given", "family", "middle", "nick", "user", "event", "group", "company",
    "organisation", "organization", "org", "business", "team", "school", "file", "product",
    "venue", "job", "type", "tier", "ticket", "list", "talk", "session",
})
# Columns about who paid rather than who comes: the ticket holder's own column wins.
BUYER_WORDS = frozenset({"buyer", "purchaser", "order", "billing", "payer", "booker"})
_EMAIL_WORDS = frozenset({"email", "mail", "correo", "courriel"})
_WEBSITE_WORDS = frozenset({"website", "homepage", "portfolio", "site", "web", "webseite"})

KEYWORD_RULES: tuple[tuple[str, Callable[[frozenset[str], str], bool]], ...] = (
    ("linkedin", lambda words, key: "linkedin" in key),
    ("title_company", lambda words, key: "what do you do" in key
        or bool(words & _TITLE_WORDS and words & _COMPANY_WORDS)),
    ("first_name", lambda words, key: {"first", "name"} <= words or "vorname" in words
        or "prenom" in words),
    ("last_name", lambda words, key: bool(words & {"last", "family"}) and "name" in words
        or bool(words & {"surname", "nachname", "apellido", "apellidos", "cognome"})),
    ("name", lambda words, key: "name" in words and (not words & _OTHER_NAMES
                                                     or bool(words & {"holder", "full"}))),
    ("email", lambda words, key: bool(words & _EMAIL_WORDS)),
    ("title", lambda words, key: bool(words & _TITLE_WORDS) and not words & {"ticket", "event",
                                                                            "talk", "session"}),
    ("company", lambda words, key: bool(words & _COMPANY_WORDS)),
    ("url", lambda words, key: bool(words & _WEBSITE_WORDS)),
)

# Status columns: approval, RSVP, ticket state. Any header ending in "status" counts too.
STATUS_HEADERS = frozenset({
    "approval status", "attendee status", "rsvp", "rsvp status", "registration status",
    "status", "attending", "going", "void status", "ticket status", "order status",
    "estado", "statut", "stav", "stato", "estatus", "registrierungsstatus",
})
HOST_HEADERS = ("event host", "host", "is host", "co host", "organizer", "organiser",
                "assistant organizer", "assistant organiser")
# Columns naming one person (one ticket, one member), best first: their values tell apart
# people no email does. An order number is not one: a buyer's tickets share it.
REF_HEADERS = (
    "member id", "meetup member id", "user id", "meetup user id", "attendee #", "attendee id",
    "attendee number", "ticket reference", "ticket ref", "ticket id", "ticket number",
    "ticket #", "registration id", "registration number", "registration #", "guest id",
    "participant id", "badge id", "badge number", "barcode #", "barcode", "api id",
)


def is_status_header(key: str) -> bool:
    return key in STATUS_HEADERS or key.endswith(" status")


def known_header(key: str) -> bool:
    """Tell whether a header key names a column some export or form is known to have."""
    return (any(key in synonyms for synonyms in SYNONYMS.values()) or is_status_header(key)
            or key in HOST_HEADERS or key in REF_HEADERS)


def is_name_header(text: str) -> bool:
    """Tell whether text is a header for a name column, such as "Full name"."""
    key = header_key(text)
    return key in SYNONYMS["name"] or key in SYNONYMS["first_name"]


def keyword_field(key: str) -> list[str]:
    """Return the fields whose keyword rules a header key satisfies, best rule first."""
    words = frozenset(key.split())
    return [field for field, rule in KEYWORD_RULES if key and rule(words, key)]


def find_column(keys: Sequence[str], synonyms: Sequence[str]) -> int | None:
    """Return the index of the first synonym found among header keys, or None."""
    return next((keys.index(s) for s in synonyms if s in keys), None)
