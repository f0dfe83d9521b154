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
  // click only: mousedown/pointerdown listeners mostly guard focus or start drags, often on a whole list
  const CLICKY = new Set(['click', 'dblclick']);
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    try {
      if (CLICKY.has(type) && this instanceof Element) targets.add(this);
      if (type === 'drop' && this instanceof Element) drops.add(this);
    } catch (e) {
      // never break the page
    }
    return add.call(this, type, listener, options);
  };
})();
