// Walks the DOM once and returns the visible interactive elements of the page.
// arguments[0]: maximum number of elements; arguments[1]: maximum characters of page text.
// Returns {url, title, text, truncated, elements: [[id, role, label, text, value, secret], ...]}.
const MAX_ELEMENTS = arguments[0];
const MAX_TEXT = arguments[1];
const MAX_FIELD = 200;
// a field's whole text is what a task may have to copy: kept longer than labels
const MAX_VALUE = 2000;
const MAX_OPTIONS = 50;

for (const old of document.querySelectorAll('[data-jitrl-id]')) old.removeAttribute('data-jitrl-id');

const LEAF_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem',
  'menuitemcheckbox', 'menuitemradio', 'option', 'treeitem', 'combobox', 'textbox', 'searchbox',
  'slider', 'spinbutton', 'gridcell']);
// a field whose text is a secret: passwords, card numbers and codes, one-time codes, or marked by the page
function isSecret(el, tag) {
  if (tag !== 'INPUT') return false;
  if ((el.getAttribute('type') || '').toLowerCase() === 'password') return true;
  if (el.hasAttribute('data-jitrl-secret')) return true;
  const ac = (el.getAttribute('autocomplete') || '').toLowerCase();
  return /(^|\s)(current-password|new-password|one-time-code|cc-number|cc-csc)(\s|$)/.test(ac);
}
const TEXT_TYPES = new Set(['', 'text', 'email', 'search', 'password', 'number', 'tel', 'url', 'date',
  'datetime-local', 'month', 'time', 'week']);
const BUTTON_TYPES = new Set(['button', 'submit', 'reset', 'image']);

const clean = (s, max) => {
  if (!s) return '';
  s = String(s).replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
};

const cut = (s, max) => {
  s = String(s || '');
  return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
};

// Text a person cannot see although the page lays it out: a text node whose box has a zero font size (a card shown
// face down, text replaced by a picture) or a fully transparent colour. It is left out of names and of the page text.
const hiddenText = new Set();
const holdsHidden = new Set(); // the elements with hidden text inside
if (document.body) {
  const zero = new Map();
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = tw.nextNode(); t; t = tw.nextNode()) {
    const p = t.parentElement;
    if (!p || !t.nodeValue.trim()) continue;
    let z = zero.get(p);
    if (z === undefined) {
      const cs = getComputedStyle(p);
      z = parseFloat(cs.fontSize) === 0 || /^rgba\(.*,\s*0\)$/.test(cs.color) || cs.color === 'transparent';
      zero.set(p, z);
    }
    if (z) {
      hiddenText.add(t);
      for (let up = p; up && !holdsHidden.has(up); up = up.parentElement) holdsHidden.add(up);
    }
  }
}
// el.innerText without the hidden text: the text nodes are matched in document order against innerText and the
// hidden ones cut out (a node whose text innerText changed, say by text-transform, is left as it is).
const shownText = (el) => {
  const s = el ? el.innerText : '';
  if (!s || hiddenText.size === 0) return s || '';
  if (!holdsHidden.has(el)) return s;
  let out = '';
  let pos = 0;
  const tw = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let t = tw.nextNode(); t; t = tw.nextNode()) {
    const v = t.nodeValue.replace(/\s+/g, ' ').trim();
    if (!v) continue;
    const at = s.indexOf(v, pos);
    if (at < 0) continue;
    if (hiddenText.has(t)) out += s.slice(pos, at);
    else out += s.slice(pos, at + v.length);
    pos = at + v.length;
  }
  return out + s.slice(pos);
};

const visible = (el) => {
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return false;
  if (el.checkVisibility) {
    return el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  }
  const cs = getComputedStyle(el);
  return cs.visibility !== 'hidden' && cs.display !== 'none' && cs.opacity !== '0';
};

