"""Suggested targets: who on a long attendee list fits what I came for, by plain rules.

`title_level` reads a seniority from a job title in several languages; `suggest` scores each
attendee 0-100 against my private goal and says why, each reason quoting the exact words that
matched; `opener` writes the first line in the talk's form. No model, no network: the phone runs
the twin (static/js/rules/suggest.js) offline over the stored pack, and tests/suggest_cases.py
holds both to one table.

Text is folded character by character (accents off, lower case) with a map back to the
original, so a match found in folded text is quoted as the person wrote it ("Directora", not
"directora").
"""

import re
import unicodedata
from datetime import date

LEVELS = ("entry", "mid", "senior", "lead", "exec")

# Points for each part of the score; they add up to 100 at most.
LEVEL_POINTS = 30
SEEK_POINTS = {"title": 15, "company": 10, "answer": 10}
SEEK_CAP = 40
OFFER_POINTS = 20
KNOWN_POINTS = 10
QUIET_DAYS = 90  # a known person not heard from in three months has "gone quiet"
TOP = 10
PER_COMPANY = 2  # at most this many of one company in the top ten
EXCERPT_CHARS = 80

# Words of a title, folded, by level. Checked exec first, then lead, senior, entry, mid: the
# strongest word wins ("Senior Director" is exec, "Senior Associate" senior, "Associate Product
# Manager" entry). Multi-word phrases are token sequences.
_WORDS = {
    "exec": (
        "director", "directora", "directeur", "directrice", "direktor", "direktorin",
        "direttore", "direttrice", "diretor", "diretora", "dyrektor", "reditel", "reditelka",
        "vp", "svp", "evp", "avp", "vice president", "vicepresident", "vicepresidente",
        "ceo", "cto", "coo", "cmo", "cfo", "cpo", "cio", "cro", "cso", "cdo", "chro",
        "founder", "co founder", "cofounder", "fondateur", "fondatrice", "fundador", "fundadora",
        "grunder", "grunderin", "fondatore", "zakladatel", "zakladatelka",
        "partner", "partnerin", "socio", "socia", "associe", "associee",
        "president", "presidente", "presidenta", "owner", "inhaber", "inhaberin",
        "geschaftsfuhrer", "geschaftsfuhrerin", "pdg", "general manager", "managing director",
        "vorstand", "prezes", "jednatel",
    ),
    "lead": (
        "lead", "leader", "head", "head of", "chief of staff", "group product manager",
        "group pm", "gpm",
        "engineering manager", "design manager", "jefe", "jefa", "responsable", "responsabile",
        "leiter", "leiterin", "teamleiter", "teamleiterin", "capo", "vedouci", "kierownik",
        "coordinador de equipo",
    ),
    "senior": (
        "senior", "sr", "snr", "staff", "principal", "expert", "experte", "experto",
    ),
    "entry": (
        "intern", "internship", "student", "junior", "jr", "associate", "apm", "trainee",
        "apprentice", "graduate", "new grad", "entry level", "stagiaire", "alternant",
        "alternante", "etudiant", "etudiante", "estudiante", "becario", "becaria",
        "praktikant", "praktikantin", "werkstudent", "werkstudentin", "stagista", "studente",
        "studentessa", "tirocinante", "estagiario", "estagiaria", "stazysta", "stazystka",
        "student", "studentka", "absolvent", "absolventka", "praktikantka",
    ),
    "mid": (
        "product manager", "pm", "product owner", "engineer", "developer", "designer",
        "analyst", "scientist", "consultant", "researcher", "marketer", "manager", "specialist",
        "programmer", "architect", "recruiter", "accountant", "writer", "editor", "strategist",
        "ingeniero", "ingeniera", "ingenieur", "ingenieurin", "ingenieure", "ingegnere",
        "engenheiro", "engenheira", "desarrollador", "desarrolladora", "developpeur",
        "developpeuse", "entwickler", "entwicklerin", "sviluppatore", "sviluppatrice",
        "disenador", "disenadora", "designerin", "analista", "analyste", "consultor",
        "consultora", "berater", "beraterin", "especialista", "gerente", "chef de produit",
        "chef de projet", "produktmanager", "produktmanagerin", "programator", "programatorka",
        "vyvojar", "vyvojarka", "inzenyr", "kurator",
    ),
}
_ORDER = ("exec", "lead", "senior", "entry", "mid")
# A title says who someone is up to "to", "for", "at" or "@": "Assistant to the CEO" is not a
# CEO, "Chief of Staff to the CTO" is a chief of staff, "PM at Acme" a PM.
_CUT_WORDS = frozenset({"to", "for", "at", "bei", "chez", "en", "presso", "u", "ve"})

