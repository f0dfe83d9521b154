// Installed before any page script (CDP Page.addScriptToEvaluateOnNewDocument): remembers the elements a
// page gives a click listener through addEventListener (d3's .on, jQuery's .on/.click, plain code), so
// that observe.js can offer a span or a list item that is clickable only through a script, as on many real
// sites. The elements are kept in a WeakSet on window; the page's own behaviour is unchanged.
(() => {
  if (window.__jitrlClickTargets) return;
  const targets = new WeakSet();
  Object.defineProperty(window, '__jitrlClickTargets', {value: targets, enumerable: false});
  // the elements that take drops (a drag-and-drop zone listens to 'drop')
  const drops = new WeakSet();
  Object.defineProperty(window, '__jitrlDropTargets', {value: drops, enumerable: false});
  // the parts of a drawing a pointer press picks up (a shape with a drag behaviour: d3's drag listens to mousedown)
  const grabs = new WeakSet();
  Object.defineProperty(window, '__jitrlGrabTargets', {value: grabs, enumerable: false});
  // the drawings a pointer press draws on (a pen: the svg itself listens to mousedown)
  const pads = new WeakSet();
  Object.defineProperty(window, '__jitrlDrawTargets', {value: pads, enumerable: false});
  const PRESS = new Set(['mousedown', 'pointerdown', 'touchstart']);
  const drawn = (el) => typeof SVGGraphicsElement !== 'undefined' && el instanceof SVGGraphicsElement
    && !(el instanceof SVGSVGElement);
  // click only: mousedown/pointerdown listeners mostly guard focus or start drags, often on a whole list
  const CLICKY = new Set(['click', 'dblclick']);
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    try {
      if (CLICKY.has(type) && this instanceof Element) targets.add(this);
      if (type === 'drop' && this instanceof Element) drops.add(this);
      if (PRESS.has(type) && drawn(this)) grabs.add(this);
      if (PRESS.has(type) && typeof SVGSVGElement !== 'undefined' && this instanceof SVGSVGElement) pads.add(this);
    } catch (e) {
      // never break the page
    }
    return add.call(this, type, listener, options);
  };
})();
