// The small contact codes beside vCard: MECARD, BIZCARD, MEBKM, au, and plain lines of text.
// Twin of companion/rules/codes.py, the reference (tests/payload_cases.py, through parseScanned).
// Also here, because only the scanner needs them (links.js stays small for the first screen):
// the twins of companion/rules/links.py's linkedin_url and web_link.
// Each reader returns the fields a code holds ("" for a missing name; payload.js refuses those),
// or null when the text is not that kind of code.

import { LINKEDIN_PROFILE } from '/app/constants.js';
import { SPACE, safeHref, WHITESPACE } from "./links.js";

// A profile however people write it: with or without the scheme, www., m. or a country's
// subdomain, a trailing slash or a ?trk= query; or as Luma's questions collect it, "/in/<slug>".
const LINKEDIN =
  /^(?:(?:https?:\/\/)?(?:(?:www|m|[a-z]{2})\.)?linkedin\.com)?\/in\/([^/?#<>"'`\\]+)(?:[/?#].*)?$/is;
// A scheme ("javascript:"), but not a host and port ("host:8080").
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])/;
const BARE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,6}(?::[0-9]{1,5})?$/i;
const CJK = /^[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+$/;
// DoCoMo's formats (MECARD, BIZCARD, MEBKM) escape \ ; : , and " with a backslash.
const DOCOMO_ESCAPED = /\\([\\;:,"])/g;
const AU_LINE = /^(NAME[12]|TEL[1-3]|MAIL[1-3]|MEMORY|ADD):([\s\S]*)$/;
// Python's \s, spelled out: JavaScript's \s also matches U+FEFF and misses U+001C-U+001F, U+0085.
const PY_SPACE = "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f" +
  "\\u205f\\u3000";
const NOT_IN_EMAIL = `@${PY_SPACE}<>()\\[\\],;:"'`;
const EMAIL = new RegExp(
  `^[^${NOT_IN_EMAIL}]+@[^${NOT_IN_EMAIL}.]+(?:\\.[^${NOT_IN_EMAIL}.]+)*\\.[A-Za-z]{2,}$`);
const PHONE = /^\+?[0-9][0-9 ().-]{5,}[0-9]$/;
const DIGIT = /[0-9]/g;
const SPACES = new RegExp(`[${PY_SPACE}]+`);
const PLAIN_MAX_LINES = 6;

function stripChars(value, chars) {
  let start = 0;
  let end = value.length;
  while (start < end && chars.includes(value[start])) start += 1;
  while (end > start && chars.includes(value[end - 1])) end -= 1;
  return value.slice(start, end);
}

export const trim = (value) => stripChars(value, WHITESPACE);
export { stripChars };

/** Return the canonical LINKEDIN_PROFILE + slug for a profile link, else null. */
export function linkedinUrl(value) {
  const match = SPACE.test(value) ? null : LINKEDIN.exec(value);
  return match ? LINKEDIN_PROFILE + match[1] : null;
}

/** Return a link as an http(s) URL, "https://" added when it has no scheme; else null. */
export function webLink(value) {
  value = trim(value);
  if (safeHref(value)) return value;
  if (SCHEME.test(value) || value.startsWith("/")) return null;
  const host = value.split(/[/?#]/, 1)[0];
  if (!BARE_HOST.test(host)) return null;
  return safeHref(`https://${value}`);
}

const isCjk = (text) => CJK.test(text);

/** Return a display name from N's components, CJK names family-first without a space. */
export function composeName(family, given, additional = "", prefix = "", suffix = "") {
  if (family && given && isCjk(family) && isCjk(given) && !(additional || prefix)) {
    return family + given + (suffix ? ` ${suffix}` : "");
  }
  return [prefix, given, additional, family, suffix].filter((part) => part).join(" ");
}

/** Split value at every separator not preceded by a backslash escape (escapes kept). */
export function splitUnescaped(value, separator) {
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

function docomoFields(body) {
  const fields = new Map();
  for (const field of splitUnescaped(body, ";")) {
    const at = field.indexOf(":");
    if (at < 0) continue;
    const key = trim(field.slice(0, at)).toUpperCase();
    fields.set(key, [...(fields.get(key) || []), field.slice(at + 1)]);
  }
  return fields;
}

const unescaped = (value) => trim(value.replace(DOCOMO_ESCAPED, "$1"));

function first(fields, ...keys) {
  for (const key of keys) {
    for (const value of fields.get(key) || []) {
      const text = unescaped(value);
      if (text) return text;
    }
  }
  return "";
}

function links(values) {
  const all = values.map(unescaped);
  const profiles = all.map(linkedinUrl).filter((p) => p);
  const websites = all.filter((u) => !linkedinUrl(u)).map(webLink).filter((w) => w);
  return [websites[0] || "", profiles[0] || ""];
}

/** Read the fields of MECARD:N:Last,First;TEL:...;EMAIL:...;; (body after "MECARD:"). */
export function mecard(body) {
  const fields = docomoFields(body);
  // MECARD writes N as "Last,First"; an unescaped comma separates the two.
  const parts = splitUnescaped((fields.get("N") || [""])[0], ",").map(unescaped);
  const name = composeName(parts[0], parts.slice(1).filter((p) => p).join(" ")) ||
    first(fields, "NICKNAME");
  const [url, linkedin] = links(fields.get("URL") || []);
  return {
    name, title: first(fields, "TITLE"), company: first(fields, "ORG"),
    email: first(fields, "EMAIL"), phone: first(fields, "TEL"), url, linkedin,
    note: [first(fields, "NOTE"), first(fields, "MEMORY")].filter((v) => v).join("\n"),
  };
}

/** Read BIZCARD:N:First;X:Last;T:Title;C:Company;B:phone;M:mobile;E:email;; (body only). */
export function bizcard(body) {
  const fields = docomoFields(body);
  const name = [first(fields, "N"), first(fields, "X")].filter((part) => part).join(" ");
  return {
    name, title: first(fields, "T"), company: first(fields, "C"), email: first(fields, "E"),
    phone: first(fields, "B", "M"), url: "", linkedin: "", note: "",
  };
}

/** Return the http(s) link of MEBKM:TITLE:...;URL:...;; (after the colon), else null. */
export function bookmark(body) {
  const [url, linkedin] = links(docomoFields(body).get("URL") || []);
  return linkedin || url || null;
}

/** Read the au address book code (MEMORY:, NAME1:, TEL1:, MAIL1: lines), else null. */
export function auCard(lines) {
  const fields = new Map();
  for (const line of lines) {
    if (!trim(line)) continue;
    const match = AU_LINE.exec(line);
    if (match === null) return null;
    if (!fields.has(match[1])) fields.set(match[1], trim(match[2]));
  }
  if (!(fields.has("NAME1") || fields.has("MEMORY"))) return null;
  const any = (...keys) => keys.map((key) => fields.get(key)).find((value) => value) || "";
  return {
    name: fields.get("NAME1") || "", title: "", company: "", email: any("MAIL1", "MAIL2", "MAIL3"),
    phone: any("TEL1", "TEL2", "TEL3"), url: "", linkedin: "", note: fields.get("MEMORY") || "",
  };
}

const isPhone = (line) => PHONE.test(line) && (line.match(DIGIT) || []).length >= 6;

function couldBeName(line) {
  const words = line.split(SPACES);
  return [...line].length <= 80 && words.length <= 5 && !/[0-9]/.test(line) &&
    !line.includes("@") && !line.includes("://") && /\p{L}/u.test(line);
}

/** Read "Name\nphone\nemail" (a name, then phone, email and links): a contact, else null. */
export function plainContact(lines) {
  const parts = lines.map(trim).filter((line) => line);
  if (parts.length < 2 || parts.length > PLAIN_MAX_LINES || !couldBeName(parts[0])) return null;
  const found = { email: "", phone: "", url: "", linkedin: "" };
  for (const line of parts.slice(1)) {
    const profile = !found.linkedin && linkedinUrl(line);
    const link = !found.url &&
      (safeHref(line) || (line.slice(0, 4).toLowerCase() === "www." && webLink(line)));
    if (!found.email && EMAIL.test(line)) found.email = line;
    else if (!found.phone && isPhone(line)) found.phone = line;
    else if (profile) found.linkedin = profile;
    else if (link) found.url = link;
    else return null;
  }
  if (!(found.email || found.phone)) return null;
  return { name: parts[0], title: "", company: "", note: "", ...found };
}