_TOKEN = re.compile(r"[^\W_]+")
_LEGAL = frozenset({
    "inc", "llc", "llp", "lp", "ltd", "limited", "gmbh", "ag", "kg", "ug", "sa", "sas", "sarl",
    "sl", "slu", "srl", "spa", "bv", "nv", "plc", "corp", "corporation", "co", "company", "the",
    "sro", "as", "aps", "oy", "ab", "se", "pty", "pvt", "kk",
})
# Questions that ask what someone is looking for at the event (folded phrases).
_LOOKING = (
    "looking for", "looking to", "hoping", "hope to", "want to", "get out of", "seeking",
    "interested in", "goal", "what brings", "why are you", "buscas", "buscando", "cherchez",
    "recherchez", "suchen", "suchst", "cerchi", "objetivo", "objectif", "ziel", "hledate",
)


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


class Folded:
    """A text folded for matching, its tokens and where each token is in the original."""

    __slots__ = ("original", "tokens", "starts", "ends")

    def __init__(self, original: str):
        self.original = original
        if original.isascii():
            folded = original.lower()
            back = None
        else:
            parts, back = [], []
            for index, char in enumerate(original):
                piece = _fold_char(char)
                parts.append(piece)
                back.extend([index] * len(piece))
            folded = "".join(parts)
        self.tokens, self.starts, self.ends = [], [], []
        for match in _TOKEN.finditer(folded):
            start, end = match.span()
            self.tokens.append(match.group())
            if back is None:
                self.starts.append(start)
                self.ends.append(end)
            else:
                self.starts.append(back[start])
                self.ends.append(back[end - 1] + 1)

    def quote(self, first: int, last: int) -> str:
        """Return the original words from token `first` through token `last`."""
        return self.original[self.starts[first]:self.ends[last]]


def fold_tokens(text: str) -> list[str]:
    """Return the folded words of a text."""
    return Folded(text or "").tokens


def _same_word(word: str, wanted: str) -> bool:
    # A plural is the same word: "PMs" answers "PM", "startups" "startup".
    return word == wanted or word == wanted + "s" or word == wanted + "es" \
        or wanted == word + "s"


def find_phrase(folded: Folded, phrase: list[str], start: int = 0, end: int | None = None,
                exact: bool = False) -> int:
    """Return the index of the first token where `phrase` (folded words) starts, or -1."""
    tokens = folded.tokens
    end = len(tokens) if end is None else end
    size = len(phrase)
    if not size:
        return -1
    for at in range(start, end - size + 1):
        for offset in range(size):
            word, wanted = tokens[at + offset], phrase[offset]
            if not (word == wanted if exact else _same_word(word, wanted)):
                break
        else:
            return at
    return -1


_PHRASES = {level: [tuple(words.split()) for words in _WORDS[level]] for level in _ORDER}


def level_match(title: str) -> tuple[str | None, str]:
    """Return (level, the title's words that told it) or (None, "")."""
    folded = Folded(title or "")
    tokens = folded.tokens
    end = next((i for i, word in enumerate(tokens) if i and word in _CUT_WORDS), len(tokens))
    if "@" in (title or ""):
        cut = (title or "").index("@")
        end = min(end, sum(1 for start in folded.starts if start < cut))
    # "Chief of Staff" is not a Chief X Officer: looked for before the exec words.
    staff = find_phrase(folded, ["chief", "of", "staff"], 0, end, exact=True)
    if staff >= 0:
        return "lead", folded.quote(staff, staff + 2)
    for level in _ORDER:
        if level == "exec":
            chief = find_phrase(folded, ["chief"], 0, end, exact=True)
            if chief >= 0:
                officer = find_phrase(folded, ["officer"], chief + 1, end, exact=True)
                if officer >= 0:
                    return "exec", folded.quote(chief, officer)
        best = None
        for phrase in _PHRASES[level]:
            at = find_phrase(folded, list(phrase), 0, end, exact=True)
            # The earliest, then the longest: "Head of" over "Head", "Co-Founder" over "Founder".
            if at >= 0 and (best is None or at < best[0]
                            or at == best[0] and at + len(phrase) - 1 > best[1]):
                best = (at, at + len(phrase) - 1)
        if best is not None:
            return level, folded.quote(*best)
    return None, ""


