// Classify and parse a scanned QR payload offline: vCard, MECARD, BIZCARD, au, plain lines,
// LinkedIn profile, link, text. The twin of companion/rules/payload.py (the small codes are in
// codes.js, twin of companion/rules/codes.py), which is the reference: this parser is checked
// against it, not the other way round. Same rules, same result keys, same messages;
// tests/payload_cases.py is the table both must agree on, and
// tests/browser/test_payload_agreement.py holds this one to Python's. Change Python first.
// Everything returned is plain text: show it with textContent, link only through safeHref().

import { PAYLOAD_LIMITS } from '/app/constants.js';
import {
  auCard, bizcard, bookmark, composeName, linkedinUrl, mecard, plainContact, splitUnescaped,
  stripChars, trim, webLink,
} from "./codes.js";
import { safeHref } from "./links.js";

export { safeHref };

const { chars: MAX_CHARS, lines: MAX_LINES } = PAYLOAD_LIMITS;

const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const C1 = /[\x80-\x9f]/;
const LINE_BREAK = /\r\n|\r|\n/;
// Gmail and Apple's Address Book write \" for a quote; RFC 2426 and 6350 escape the rest.
const ESCAPED = /\\([\\,;:nN"])/g;
// vCard 2.1 escapes only inside values of several parts (N, ORG), and never writes \n.
const ESCAPED_21 = /\\([\\,;:])/g;
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
const SEVERAL = "This code holds several contact cards";
const ONE_AT_A_TIME = "; scan one at a time.";
const CONTROLS = "This code contains control characters and was refused.";
// The properties a card's fields come from; the others are never decoded.
const USED = new Set(["FN", "N", "ORG", "TITLE", "ROLE", "TEL", "EMAIL", "URL", "NOTE",
  "X-SOCIALPROFILE", "SOCIALPROFILE"]);
const KEYS = ["name", "title", "company", "email", "phone", "url", "linkedin", "note"];

class PayloadError extends Error {}

function checkText(value) {
  if (CONTROL.test(value)) throw new PayloadError(CONTROLS);
  return value;
}

const unescapeText = (value) =>
  value.replace(ESCAPED, (_, c) => (c === "n" || c === "N" ? "\n" : c));
const unescape21 = (value) => value.replace(ESCAPED_21, "$1");

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
  const charset = (params.get("CHARSET") || [""])[0];
  if (encoding.includes("QUOTED-PRINTABLE")) {
    value = decodeQuotedPrintable(value, charset || "utf-8");
  } else {
    value = eightBit(value, charset);
  }
  return checkText(value).replaceAll("\r\n", "\n").replaceAll("\r", "\n");
}

// A value whose bytes reached us one character each (the scanner reads bytes that are not
// UTF-8 as Latin-1), read in the charset its property names (payload.py's _eight_bit).
function eightBit(value, charset) {
  let wide = false;
  let ascii = true;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code > 0xff) wide = true;
    if (code > 0x7f) ascii = false;
  }
  if (ascii || wide) return value;
  const data = Uint8Array.from(value, (char) => char.charCodeAt(0));
  const named = charset ? CHARSETS.get(trim(charset).toLowerCase()) : undefined;
  if (!named) return C1.test(value) ? new TextDecoder("windows-1252").decode(data) : value;
  try {
    return new TextDecoder(named, { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    return value;
  }
}

function version(lines) {
  for (const line of lines) {
    const split = splitProperty(line);
    if (split && trim(split[0]).toUpperCase() === "VERSION") return trim(split[1]);
  }
  return "";
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
  const legacy = version(lines) === "2.1";
  const text = legacy ? trim : unescapeText;
  const part = legacy ? unescape21 : unescapeText;
  for (const line of lines) {
    const split = splitProperty(line);
    if (split === null) continue; // not a content line; phones skip these too
    const [name, params] = parameters(split[0]);
    if (!USED.has(name)) continue;
    const raw = textValue(split[1], params);
    if (raw === null) continue;
    const types = new Set((params.get("TYPE") || []).map((v) => v.toUpperCase()));
    const preferred = types.has("PREF") || params.has("PREF");
    if (name === "N") {
      const parts = splitUnescaped(raw, ";").map((piece) => splitUnescaped(piece, ",")
        .filter((v) => trim(v)).map((v) => trim(part(v))).join(" "));
      while (parts.length < 5) parts.push("");
      collect(found, "N", composeName(...parts.slice(0, 5)));
    } else if (name === "ORG") {
      const units = splitUnescaped(raw, ";").map((piece) => trim(part(piece)));
      collect(found, "ORG", units.filter((unit) => unit).join(", "));
    } else if (name === "TEL") {
      const value = trim(text(raw)).replace(/^tel:/i, "");
      phones.push([value.split(";ext=").join(" ext. "), preferred]);
    } else if (name === "EMAIL") {
      emails.push([trim(text(raw)).replace(/^mailto:/i, ""), preferred]);
    } else if (name === "X-SOCIALPROFILE" || name === "SOCIALPROFILE") {
      const user = (params.get("X-USER") || [""])[0];
      let profile = linkedinUrl(trim(text(raw)));
      if (!profile && types.has("LINKEDIN")) {
        profile = user ? linkedinUrl(`linkedin.com/in/${user}`) : null;
      }
      if (profile) collect(found, "LINKEDIN", profile);
    } else {
      collect(found, name, trim(text(raw)));
    }
  }
  const first = (prop) => (found.get(prop) || []).find((value) => value) || "";
  const name = first("FN") || first("N");
  if (!name) throw new PayloadError("This contact card has no name.");
  const links = (found.get("URL") || []).map(trim);
  const profiles = [...(found.get("LINKEDIN") || []), ...links.map(linkedinUrl).filter((p) => p)];
  const websites = links.filter((u) => !linkedinUrl(u)).map(webLink).filter((w) => w);
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
      throw new PayloadError(`${SEVERAL} (one inside another)${ONE_AT_A_TIME}`);
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
  const body = trim(text);
  const lines = body.split(LINE_BREAK);
  if (lines.length > MAX_LINES) {
    throw new PayloadError(`This code has too many lines (over ${MAX_LINES}).`);
  }
  if (lines.some((line) => ["BEGIN:VCARD", "END:VCARD"].includes(trim(line).toUpperCase()))) {
    // A card's values are checked one by one once decoded; NUL is never part of one.
    if (text.includes("\x00")) throw new PayloadError(CONTROLS);
    const cards = parseVcard(body);
    if (cards.length > 1) throw new PayloadError(SEVERAL + ONE_AT_A_TIME);
    return result("vcard", cards[0], text);
  }
  checkText(text);
  if (!body) throw new PayloadError("This code is empty.");
  const colon = body.indexOf(":");
  const prefix = (colon < 0 ? body : body.slice(0, colon)).toUpperCase();
  if (CODES.has(prefix)) {
    const [kind, read] = CODES.get(prefix);
    return named(kind, read(body.slice(prefix.length + 1)), text);
  }
  if (prefix === "MEBKM") {
    const link = bookmark(body.slice(6));
    return link ? linkResult(link, text) : result("text", {}, text);
  }
  const link = linkedinUrl(body) || safeHref(body) ||
    (body.slice(0, 4).toLowerCase() === "www." && webLink(body));
  if (link) return linkResult(link, text);
  for (const [kind, read] of [["au", auCard], ["contact", plainContact]]) {
    const fields = read(lines);
    if (fields !== null) return named(kind, fields, text);
  }
  return result("text", {}, text);
}

const CODES = new Map([["MECARD", ["mecard", mecard]], ["BIZCARD", ["bizcard", bizcard]]]);

function named(kind, fields, raw) {
  if (!fields.name) throw new PayloadError("This contact card has no name.");
  return result(kind, fields, raw);
}

// A LinkedIn profile (with the name its slug spells) or another http(s) link.
function linkResult(link, raw) {
  const profile = linkedinUrl(link);
  if (profile) {
    const slug = profile.slice(profile.lastIndexOf("/") + 1);
    return result("linkedin", { name: nameFromSlug(slug), linkedin: profile }, raw);
  }
  return result("url", { url: link }, raw);
}

/**
 * Return what a scanned payload holds: {kind, name, title, company, email, phone, url, linkedin,
 * note, raw} with kind "vcard" | "mecard" | "bizcard" | "au" | "contact" | "linkedin" | "url" |
 * "text", or {error: message}.
 */
export function parseScanned(text) {
  try {
    return classify(text);
  } catch (error) {
    if (error instanceof PayloadError) return { error: error.message };
    throw error;
  }
}