// A menu item that owns a submenu, as a person sees it: 'collapsed' while the submenu is hidden (pointing at the item
// opens it), 'expanded' once it shows; '' for anything else. An item counts when it sits in a menu (role menu or
// menubar, or is a menuitem) or announces a popup menu (aria-haspopup on it or on its own wrapper child).
const SUBMENU_ROLES = new Set(['clickable', 'menuitem', 'link', 'button']);
const announcesMenu = (n) => {
  const p = (n.getAttribute('aria-haspopup') || '').toLowerCase();
  return p === 'true' || p === 'menu';
};
// Returns {state, popup}: popup is the submenu's node when it is known.
const submenuOf = (el) => {
  const none = {state: '', popup: null};
  const flagged = announcesMenu(el) || Array.from(el.children).some(announcesMenu);
  const inMenu = el.closest('[role=menu], [role=menubar]') !== null || el.getAttribute('role') === 'menuitem';
  if (!flagged && !inMenu) return none;
  const controls = el.getAttribute('aria-controls');
  let popup = controls ? document.getElementById(controls) : null;
  if (!popup) popup = el.querySelector(':scope > ul, :scope > ol, :scope > [role=menu]');
  const next = el.nextElementSibling;
  if (!popup && next && next.matches('ul, ol, [role=menu]')) popup = next;
  if (popup) return {state: visible(popup) ? 'expanded' : 'collapsed', popup};
  if (!flagged) return none;
  const expanded = el.getAttribute('aria-expanded');
  return {state: expanded === 'true' ? 'expanded' : expanded === 'false' ? 'collapsed' : '', popup: null};
};
// Submenus shown inside the item that owns them: their items are targets of their own, not part of the owner.
const openSubmenus = [];
const insideOpenSubmenu = (owner, el) => openSubmenus.some(p => owner.contains(p) && p.contains(el));

// An ancestor box of zero size that clips its overflow hides the element (a common visually-hidden idiom).
const clipCache = new Map();
const clippedAway = (el) => {
  const chain = [];
  let hidden = false;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (clipCache.has(p)) { hidden = clipCache.get(p); break; }
    chain.push(p);
    const r = p.getBoundingClientRect();
    if ((r.width === 0 || r.height === 0) && getComputedStyle(p).overflow !== 'visible') { hidden = true; break; }
  }
  for (const p of chain) clipCache.set(p, hidden);
  return hidden;
};

// aria-disabled holds for what the element owns too (a menu's disabled item and the label inside it)
const disabled = (el) => el.disabled === true || el.closest('[aria-disabled="true"]') !== null;

const textOfIds = (ids) => ids.split(/\s+/).map(id => document.getElementById(id))
  .filter(Boolean).map(e => shownText(e)).join(' ');

// A slider drawn by a script: a handle (its class says handle, thumb or knob) on a track whose class says slider
// or range ("ui-slider-handle" in "ui-slider"). Native range inputs and role=slider are sliders already.
const classText = (el) => (el && typeof el.className === 'string' ? el.className.toLowerCase() : '');
const sliderHandle = (el) => {
  const cls = classText(el);
  if (!/(handle|thumb|knob)/.test(cls)) return false;
  return /slider/.test(cls) || /(^|[\s_-])(slider|range)([\s_-]|$)/.test(classText(el.parentElement));
};
// The role this host gives an element, or null when it is not interactive.
// 'strong' roles are real controls; the weak 'clickable' role is for click handlers and pointer cursors.
const roleOf = (el, tag) => {
  const aria = (el.getAttribute('role') || '').trim().split(/\s+/)[0].toLowerCase();
  if (aria && LEAF_ROLES.has(aria)) return aria === 'searchbox' ? 'textbox' : aria;
  if (tag !== 'INPUT' && sliderHandle(el)) return 'slider'; // before links: older widgets draw the handle as <a href>
  if (tag === 'A' && el.hasAttribute('href')) return 'link';
  if (tag === 'BUTTON' || tag === 'SUMMARY') return 'button';
  if (tag === 'INPUT') {
    const t = (el.getAttribute('type') || '').toLowerCase();
    if (t === 'hidden') return null;
    if (t === 'checkbox') return 'checkbox';
    if (t === 'radio') return 'radio';
    if (BUTTON_TYPES.has(t)) return 'button';
    if (t === 'range') return 'slider';
    if (TEXT_TYPES.has(t)) return 'textbox';
    return 'textbox';
  }
  if (tag === 'TEXTAREA') return 'textbox';
  if (tag === 'SELECT') return el.multiple ? 'listbox' : 'combobox';
  if (el.isContentEditable && (!el.parentElement || !el.parentElement.isContentEditable)) return 'textbox';
  return null;
};

const FORM_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