def title_level(title: str) -> str | None:
    """Return "entry" | "mid" | "senior" | "lead" | "exec" for a job title, None when unknown."""
    return level_match(title)[0]


def company_key(company: str) -> str:
    """Return a company's name folded, without legal forms ("ACME Inc." and "Acme" agree)."""
    # Dots go first: "S.L." is the word "SL", not the letters S and L.
    return " ".join(word for word in fold_tokens((company or "").replace(".", ""))
                    if word not in _LEGAL)


def person_key(attendee: dict) -> str:
    """Return who an attendee is across events: their LinkedIn name, else their folded name."""
    link = attendee.get("linkedin") or ""
    match = re.search(r"/in/([^/?#]+)", link)
    if match:
        return "in:" + match.group(1).lower()
    return "name:" + " ".join(fold_tokens(attendee.get("name") or ""))


def wanted_levels(goal: dict) -> list[str]:
    """Return the levels the goal seeks: as given, else every level above mine."""
    given = goal.get("seek_levels")
    if given is not None:
        return [level for level in LEVELS if level in given]
    mine = goal.get("my_level")
    if mine not in LEVELS:
        return []
    return list(LEVELS[LEVELS.index(mine) + 1:])


def _answer_pairs(answers) -> list:
    if isinstance(answers, dict):
        return list(answers.items())
    return [tuple(pair) for pair in answers or () if len(pair) == 2]


def _terms(values) -> list[tuple[str, list[str]]]:
    terms, seen = [], set()
    for value in values or ():
        words = fold_tokens(value) if isinstance(value, str) else []
        if words and tuple(words) not in seen:
            seen.add(tuple(words))
            terms.append((value.strip(), words))
    return terms


def is_looking_for(question: str) -> bool:
    """Tell whether a registration question asks what someone is looking for."""
    folded = Folded(question or "")
    return any(find_phrase(folded, phrase.split(), exact=True) >= 0 for phrase in _LOOKING)


def excerpt(folded: Folded, first: int, last: int) -> str:
    """Return the words of an answer around a match, at most EXCERPT_CHARS, cut at words."""
    text = folded.original
    if len(text) <= EXCERPT_CHARS:
        return " ".join(text.split())
    start, end = folded.starts[first], folded.ends[last]
    begin, stop = first, last
    while True:
        grew = False
        if begin > 0 and folded.ends[stop] - folded.starts[begin - 1] <= EXCERPT_CHARS:
            begin -= 1
            grew = True
        if stop + 1 < len(folded.tokens) and \
                folded.ends[stop + 1] - folded.starts[begin] <= EXCERPT_CHARS:
            stop += 1
            grew = True
        if not grew:
            break
    start, end = min(start, folded.starts[begin]), max(end, folded.ends[stop])
    return " ".join(text[start:end].split())


