// Which text may ever become a link, and the whitespace both twins trim: the small part of
// payload.js the first screen needs (contact links in the Met list), so the parser itself can
// load with the scanner. Twin of companion/rules/links.py (tests/links_cases.py).

// Trimmed whitespace, spelled out so Python trims exactly the same characters.
export const WHITESPACE = " \t\r\n\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" +
  "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
export const SPACE_CLASS = [...WHITESPACE]
  .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
export const SPACE = new RegExp(`[${SPACE_CLASS}]`);
// Only plain http(s) with a host and no user part ("https://bank.com@evil.example").
const HTTP_URL =
  new RegExp(`^https?://[^/?#\\\\@${SPACE_CLASS}]+(?:[/?#][^${SPACE_CLASS}]*)?$`, "i");

/** Return url when it is a plain http(s) URL that may become a link, else null. */
export function safeHref(url) {
  return typeof url === "string" && HTTP_URL.test(url) ? url : null;
}
