// Stylesheets only on-demand screens use: linked once, by the module that needs them when it is
// first imported, so the precached shell does not carry them. Warming those modules (main.js
// warmOnDemand) fetches the sheet through the worker too, so it is there with no signal.

const linked = new Set();

/** Link the stylesheet at `url` (a URL or string) into the page, once. */
export function useStylesheet(url) {
  const href = String(url);
  if (linked.has(href)) return;
  linked.add(href);
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}