// Drag and drop: what a page lets the pointer pick up (native draggable="true", jQuery UI draggables and the items
// of a sortable list) and where it takes drops (jQuery UI droppables, dropzones, elements with a drop listener). Their roles are 'draggable' and
// 'droptarget' when they have no role of their own.
const hasClass = (el, c) => el.classList !== undefined && el.classList.contains(c);
// A shape of a drawing that a pointer press picks up (recorded by click-tracker.js) is a draggable too; in a drawing
// that has such shapes, an outlined box (a rectangle with no fill) is where they are dropped.
const GRABS = window.__jitrlGrabTargets;
const grabbable = (el) => GRABS !== undefined && GRABS.has(el);
const grabHolders = new Map(); // svg -> whether any of its parts is grabbable
const holdsGrabbable = (svg) => {
  if (!svg || GRABS === undefined) return false;
  if (!grabHolders.has(svg)) grabHolders.set(svg, Array.from(svg.getElementsByTagName('*')).some(grabbable));
  return grabHolders.get(svg);
};
const unfilled = (el) => {
  const f = getComputedStyle(el).fill;
  return f === 'none' || f === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(f);
};
const isDropBox = (el) => el.tagName === 'rect' && !grabbable(el) && holdsGrabbable(el.ownerSVGElement) && unfilled(el);
// The drop box of the drawing that holds a shape's middle, as "in <its name>"; '' when none does.
const boxHolding = (el) => {
  const svg = el.ownerSVGElement;
  if (!svg) return '';
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  for (const box of Array.from(svg.getElementsByTagName('rect'))) {
    if (box === el || !isDropBox(box)) continue;
    const b = box.getBoundingClientRect();
    if (x >= b.left && x <= b.right && y >= b.top && y <= b.bottom) return 'in ' + shapeWords(box);
  }
  return '';
};
// A handle that resizes its box when dragged (jQuery UI's resizable handles: ui-resizable-e, -s, -se, ...), named
// by the side or corner it pulls: "resize handle right", "resize handle bottom right".
const RESIZE_SIDES = {n: 'top', e: 'right', s: 'bottom', w: 'left', ne: 'top right', nw: 'top left',
  se: 'bottom right', sw: 'bottom left'};
const resizeSide = (el) => {
  if (!hasClass(el, 'ui-resizable-handle')) return null;
  for (const c of Array.from(el.classList)) {
    const m = /^ui-resizable-(n|e|s|w|ne|nw|se|sw)$/.exec(c);
    if (m) return RESIZE_SIDES[m[1]];
  }
  return '';
};
const isDraggable = (el) => el.getAttribute('draggable') === 'true' || hasClass(el, 'ui-draggable')
  || resizeSide(el) !== null
  || hasClass(el, 'ui-sortable-handle') || (el.parentElement !== null && hasClass(el.parentElement, 'ui-sortable'))
  || grabbable(el);
const DROPS = window.__jitrlDropTargets;
const isDropTarget = (el) => hasClass(el, 'ui-droppable') || el.hasAttribute('dropzone') || el.hasAttribute('ondrop')
  || typeof el.ondrop === 'function' || (DROPS !== undefined && DROPS.has(el)) || isDropBox(el);

// A plain link to the page it is on (a site menu's entry for the current section, a header link on its own page)
// only reloads what is shown: not an action. Fragment links, script links, links with a click handler and
// links opening another window keep their role.
const withoutFragment = (u) => u.split('#')[0];
const selfLink = (el) => {
  const raw = (el.getAttribute('href') || '').trim();
  if (raw === '' || raw.startsWith('#') || raw.toLowerCase().startsWith('javascript:')) return false;
  if (ownHandler(el) || (el.getAttribute('target') || '') !== '' || el.hasAttribute('download')) return false;
  return withoutFragment(el.href) === withoutFragment(location.href);
};

const pointerCursor = (el) => getComputedStyle(el).cursor === 'pointer';

// Click listeners added by scripts (d3, jQuery, addEventListener), recorded by click-tracker.js when installed.
const TRACKED = window.__jitrlClickTargets;
const tracked = (el) => TRACKED !== undefined && TRACKED.has(el);
const PADS = window.__jitrlDrawTargets;
// a drawing a pointer press draws on (its script listens to mousedown on the svg itself) acts as a surface does
const drawnOn = (el) => PADS !== undefined && PADS.has(el);
const ownHandler = (el) => el.hasAttribute('onclick') || typeof el.onclick === 'function' || tracked(el)
  || drawnOn(el);
// A script's listener on a box that holds real controls is delegation (a list handling its items' clicks):
// the controls are the targets, not the box.
const CONTROLS = 'a[href], button, input, select, textarea, summary, [role=button], [role=link], [role=tab], '
  + '[role=option], [role=treeitem], [role=menuitem], [role=checkbox], [role=radio], [role=switch]';
// A list (ul/ol, or a listbox/menu by role) with a script listener hands its clicks to its items (an
// autocomplete's suggestions): each item is a target, the list is not.
const LIST_ROLES = new Set(['listbox', 'menu', 'tree', 'grid', 'list']);
const isList = (el) => el.tagName === 'UL' || el.tagName === 'OL'
  || LIST_ROLES.has((el.getAttribute('role') || '').trim().toLowerCase());