def _months_ago(days: int) -> str:
    if days >= 365:
        years = days // 365
        return "1 year ago" if years == 1 else f"{years} years ago"
    months = days // 30
    return "1 month ago" if months == 1 else f"{months} months ago"


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _day(value) -> date | None:
    # Only the one form the app writes: fromisoformat also reads "2026-W01-1".
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class _Memo:
    """What one value says, worked out once per distinct value for one goal's terms: titles,
    companies and pick-one answers repeat across thousands of people."""

    def __init__(self, seek=(), offer=()):
        self.seek, self.offer = seek, offer
        self.folded: dict[str, Folded] = {}
        self.levels: dict[str, tuple] = {}
        self.looking: dict[str, bool] = {}
        self.seek_hits: dict[str, tuple] = {}
        self.offer_hits: dict[str, tuple | None] = {}
        self.names: dict[str, str] = {}

    def sought(self, text: str) -> tuple:
        """Return, per seek term, the words of `text` that matched it, or None."""
        found = self.seek_hits.get(text)
        if found is None:
            folded = self.fold(text) if text else None
            hits = []
            for _, words in self.seek:
                at = find_phrase(folded, words) if folded is not None else -1
                hits.append(folded.quote(at, at + len(words) - 1) if at >= 0 else None)
            found = self.seek_hits[text] = tuple(hits)
        return found

    def offered(self, answer: str) -> tuple | None:
        """Return (term, quote, excerpt) of the first offer term an answer holds, or None."""
        if answer in self.offer_hits:
            return self.offer_hits[answer]
        found = None
        folded = self.fold(answer)
        for term, words in self.offer:
            at = find_phrase(folded, words)
            if at >= 0:
                last = at + len(words) - 1
                found = (term, folded.quote(at, last), excerpt(folded, at, last))
                break
        self.offer_hits[answer] = found
        return found

    def name(self, name: str) -> str:
        found = self.names.get(name)
        if found is None:
            folded = name.lower() if name.isascii() else "".join(map(_fold_char, name))
            found = self.names[name] = " ".join(_TOKEN.findall(folded))
        return found

    def fold(self, text: str) -> Folded:
        found = self.folded.get(text)
        if found is None:
            found = self.folded[text] = Folded(text)
        return found

    def level(self, title: str) -> tuple:
        found = self.levels.get(title)
        if found is None:
            found = self.levels[title] = level_match(title)
        return found

    def is_looking(self, question: str) -> bool:
        found = self.looking.get(question)
        if found is None:
            found = self.looking[question] = is_looking_for(question)
        return found


def score(attendee: dict, goal: dict) -> dict:
    """Return {"id", "score", "reasons", "parts", "level"} for one attendee (not excluded)."""
    seek, offer = _terms(goal.get("seek")), _terms(goal.get("offer"))
    return _score(attendee, _Memo(seek, offer), wanted_levels(goal), seek, offer,
                  _day(goal.get("today")))


def _score(attendee: dict, memo: _Memo, levels: list, seek: list, offer: list,
           today: date | None) -> dict:
    reasons = []
    level_points = seek_points = offer_points = known_points = 0
    title = attendee.get("title") or ""
    level, said = memo.level(title)
    if level is not None and level in levels:
        level_points = LEVEL_POINTS
        reasons.append({"part": "level", "points": LEVEL_POINTS, "text": said, "quote": said})
    answers = attendee.get("answers")
    answers = answers.items() if isinstance(answers, dict) else _answer_pairs(answers)
    answers = [(q, a) for q, a in answers if a.__class__ is str and q.__class__ is str] \
        if answers else ()
    if seek:
        places = [("title", memo.sought(title)),
                  ("company", memo.sought(attendee.get("company") or ""))]
        places += [("answer", memo.sought(answer)) for _, answer in answers]
        for index, (term, _) in enumerate(seek):
            for place, hits in places:
                quote = hits[index]
                if quote is not None:
                    points = SEEK_POINTS[place]
                    seek_points += points
                    reasons.append({"part": "seek", "points": points, "term": term,
                                    "quote": quote, "place": place,
                                    "text": f"'{quote}' {_WHERE[place]}"})
                    break
        seek_points = min(seek_points, SEEK_CAP)
    for question, answer in answers if offer else ():
        if not memo.is_looking(question):
            continue
        hit = memo.offered(answer)
        if hit is not None:
            term, quote, text = hit
            offer_points = OFFER_POINTS
            reasons.append({"part": "offer", "points": OFFER_POINTS, "term": term,
                            "quote": quote, "question": question, "text": text})
            break
    known = attendee.get("known")
    if today is not None and isinstance(known, dict):
        last = _day(known.get("last_contact"))
        if last is not None and (today - last).days >= QUIET_DAYS:
            event = known.get("event") if isinstance(known.get("event"), str) else ""
            ago = _months_ago((today - last).days)
            known_points = KNOWN_POINTS
            reasons.append({"part": "known", "points": KNOWN_POINTS, "quote": event,
                            "text": f"met at {event}, {ago}" if event else f"last talked {ago}"})
    total = level_points + seek_points + offer_points + known_points
    return {"id": attendee.get("id"), "score": min(100, total), "reasons": reasons,
            "parts": {"level": level_points, "seek": seek_points, "offer": offer_points,
                      "known": known_points}, "level": level}


_WHERE = {"title": "in title", "company": "at company", "answer": "in their answers"}


