// Icon fonts draw a picture from a class name ("ui-icon-seek-start", "fa-trash", "bi-gear"): a person sees the
// picture, the page's text has nothing. iconWords(el) says what an empty element's icon class shows
// ("seek start icon"), or '' when it is no icon.
const ICON_CLASS = /^(?:ui-icon|icon|fa|fas|far|fab|glyphicon|bi|mdi|oi|ti|la|gg)-([a-z][a-z0-9-]*)$/;
const ICON_MODIFIERS = new Set(['lg', 'xs', 'sm', 'xl', 'fw', 'li', 'ul', 'border', 'spin', 'pulse', 'inverse',
  'solid', 'regular', 'light', 'brands', 'stack', 'flip', 'rotate', 'pull', 'left', 'right', 'fill', 'outline']);
const iconWords = (el) => {
  if (!el.classList || el.classList.length === 0 || (el.textContent || '').trim() !== '') return '';
  for (const c of el.classList) {
    const m = ICON_CLASS.exec(c);
    if (m === null) continue;
    const words = m[1].split('-').filter(w => w !== '');
    if (words.length === 0 || ICON_MODIFIERS.has(words[0]) || /^\d+x$/.test(words[0])) continue;
    return words.join(' ') + ' icon';
  }
  return '';
};
// The icons inside an element (itself included), at most a few: "play icon", "caret 1 e icon".
const iconsIn = (el) => {
  const out = [];
  const own = iconWords(el);
  if (own) out.push(own);
  const inner = el.querySelectorAll('i, span, em');
  for (let i = 0; i < inner.length && i < 20 && out.length < 3; i++) {
    const w = iconWords(inner[i]);
    if (w && !out.includes(w)) out.push(w);
  }
  return out.join(' ');
};