const delegating = (el) => tracked(el) && !el.hasAttribute('onclick') && typeof el.onclick !== 'function'
  && (el.querySelector(CONTROLS) !== null || (isList(el) && el.children.length >= 1));
const delegatedItem = (el) => el.parentElement !== null && el.tagName === 'LI' && el.querySelector(CONTROLS) === null
  && delegating(el.parentElement);

const weaklyClickable = (el, tag) => {
  if (tag === 'LABEL' && el.control) return false; // the control itself is observed
  if (tag === 'BODY' || tag === 'HTML') return false;
  if (ownHandler(el)) return !delegating(el);
  if (delegatedItem(el)) return true;
  if (!pointerCursor(el)) return false;
  // cursor is inherited: only the outermost element with a pointer cursor counts
  const p = el.parentElement;
  return !(p && pointerCursor(p));
};

// A field without a label is often labelled by position: its table row's header (or first) cell, or the short
// text just before it in the same box ("Date: <input>"). Long text is a paragraph, not a label.
const MAX_POSITIONAL = 40;
const positionalLabel = (el) => {
  const cell = el.closest('td, th');
  if (cell && cell.parentElement && cell.parentElement.tagName === 'TR' && !cell.contains(el.labels && el.labels[0])) {
    for (const c of cell.parentElement.children) {
      if (c === cell) break;
      if (c.querySelector('input, select, textarea, button')) continue;
      const t = shownText(c).trim();
      if (t && t.length <= MAX_POSITIONAL) return t;
    }
  }
  const near = nearText(el, 'previousSibling');
  if (near !== null) return near;
  // the field alone in a box of its own: the label just before that box (<div>Genre</div><div><input></div>), or
  // the short text just after the field in its box when nothing comes before it (<input><div>Genre</div>)
  const box = el.parentElement;
  if (box && box !== document.body && box.querySelectorAll('input, select, textarea, button').length === 1) {
    const before = nearText(box, 'previousSibling');
    if (before !== null) return before;
    const after = nearText(el, 'nextSibling');
    if (after !== null) return after;
  }
  return '';
};

// The first text next to a node on one side, up to another field: the text if a short phrase, '' if long or a
// sentence, null if none.
// three words or more ending with a full stop or an exclamation mark ("Qty." and "Age?" stay labels)
const isSentence = (t) => /[.!]$/.test(t) && t.split(/\s+/).length >= 3;
const nearText = (from, side) => {
  for (let n = from[side]; n; n = n[side]) {
    if (n.nodeType === 1 && (FORM_TAGS.has(n.tagName) || n.querySelector('input, select, textarea, button'))) break;
    const t = (n.nodeType === 3 ? n.textContent : shownText(n)).trim();
    // a label is a short phrase: long text, or a sentence ("Focus into the textbox."), is not one
    if (t) return t.length <= MAX_POSITIONAL && !isSentence(t) ? t : '';
  }
  return null;
};

// A control that shows a value ("555-0100") in a key-value row ("Phone: 555-0100"): the key is the short text
// ending with a colon just before it, in its own box or before the box it sits alone in (at most two boxes up).
const keyLabel = (el) => {
  let from = el;
  for (let up = 0; up < 3 && from && from !== document.body; up++) {
    const near = nearText(from, 'previousSibling');
    if (near !== null) return near.endsWith(':') ? near : '';
    const box = from.parentElement;
    if (!box || box.querySelectorAll('a, button, input, select, textarea').length !== 1) return '';
    from = box;
  }
  return '';
};

const accessibleName = (el, tag, role) => {
  const aria = el.getAttribute('aria-label');
  if (aria && aria.trim()) return aria;
  const by = el.getAttribute('aria-labelledby');
  if (by) {
    const t = textOfIds(by);
    if (t.trim()) return t;
  }
  if (el.labels && el.labels.length) {
    const t = Array.from(el.labels).map(l => shownText(l)).join(' ');
    if (t.trim()) return t;
  }
  if (tag === 'INPUT' && BUTTON_TYPES.has((el.getAttribute('type') || '').toLowerCase())) {
    if (el.value) return el.value;
    if (el.alt) return el.alt;
  }
  if (role !== 'textbox' && role !== 'combobox' && role !== 'listbox') {
    const t = shownText(el);
    if (t && t.trim()) return t;
    const img = el.querySelector('img[alt]');
    if (img && img.alt.trim()) return img.alt;
  }
  for (const attr of ['placeholder', 'aria-placeholder', 'title', 'alt']) {
    const v = el.getAttribute(attr);
    if (v && v.trim()) return v;
  }
  if (role === 'textbox' || role === 'combobox' || role === 'spinbutton' || role === 'slider' || FORM_TAGS.has(tag)) {
    const near = positionalLabel(el);
    if (near) return near;
    // last resort for unlabeled fields: the name or id a developer gave it ("username")
    const v = el.getAttribute('name') || el.id;
    if (v && v.trim()) return v.replace(/[_-]+/g, ' ');
  }
  return '';
};

