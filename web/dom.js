// Building DOM from data. Text always goes in through textContent or text
// nodes, never through HTML parsing: cells of a register can hold anything.
// Also the small page helpers the page and the add-in share.

const svgNamespace = 'http://www.w3.org/2000/svg';

function fill(element, { className, text, attrs, dataset } = {}, children = []) {
  if (className) element.setAttribute('class', className);
  if (text !== undefined && text !== null) element.textContent = String(text);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  Object.assign(element.dataset, dataset ?? {});
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return element;
}

/** An HTML element: el('td', {className: 'numeric', text: 3}). */
export function el(tag, props, children) {
  return fill(document.createElement(tag), props, children);
}

/** An SVG element, attributes set as given. */
export function svg(tag, attrs, children) {
  return fill(document.createElementNS(svgNamespace, tag), { attrs }, children);
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/** Spreadsheet column letter for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index) {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** Safe as an id attribute and unique enough within one table. */
export function idPart(text) {
  return String(text).replace(/[^A-Za-z0-9_-]/g, (ch) => `_${ch.codePointAt(0).toString(16)}`);
}

/** Says `text` through the page's live region (#announcer). */
export function announce(text) {
  const announcer = document.getElementById('announcer');
  if (!announcer) return;
  announcer.textContent = '';
  // A fresh text node makes screen readers announce even a repeated message.
  requestAnimationFrame(() => { announcer.textContent = text; });
}

/** A stored preference (language, country: never register data), or null. */
export function readPreference(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function savePreference(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private modes may refuse storage; preferences are a convenience only.
  }
}
