// Shared by the observer and the executor (which moves a slider and reads it back after each key press).
// What a slider is set to: its own value (a range input, aria-valuenow), else the number shown right next to its
// track (a readout such as <div id=val>37</div>); '' when nothing says.
const NUMBER_TEXT = /^-?\d+(?:\.\d+)?$/;
const sliderValue = (el) => {
  if (el.tagName === 'INPUT') return el.value;
  const now = el.getAttribute('aria-valuenow');
  if (now !== null && now.trim()) return now.trim();
  const track = el.parentElement;
  for (const sib of [track && track.nextElementSibling, track && track.previousElementSibling]) {
    const t = sib ? (sib.innerText || '').trim() : '';
    if (NUMBER_TEXT.test(t)) return t;
  }
  return '';
};