// The colour name of an element's own opaque background, by hue ('' for none): what a person calls a swatch.
const colourWord = (el) => hueWord(getComputedStyle(el).backgroundColor);
// A drawn shape as a person names it: its colour (its fill, or its outline when it has none) and its kind ("red
// circle", "black box"); a text drawn in it is its words.
const SHAPE_KINDS = {circle: 'circle', ellipse: 'ellipse', line: 'line', polyline: 'line', image: 'picture'};
const shapeWords = (el) => {
  const tag = el.tagName.toLowerCase();
  if (tag === 'text') return (el.textContent || '').trim();
  const cs = getComputedStyle(el);
  const outline = unfilled(el);
  let kind = SHAPE_KINDS[tag] || 'shape';
  if (tag === 'rect') kind = outline ? 'box' : 'rectangle';
  if (tag === 'polygon') {
    const corners = el.points ? el.points.numberOfItems : 0;
    kind = corners === 3 ? 'triangle' : corners === 4 ? 'quadrilateral' : 'polygon';
  }
  if (tag === 'g') kind = (el.textContent || '').trim() || 'shape';
  const colour = hueWord(outline ? cs.stroke : cs.fill);
  return (kind === 'box' ? placeAmongBoxes(el) : '') + (colour ? colour + ' ' : '') + kind;
};
// Where a drop box stands among its drawing's boxes ("left ", "right ", "top ", "bottom "), when there are several.
const placeAmongBoxes = (el) => {
  const boxes = Array.from(el.ownerSVGElement ? el.ownerSVGElement.getElementsByTagName('rect') : [])
    .filter(b => b !== el && isDropBox(b));
  if (boxes.length === 0) return '';
  const mid = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const [x, y] = mid(el.getBoundingClientRect());
  const others = boxes.map(b => mid(b.getBoundingClientRect()));
  const spreadX = Math.max(...others.map(o => Math.abs(o[0] - x)));
  const spreadY = Math.max(...others.map(o => Math.abs(o[1] - y)));
  if (spreadX >= spreadY) {
    if (others.every(o => o[0] > x)) return 'left ';
    if (others.every(o => o[0] < x)) return 'right ';
  } else {
    if (others.every(o => o[1] > y)) return 'top ';
    if (others.every(o => o[1] < y)) return 'bottom ';
  }
  return '';
};
const hueWord = (css) => {
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(css || '');
  if (m === null || (m[4] !== undefined && Number(m[4]) < 0.5)) return '';
  const r = m[1] / 255, g = m[2] / 255, b = m[3] / 255;
  const max = Math.max(r, g, b), min = Math.min(r, g, b), l = (max + min) / 2, d = max - min;
  const sat = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  if (sat < 0.15) return l > 0.9 ? 'white' : l < 0.1 ? 'black' : 'grey';
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h = (h * 60 + 360) % 360;
  return h < 15 ? 'red' : h < 45 ? 'orange' : h < 70 ? 'yellow' : h < 165 ? 'green' : h < 195 ? 'cyan'
    : h < 255 ? 'blue' : h < 290 ? 'purple' : h < 345 ? 'pink' : 'red';
};

// The words of an id or class a developer gave a control ("send-forward", "replyButton", "trash"), '' when it is
// not made of plain words (generated ids, utility classes) or says only that it is a control ("icon", "btn").
const GENERIC_NAME_WORDS = new Set(['icon', 'icons', 'btn', 'button', 'ui', 'clickable', 'active', 'hover', 'focus',
  'disabled', 'hidden', 'visible', 'left', 'right', 'pull', 'clearfix', 'row', 'col', 'container', 'wrapper', 'item',
  'inner', 'outer', 'fa', 'glyphicon', 'material', 'js', 'is', 'has', 'el', 'wrap', 'box', 'span', 'div', 'link']);