def known_from(interactions, person: dict | None = None) -> dict | None:
    """Return an attendee's `known` ({"event", "last_contact"}) from the person I know them as.

    interactions: that person's, [{"on": "YYYY-MM-DD", "event_title": str}] (other fields are
    ignored, undated ones too); person: their record ({"first_met_event", "first_met_on"}),
    for someone with no dated interaction. The last contact is the latest day; the event is
    named only when a touch on that day was at one (the first such title in sorted order), so
    "met at PM Night, 8 months ago" never dates PM Night by a later call. None when nothing
    is dated.
    """
    days: dict[str, list[str]] = {}
    for item in interactions or ():
        if isinstance(item, dict) and _day(item.get("on")) is not None:
            title = item.get("event_title")
            days.setdefault(item["on"], []).append(title if isinstance(title, str) else "")
    if days:
        last = max(days)
        titles = sorted(title for title in days[last] if title)
        return {"event": titles[0] if titles else "", "last_contact": last}
    person = person if isinstance(person, dict) else {}
    if _day(person.get("first_met_on")) is None:
        return None
    event = person.get("first_met_event")
    return {"event": event if isinstance(event, str) else "",
            "last_contact": person["first_met_on"]}


def suggest(attendees: list[dict], goal: dict) -> list[dict]:
    """Return the attendees worth meeting, best first: [{"id", "score", "reasons", ...}].

    Sorted by score, then folded name, then id; people of an excluded company, "never" and
    "not now" are absent, and so is anyone nothing matched (score 0). At most two of one
    company are in the top ten: a third waits until after it.
    """
    levels, seek, offer = wanted_levels(goal), _terms(goal.get("seek")), _terms(goal.get("offer"))
    memo = _Memo(seek, offer)
    today = _day(goal.get("today"))
    excluded = {company_key(c) for c in goal.get("exclude_companies") or () if isinstance(c, str)}
    excluded.discard("")
    never = {item for item in goal.get("never") or ()}
    not_now = {item for item in goal.get("not_now") or ()}
    scored = []
    companies: dict[str, str] = {}
    for attendee in attendees:
        company = attendee.get("company") or ""
        key = companies.get(company)
        if key is None:
            key = companies[company] = company_key(company)
        if key in excluded or attendee.get("id") in not_now or attendee.get("id") in never:
            continue
        if never and person_key(attendee) in never:
            continue
        result = _score(attendee, memo, levels, seek, offer, today)
        if result["score"] > 0:
            scored.append((-result["score"], memo.name(attendee.get("name") or ""),
                           attendee.get("id") or 0,
                           key, result))
    scored.sort(key=lambda row: row[:3])
    return spread(scored)


def spread(scored: list) -> list[dict]:
    """Return results in order, no more than PER_COMPANY of one company in the top TOP."""
    top, later, counts = [], [], {}
    for row in scored:
        key, result = row[3], row[4]
        if len(top) < TOP:
            if key and counts.get(key, 0) >= PER_COMPANY:
                later.append(result)
                continue
            counts[key] = counts.get(key, 0) + 1
            top.append(result)
        else:
            later.append(result)
    # `later` is in score order already: what waited came before everything after the top.
    return top + later


def first_term(result: dict) -> str:
    """Return the words to ask about: a matched goal term, else what they are looking for."""
    for part in ("seek", "offer"):
        for reason in result["reasons"]:
            if reason["part"] == part:
                return reason["quote"]
    return ""


def opener(attendee: dict, result: dict) -> str:
    """Return the opener in the talk's form, from what they wrote or their title."""
    offered = next((r for r in result["reasons"] if r["part"] == "offer"), None)
    if offered:
        seen = f"wrote “{offered['text']}”"
    else:
        title = " ".join((attendee.get("title") or "").split())
        company = " ".join((attendee.get("company") or "").split())
        seen = f"are {title} at {company}" if title and company else \
            f"are {title}" if title else f"are at {company}" if company else "are coming"
    term = first_term(result)
    ask = term if term else "what you are working on"
    return (f"I noticed your name on the attendee list and saw you {seen} — "
            f"I'd love to ask you about {ask}")


def why(result: dict) -> str:
    """Return the reasons as one line, for a mark's why."""
    return " · ".join(reason["text"] for reason in result["reasons"])
