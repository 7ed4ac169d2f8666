// The preview page's style sheet and script, inlined into index.html: the page is one
// file plus pictures and needs no network (its Content-Security-Policy forbids any).
#pragma once

namespace tingle::preview {

inline constexpr char kPageStyle[] = R"css(
:root { color-scheme: dark; --bg: #111318; --card: #1b1e25; --line: #2a2e37; --text: #e4e6eb; --muted: #9aa0aa; --mark: #f7d03c; --bad: #ff8a80; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.45 system-ui, sans-serif; }
header { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--line); padding: 12px 16px; }
h1 { margin: 0 0 4px; font-size: 18px; word-break: break-all; }
.legend { margin: 0 0 8px; color: var(--muted); max-width: 824px; }
#filter { width: min(420px, 70vw); padding: 5px 8px; background: var(--card); color: var(--text); border: 1px solid var(--line); border-radius: 5px; font: inherit; }
#shown { margin-left: 8px; color: var(--muted); }
main { display: flex; flex-direction: column; gap: 12px; padding: 12px 16px 32px; }
.card { background: var(--card); border-radius: 8px; padding: 12px; max-width: 824px; }
.card h2 { margin: 0 0 8px; font-size: 15px; font-weight: 600; word-break: break-all; }
.card img { display: block; max-width: 100%; height: auto; border-radius: 4px; }
.card.broken img { outline: 2px solid var(--bad); }
.card audio { display: block; width: 100%; margin: 8px 0; }
.facts { display: flex; flex-wrap: wrap; gap: 2px 18px; margin: 0 0 6px; }
.facts div { display: flex; gap: 6px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-variant-numeric: tabular-nums; word-break: break-all; }
.layers { border-collapse: collapse; width: 100%; }
.layers th { text-align: left; color: var(--muted); font-weight: normal; border-bottom: 1px solid var(--line); }
.layers td, .layers th { padding: 3px 8px 3px 0; vertical-align: top; }
.param { display: inline-block; margin: 0 8px 2px 0; font: 12.5px ui-monospace, monospace; }
mark.param { background: #4a3b00; color: var(--mark); border-radius: 3px; padding: 0 3px; }
.note { margin: 6px 0 0; color: var(--muted); }
.error { margin: 0; color: var(--bad); }
)css";

// Filter: every word must match; "key=value" matches a parameter (or texture=, layer=,
// seed=, file=, recipe=, title=) exactly, "key=" any value of it, another word any part
// of the card's text; case is ignored. The filter lives in the address
// (index.html#filter=glass), so a link shares it. After loading, <body> gets
// data-images-loaded="all" (or "N of M missing") and data-shown (cards visible): the
// browser test reads them.
inline constexpr char kPageScript[] = R"js(
'use strict';
(() => {
  const input = document.getElementById('filter');
  const shown = document.getElementById('shown');
  const none = document.getElementById('none');
  const entries = Array.from(document.querySelectorAll('article.card'), (card) => ({
    card,
    text: card.dataset.text.toLowerCase(),
    pairs: card.dataset.pairs.toLowerCase().split('\n'),
  }));

  function matches(entry, terms) {
    return terms.every((term) => {
      const equals = term.indexOf('=');
      if (equals <= 0) return entry.text.includes(term);
      if (equals === term.length - 1) return entry.pairs.some((pair) => pair.startsWith(term));
      return entry.pairs.includes(term);
    });
  }

  function apply(filter) {
    const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
    let count = 0;
    for (const entry of entries) {
      const visible = matches(entry, terms);
      entry.card.hidden = !visible;
      if (visible) count += 1;
    }
    shown.textContent = count === entries.length ? `${count} files` : `${count} of ${entries.length} files`;
    none.hidden = count > 0;
    document.body.dataset.shown = String(count);
  }

  function filterFromAddress() {
    const fragment = new URLSearchParams(location.hash.slice(1)).get('filter');
    return fragment ?? new URLSearchParams(location.search).get('filter') ?? '';
  }

  function keepInAddress(filter) {
    const address = filter ? '#' + new URLSearchParams({ filter }).toString() : location.pathname + location.search;
    try {
      history.replaceState(null, '', address);
    } catch {
      // A sandboxed frame may refuse: the address just keeps the old filter.
    }
  }

  input.addEventListener('input', () => {
    apply(input.value);
    keepInAddress(input.value);
  });
  window.addEventListener('hashchange', () => {
    input.value = filterFromAddress();
    apply(input.value);
  });
  input.value = filterFromAddress();
  apply(input.value);

  window.addEventListener('load', () => {
    const images = Array.from(document.images);
    const broken = images.filter((image) => !(image.complete && image.naturalWidth > 0));
    for (const image of broken) image.closest('.card')?.classList.add('broken');
    document.body.dataset.imagesLoaded = broken.length === 0 ? 'all' : `${broken.length} of ${images.length} missing`;
  });
})();
)js";

}  // namespace tingle::preview