const developerWords = (s) => {
  if (!/^[A-Za-z]+(?:[-_][A-Za-z]+){0,3}$/.test(s)) return '';
  const words = s.replace(/([a-z])([A-Z])/g, '$1 $2').split(/[-_ ]+/).map(w => w.toLowerCase());
  const kept = words.filter(w => w.length >= 3 && !GENERIC_NAME_WORDS.has(w));
  return kept.length ? kept.join(' ') : '';
};
const developerName = (el) => {
  const fromId = el.id ? developerWords(el.id) : '';
  if (fromId) return fromId;
  // the rarest class on the page names it ("pic reply": every icon is a "pic", one is the "reply")
  let best = '', bestCount = Infinity;
  for (const c of Array.from(el.classList)) {
    const w = developerWords(c);
    const n = w ? document.getElementsByClassName(c).length : Infinity;
    if (w && n <= bestCount) {
      best = w;
      bestCount = n;
    }
  }
  return best;
};

// A plain element the page marks as chosen: aria-pressed/aria-selected, or a class saying so ("selected").
const SELECTED_CLASSES = new Set(['selected', 'is-selected', 'checked', 'picked', 'chosen', 'active']);
// a toolbar's toggle that stands on names it with its library's prefix ("ql-active", "is-active", "btn--selected");
// jQuery UI's "ui-state-active" also marks the entry the pointer rests on, which is not a choice
const PREFIXED_SELECTED = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-{1,2}(?:active|selected|checked|pressed)$/;
const selectedByPage = (el) => el.getAttribute('aria-pressed') === 'true' || el.getAttribute('aria-selected') === 'true'
  || Array.from(el.classList).some(c => {
    const lower = c.toLowerCase();
    return SELECTED_CLASSES.has(lower) || (PREFIXED_SELECTED.test(lower) && lower !== 'ui-state-active');
  });

const elements = [];
const nodeOf = new Map(); // element id -> its node, for the passes after the walk
let truncated = false;
let counter = 0;
const takenClickables = []; // ancestors whose descendants are not separately clickable

// A surface: a box a script listens to that shows no text and holds no control (a drawing, a board, a touch area):
// what it does depends on where it is clicked. Its value counts the marks drawn in it, so a click that draws one is
// seen to change the page.
const MIN_SURFACE = 60;
const isSurface = (el) => {
  if (!ownHandler(el)) return false;
  const r = el.getBoundingClientRect();
  if (r.width < MIN_SURFACE || r.height < MIN_SURFACE) return false;
  if (el.tagName !== 'svg' && shownText(el).trim()) return false;
  return el.querySelector(CONTROLS) === null;
};
// A drawing's dots and circles, by colour and kind, with their centres in percent of its box ("black dot 20,30; white
// circle 50,50"): the points its figure marks, which a click may have to hit or fall between. A busy drawing (more
// than six of them: a chart, a scatter of shapes) lists none. Must read as dev.jitrl.api.SurfaceFigure parses it.
const MAX_FIGURE_MARKS = 6;
const DOT_RADIUS = 5; // percent of the box's smaller side: a dot, not a circle
const figureMarks = (el) => {
  if (el.tagName.toLowerCase() !== 'svg') return '';
  const box = el.getBoundingClientRect();
  if (box.width <= 0 || box.height <= 0) return '';
  const marks = [];
  for (const c of Array.from(el.querySelectorAll('circle, ellipse'))) {
    const r = c.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || getComputedStyle(c).visibility === 'hidden') continue;
    const x = Math.round((r.left + r.width / 2 - box.left) / box.width * 100);
    const y = Math.round((r.top + r.height / 2 - box.top) / box.height * 100);
    if (x < 0 || x > 100 || y < 0 || y > 100) continue;
    const radius = Math.max(r.width, r.height) / 2 / Math.min(box.width, box.height) * 100;
    const cs = getComputedStyle(c);
    const colour = hueWord(unfilled(c) ? cs.stroke : cs.fill);
    marks.push((colour ? colour + ' ' : '') + (radius <= DOT_RADIUS ? 'dot' : 'circle') + ' ' + x + ',' + y);
  }
  return marks.length > MAX_FIGURE_MARKS ? '' : marks.join('; ');
};
const surfaceMarks = (el) => {
  const figure = figureMarks(el);
  return el.getElementsByTagName('*').length + ' marks' + (figure ? ': ' + figure : '');
};

const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_ELEMENT, {
  acceptNode(node) {
    const tag = node.tagName;
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE'
        || tag === 'OPTION' || tag === 'OPTGROUP' || tag === 'IFRAME') {
      return NodeFilter.FILTER_REJECT;
    }
    // a drawing's parts are not targets, but for the shapes a pointer picks up and the boxes they go in; the drawing
    // itself is when a script listens to it (a surface)
    if (node.ownerSVGElement) {
      if (!holdsGrabbable(node.ownerSVGElement)) return NodeFilter.FILTER_REJECT;
      return grabbable(node) || isDropBox(node) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    }
    if (tag === 'svg' && !ownHandler(node)) {
      return holdsGrabbable(node) ? NodeFilter.FILTER_SKIP : NodeFilter.FILTER_REJECT;
    }
    return NodeFilter.FILTER_ACCEPT;
  }
});

