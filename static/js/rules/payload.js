// Classify and parse a scanned QR payload offline: vCard, MECARD, LinkedIn profile, link, text.
// The twin of companion/rules/payload.py (with the parsing half of companion/rules/vcard.py),
// which is the reference: this parser is checked against it, not the other way round. Same
// rules, same result keys, same messages; tests/payload_cases.py is the table both must agree
// on, and tests/browser/test_payload_agreement.py holds this one to Python's. Change Python
// first, then this.
// Everything returned is plain text: show it with textContent, link only through safeHref().

import { LINKEDIN_PROFILE, PAYLOAD_LIMITS } from '/app/constants.js';
import { SPACE, WHITESPACE, safeHref } from './links.js';

export { safeHref };

const { chars: MAX_CHARS, lines: MAX_LINES } = PAYLOAD_LIMITS;

const LINKEDIN =
  /^(?:https?:\/\/)?(?:(?:www|m|[a-z]{2})\.)?linkedin\.com\/in\/([^/?#<>"'`\\]+)(?:[/?#].*)?$/is;
const CJK = /^[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+$/;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const LINE_BREAK = /\r\n|\r|\n/;
const ESCAPED = /\\([\\,;:nN])/g;
const MECARD_ESCAPED = /\\([\\;:,"])/g;
const SLUG_SUFFIX = /^(?=[a-z]*[0-9])[0-9a-z]{5,}$/i;
const QP_BYTE = /(=[0-9A-Fa-f]{2})/;
// The charsets vCard 2.1 exporters really write; anything else is read as UTF-8 (as in Python).
const CHARSETS = new Map([
  ...["utf-8", "utf8"].map((label) => [label, "utf-8"]),
  ...["iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252",
    "cp1252"].map((label) => [label, "windows-1252"]),
  ...["shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "ms_kanji"]
    .map((label) => [label, "shift_jis"]),
]);
const BARE_ENCODINGS = new Set(["QUOTED-PRINTABLE", "BASE64", "B", "8BIT"]);
const OUTSIDE = "This contact card has text outside BEGIN:VCARD … END:VCARD.";
const KEYS = ["name", "title", "company", "email", "phone", "url", "linkedin", "note"];

class PayloadError extends Error {}

function stripChars(value, chars) {
  let start = 0;
  let end = value.length;
  while (start < end && chars.includes(value[start])) start += 1;
  while (end > start && chars.includes(value[end - 1])) end -= 1;
  return value.slice(start, end);
}

const trim = (value) => stripChars(value, WHITESPACE);


function linkedinUrl(value) {
  const match = SPACE.test(value) ? null : LINKEDIN.exec(value);
  return match ? LINKEDIN_PROFILE + match[1] : null;
}

const isCjk = (text) => CJK.test(text);

function composeName(family, given, additional = "", prefix = "", suffix = "") {
  if (family && given && isCjk(family) && isCjk(given) && !(additional || prefix)) {
    return family + given + (suffix ? ` ${suffix}` : "");
  }
  return [prefix, given, additional, family, suffix].filter((part) => part).join(" ");
}

function checkText(value) {
  if (CONTROL.test(value)) {
    throw new PayloadError("This code contains control characters and was refused.");
  }
  return value;
}

const unescapeText = (value) =>
  value.replace(ESCAPED, (_, c) => (c === "n" || c === "N" ? "\n" : c));
const unescapeMecard = (value) => value.replace(MECARD_ESCAPED, "$1");

function splitUnescaped(value, separator) {
  const parts = [];
  let current = "";
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (char === "\\" && i + 1 < value.length) {
      current += value.slice(i, i + 2);
      i += 1;
    } else if (char === separator) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function splitProperty(line) {
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ":" && !quoted) return [line.slice(0, i), line.slice(i + 1)];
  }
  return null;
}

function logicalLines(text) {
  const lines = [];
  let legacy = false; // vCard 2.1 keeps the whitespace of a fold; 3.0 and 4.0 drop one character
  for (const physical of text.split(LINE_BREAK)) {
    const last = lines.length ? lines[lines.length - 1] : null;
    if (last?.endsWith("=") &&
        (splitProperty(last) || [""])[0].toUpperCase().includes("QUOTED-PRINTABLE")) {
      lines[lines.length - 1] = last.slice(0, -1) + physical; // quoted-printable soft break
    } else if (last !== null && (physical[0] === " " || physical[0] === "\t")) {
      lines[lines.length - 1] = last + (legacy ? physical : physical.slice(1));
    } else {
      if (last !== null) {
        const previous = last.toUpperCase();
        if (previous.startsWith("BEGIN:VCARD")) legacy = false;
        else if (/^VERSION:[ \t]*2\.1[ \t]*$/.test(previous)) legacy = true;
      }
      lines.push(physical);
    }
  }
  return lines;
}

function parameters(head) {
  const parts = splitUnescaped(head, ";");
  const name = trim(parts[0].slice(parts[0].lastIndexOf(".") + 1)).toUpperCase();
  const params = new Map();
  for (const part of parts.slice(1)) {
    const at = part.indexOf("=");
    let key = at < 0 ? part : part.slice(0, at);
    let raw = at < 0 ? "" : part.slice(at + 1);
    if (at < 0) { // vCard 2.1 bare parameter: TEL;CELL;PREF or NOTE;QUOTED-PRINTABLE
      const bare = trim(key).toUpperCase();
      key = BARE_ENCODINGS.has(bare) ? "ENCODING" : "TYPE";
      raw = bare;
    }
    const values = raw.split(",").map((v) => stripChars(trim(v), '"'));
    const upper = trim(key).toUpperCase();
    params.set(upper, [...(params.get(upper) || []), ...values]);
  }
  return [name, params];
}

function decodeQuotedPrintable(value, charset) {
  const encoder = new TextEncoder();
  const bytes = [];
  for (const part of value.split(QP_BYTE)) {
    if (/^=[0-9A-Fa-f]{2}$/.test(part)) bytes.push(parseInt(part.slice(1), 16));
    else bytes.push(...encoder.encode(part));
  }
  const encoding = CHARSETS.get(trim(charset).toLowerCase()) || "utf-8";
  const decoder = new TextDecoder(encoding, { ignoreBOM: true }); // keep a BOM, as Python does
  return decoder.decode(new Uint8Array(bytes));
}

function textValue(value, params) {
  const encoding = (params.get("ENCODING") || []).map((v) => v.toUpperCase());
  if (encoding.includes("B") || encoding.includes("BASE64")) return null;
  if (encoding.includes("QUOTED-PRINTABLE")) {
    value = decodeQuotedPrintable(value, (params.get("CHARSET") || ["utf-8"])[0]);
  }
  return checkText(value).replaceAll("\r\n", "\n").replaceAll("\r", "\n");
}

function pick(values) {
  const preferred = values.find(([, isPreferred]) => isPreferred);
  if (preferred) return preferred[0];
  return values.length ? values[0][0] : "";
}

function collect(found, key, value) {
  found.set(key, [...(found.get(key) || []), value]);
}

function cardFields(lines) {
  const found = new Map();
  const phones = [];
  const emails = [];
  for (const line of lines) {
    const split = splitProperty(line);
    if (split === null) continue; // not a content line; phones skip these too
    const [name, params] = parameters(split[0]);
    const raw = textValue(split[1], params);
    if (raw === null) continue;
    const types = new Set((params.get("TYPE") || []).map((v) => v.toUpperCase()));
    const preferred = types.has("PREF") || params.has("PREF");
    if (name === "N") {
      const parts = splitUnescaped(raw, ";").map((part) => splitUnescaped(part, ",")
        .filter((v) => trim(v)).map((v) => trim(unescapeText(v))).join(" "));
      while (parts.length < 5) parts.push("");
      collect(found, "N", composeName(...parts.slice(0, 5)));
    } else if (name === "ORG") {
      const units = splitUnescaped(raw, ";").map((part) => trim(unescapeText(part)));
      collect(found, "ORG", units.filter((unit) => unit).join(", "));
    } else if (name === "TEL") {
      const value = trim(unescapeText(raw)).replace(/^tel:/i, "");
      phones.push([value.split(";ext=").join(" ext. "), preferred]);
    } else if (name === "EMAIL") {
      emails.push([trim(unescapeText(raw)).replace(/^mailto:/i, ""), preferred]);
    } else if (name === "X-SOCIALPROFILE" || name === "SOCIALPROFILE") {
      const user = (params.get("X-USER") || [""])[0];
      let profile = linkedinUrl(trim(unescapeText(raw)));
      if (!profile && types.has("LINKEDIN")) {
        profile = user ? linkedinUrl(`linkedin.com/in/${user}`) : null;
      }
      if (profile) collect(found, "LINKEDIN", profile);
    } else {
      collect(found, name, trim(unescapeText(raw)));
    }
  }
  const first = (prop) => (found.get(prop) || []).find((value) => value) || "";
  const name = first("FN") || first("N");
  if (!name) throw new PayloadError("This contact card has no name.");
  const links = (found.get("URL") || []).map(trim);
  const profiles = [...(found.get("LINKEDIN") || []), ...links.map(linkedinUrl).filter((p) => p)];
  const websites = links.filter((u) => !linkedinUrl(u) && safeHref(u));
  return {
    name,
    title: first("TITLE") || first("ROLE"),
    company: first("ORG"),
    email: pick(emails.filter(([v]) => v)),
    phone: pick(phones.filter(([v]) => v)),
    url: websites[0] || "",
    linkedin: profiles[0] || "",
    note: (found.get("NOTE") || []).filter((v) => v).join("\n"),
  };
}

/** Return every card in a vCard text as {name, title, ...}; throw PayloadError when malformed. */
function parseVcard(text) {
  const cards = [];
  let current = null;
  let stray = false; // text seen outside a card: a missing BEGIN if an END follows, else junk
  for (const line of logicalLines(text)) {
    const marker = trim(line).toUpperCase();
    if (!marker) continue;
    if (marker === "END:VCARD" && current === null) {
      throw new PayloadError("This contact card has no BEGIN:VCARD line.");
    }
    if (marker === "END:VCARD") {
      cards.push(cardFields(current));
      current = null;
    } else if (current !== null && marker === "BEGIN:VCARD") {
      throw new PayloadError("A contact card starts inside another one.");
    } else if (current !== null) {
      current.push(line);
    } else if (marker !== "BEGIN:VCARD") {
      stray = true;
    } else if (stray) {
      throw new PayloadError(OUTSIDE);
    } else {
      current = [];
    }
  }
  if (current !== null) {
    throw new PayloadError("This contact card is cut off (no END:VCARD line).");
  }
  if (stray) throw new PayloadError(OUTSIDE);
  if (!cards.length) throw new PayloadError("No contact card found.");
  return cards;
}

/** Return the name a LinkedIn slug clearly spells ("zoe-muller-4b2a1c" -> "Zoe Muller"). */
export function nameFromSlug(slug) {
  let words;
  try {
    words = decodeURIComponent(slug).split("-");
  } catch {
    return "";
  }
  if (words.length > 2 && SLUG_SUFFIX.test(words[words.length - 1])) words.pop();
  if (words.length < 2 || words.length > 3 || !words.every((w) => /^\p{L}+$/u.test(w))) return "";
  if ([...words[0]].length < 2 || [...words[words.length - 1]].length < 2) return "";
  return words.map((word) => {
    const chars = [...word];
    return chars[0].toUpperCase() + chars.slice(1).join("").toLowerCase();
  }).join(" ");
}

function mecard(body) {
  const fields = new Map();
  for (const field of splitUnescaped(body, ";")) {
    const at = field.indexOf(":");
    if (at >= 0) collect(fields, trim(field.slice(0, at)).toUpperCase(), field.slice(at + 1));
  }
  const first = (key) =>
    (fields.get(key) || []).map((v) => trim(unescapeMecard(v))).find((v) => v) || "";
  // MECARD writes N as "Last,First"; an unescaped comma separates the two.
  const parts = splitUnescaped((fields.get("N") || [""])[0], ",")
    .map((part) => trim(unescapeMecard(part)));
  const name = composeName(parts[0], parts.slice(1).filter((p) => p).join(" ")) ||
    first("NICKNAME");
  if (!name) throw new PayloadError("This contact card has no name.");
  const links = (fields.get("URL") || []).map((v) => trim(unescapeMecard(v)));
  const profiles = links.map(linkedinUrl).filter((p) => p);
  const websites = links.filter((u) => !linkedinUrl(u) && safeHref(u));
  return {
    name, title: first("TITLE"), company: first("ORG"), email: first("EMAIL"), phone: first("TEL"),
    url: websites[0] || "", linkedin: profiles[0] || "",
    note: [first("NOTE"), first("MEMORY")].filter((v) => v).join("\n"),
  };
}

function result(kind, fields, raw) {
  const out = { kind };
  for (const key of KEYS) out[key] = fields[key] || "";
  out.raw = raw;
  return out;
}

function classify(text) {
  if (typeof text !== "string") throw new PayloadError("This code holds no text.");
  let count = 0;
  for (const _ of text) { // characters, not UTF-16 units, as Python counts them
    count += 1;
    if (count > MAX_CHARS) {
      throw new PayloadError(`This code holds too much data (over ${MAX_CHARS} characters).`);
    }
  }
  checkText(text);
  const body = trim(text);
  if (!body) throw new PayloadError("This code is empty.");
  const lines = body.split(LINE_BREAK);
  if (lines.length > MAX_LINES) {
    throw new PayloadError(`This code has too many lines (over ${MAX_LINES}).`);
  }
  if (lines.some((line) => ["BEGIN:VCARD", "END:VCARD"].includes(trim(line).toUpperCase()))) {
    const cards = parseVcard(body);
    if (cards.length > 1) {
      throw new PayloadError("This code holds several contact cards; scan one at a time.");
    }
    return result("vcard", cards[0], text);
  }
  if (body.slice(0, 7).toUpperCase() === "MECARD:") {
    return result("mecard", mecard(body.slice(7)), text);
  }
  const profile = linkedinUrl(body);
  if (profile) {
    const slug = profile.slice(profile.lastIndexOf("/") + 1);
    return result("linkedin", { name: nameFromSlug(slug), linkedin: profile }, text);
  }
  if (safeHref(body)) return result("url", { url: body }, text);
  return result("text", {}, text);
}

/**
 * Return what a scanned payload holds: {kind, name, title, company, email, phone, url, linkedin,
 * note, raw} with kind "vcard" | "mecard" | "linkedin" | "url" | "text", or {error: message}.
 */
export function parseScanned(text) {
  try {
    return classify(text);
  } catch (error) {
    if (error instanceof PayloadError) return { error: error.message };
    throw error;
  }
}