let node = walker.currentNode;
while (node) {
  if (elements.length >= MAX_ELEMENTS) { truncated = true; break; }
  const el = node;
  node = walker.nextNode();
  if (el === document.body) continue;
  const tag = el.tagName;
  // pop ancestors we have left
  while (takenClickables.length && !takenClickables[takenClickables.length - 1].contains(el)) takenClickables.pop();
  const inTaken = takenClickables.length > 0
    && !insideOpenSubmenu(takenClickables[takenClickables.length - 1], el);
  let role = roleOf(el, tag);
  // a read-only text field cannot be typed into: clicking it (to open its picker) is all a person can do
  if (role === 'textbox' && (tag === 'INPUT' || tag === 'TEXTAREA') && el.readOnly) role = 'clickable';
  if (role === null && (isDraggable(el) || isDropTarget(el))) {
    role = isDraggable(el) ? 'draggable' : 'droptarget';
  }
  if (role === null) {
    // inside a clickable, only an element with a handler of its own is another target (a tree's nested item)
    if (inTaken && !(ownHandler(el) && !(tag === 'LABEL' && el.control))) continue;
    if (!weaklyClickable(el, tag)) continue;
    role = isSurface(el) ? 'surface' : 'clickable';
  } else if (inTaken && !FORM_TAGS.has(tag) && role !== 'checkbox' && role !== 'radio'
      && role !== 'textbox' && role !== 'slider' // a slider's handle on its clickable track is a target
      && role !== 'draggable' && role !== 'droptarget') { // so is a card to drag in a clickable column
    continue; // a link inside a clickable card, a span[role=button] inside a button
  }
  if (disabled(el) || !visible(el) || clippedAway(el)) continue;
  if (role === 'link' && tag === 'A' && selfLink(el)) continue;
  const id = 'e' + (counter++);
  el.setAttribute('data-jitrl-id', id);
  nodeOf.set(id, el);
  let value = '';
  let text = '';
  let rawValue = false;
  if (role === 'checkbox' || role === 'radio' || role === 'switch') {
    value = String(el.checked === true || el.getAttribute('aria-checked') === 'true');
    text = clean(shownText(el), MAX_FIELD);
  } else if (tag === 'SELECT') {
    value = Array.from(el.selectedOptions).map(o => o.text).join(', ');
  } else if (tag === 'INPUT' || tag === 'TEXTAREA') {
    // a field's text exactly as it is (a task may have to copy it), only cut at MAX_VALUE
    rawValue = true;
    value = (role === 'textbox' || role === 'spinbutton' || role === 'slider' || role === 'combobox'
      || role === 'clickable') ? el.value : '';
  } else if (role === 'textbox') {
    value = el.innerText;
  } else if (role === 'slider') {
    value = sliderValue(el);
  } else {
    // what its icons show belongs to what a person sees ("Prev" with a seek-start picture)
    const icons = iconsIn(el);
    const key = keyLabel(el);
    text = clean((key ? key + ' ' : '') + shownText(el) + (icons ? ' ' + icons : ''), MAX_FIELD);
    if (role === 'tab' || role === 'option' || role === 'treeitem') {
      const sel = el.getAttribute('aria-selected');
      if (sel !== null) value = sel;
    }
  }
  const secret = isSecret(el, tag);
  if (secret && value) value = '********'; // the host never reads a secret in clear
  let label = clean(accessibleName(el, tag, role), MAX_FIELD);
  if (role === 'clickable' && !label && !text) {
    // a swatch: a control with nothing to read is seen by its colour ("red")
    text = colourWord(el);
  }
  if (role === 'slider' && !label && !text) text = 'slider'; // a handle with nothing to read is "the slider"
  if (el.ownerSVGElement && !label && !text) text = shapeWords(el); // a shape to drag, a box to drop it in
  if (role === 'draggable' && !label && resizeSide(el) !== null) {
    text = ('resize handle ' + resizeSide(el)).trim(); // what a person sees: a grip on that side of the box
    const box = el.parentElement ? el.parentElement.getBoundingClientRect() : null;
    if (box) value = Math.round(box.width) + ' x ' + Math.round(box.height); // the size it gives its box
  }
  if (!label && !text && !FORM_TAGS.has(tag)) {
    // an icon drawn by a style sheet (a picture as CSS content or background): the words its developer named it by
    text = developerName(el);
  }
  if ((role === 'clickable' || role === 'button') && tag !== 'INPUT' && selectedByPage(el)) value = 'true';
  if (role === 'surface') value = surfaceMarks(el);
  if (role === 'draggable' && grabbable(el)) value = boxHolding(el); // where a shape lies: "in black box"

  // an item that owns a submenu shows the submenu's state (it is highlighted, 'true', while its submenu is open)
  if ((!value || value === 'true') && !FORM_TAGS.has(tag) && SUBMENU_ROLES.has(role)) {
    const sub = submenuOf(el);
    if (sub.state) value = sub.state;
    if (sub.state === 'expanded' && sub.popup && el.contains(sub.popup)) {
      openSubmenus.push(sub.popup);
      // the owner reads as its own words, not with every item of its open submenu
      const inner = clean(shownText(sub.popup), 100000);
      if (inner) {
        text = clean(clean(shownText(el), 100000).replace(inner, ''), MAX_FIELD);
        // a name read from the content holds the submenu's items too
        const fullName = clean(accessibleName(el, tag, role), 100000);
        if (fullName.includes(inner)) label = clean(fullName.replace(inner, ''), MAX_FIELD);
      }
    }
  }
  elements.push([id, role, label, text, rawValue ? cut(value, MAX_VALUE) : clean(value, MAX_FIELD), secret]);
  if (tag === 'SELECT') {
    const opts = Array.from(el.options).slice(0, MAX_OPTIONS);
    opts.forEach((o, i) => {
      if (o.disabled || elements.length >= MAX_ELEMENTS) return;
      const oid = id + '.' + i;
      o.setAttribute('data-jitrl-id', oid);
      const t = clean(o.text, MAX_FIELD);
      elements.push([oid, 'option', t, t, o.selected ? 'true' : 'false']);
    });
  }
  // what a drop zone or a draggable holds is seen on its own (a dialog a person can drag keeps its buttons)
  if (!FORM_TAGS.has(tag) && role !== 'droptarget' && role !== 'draggable') takenClickables.push(el);
}

// Controls with no name of their own (an icon named by its colour, its picture or its developer's words) that
// repeat on the page, one in every row of a list, are told apart by their row: the text of the largest ancestor
// that holds no other control of that name, its first words.
const ROW_CONTEXT = 48;
const unnamedGroups = new Map();
for (const e of elements) {
  if (e[2] === '' && e[3] !== '' && e[1] !== 'option' && e[1] !== 'textbox') {
    const group = unnamedGroups.get(e[3]) || [];
    group.push(e);
    unnamedGroups.set(e[3], group);
  }
}
for (const group of unnamedGroups.values()) {
  if (group.length < 2) continue;
  const nodes = group.map(e => nodeOf.get(e[0]));
  group.forEach((e, i) => {
    let row = nodes[i];
    while (row && row.parentElement && row.parentElement !== document.body
        && nodes.filter(n => n && row.parentElement.contains(n)).length === 1) {
      row = row.parentElement;
    }
    if (!row || row === nodes[i]) return;
    const words = shownText(row).split(/\s+/).filter(w => w && w !== e[3]).join(' ');
    const context = words.length > ROW_CONTEXT ? words.slice(0, ROW_CONTEXT - 1) + '\u2026' : words;
    if (context) e[3] = clean(e[3] + ' \u00b7 ' + context, MAX_FIELD);
  });
}

// Page text: headings and messages first (they say what happened), then the rest of the visible text.
const parts = [];
const seen = new Set();
let used = 0;
// a table row keeps its cells apart with tabs ("Color<TAB>red"): a policy reads a value next to its key
const cleanLine = (s, max) => {
  if (!s) return '';
  s = String(s).replace(/[^\S\t]+/g, ' ').replace(/ *\t[\t ]*/g, '\t').trim();
  return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
};
const add = (s) => {
  s = cleanLine(s, 300);
  if (!s || seen.has(s) || used >= MAX_TEXT) return;
  seen.add(s);
  parts.push(s);
  used += s.length + 1;
};
for (const el of document.querySelectorAll(
    'h1, h2, h3, [role=alert], [role=status], .error, .errors, .alert, .message, .notice, .flash, .success, .toast')) {
  if (used >= MAX_TEXT) break;
  if (visible(el)) add(shownText(el));
}
if (used < MAX_TEXT && document.body) {
  // keep line breaks: a policy reads values line by line ("Status: shipped")
  for (const line of shownText(document.body).split(/\n+/)) {
    if (used >= MAX_TEXT) break;
    add(line);
  }
}
let text = parts.join('\n');
if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);

return {url: location.href, title: document.title || '', text: text, truncated: truncated, elements: elements};
