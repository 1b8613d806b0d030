// Building DOM from data. Text always goes in through textContent or text
// nodes, never through HTML parsing: cells of a register can hold anything.
// Also the small page helpers the page and the add-in share.

const svgNamespace = 'http://www.w3.org/2000/svg';

/**
 * @typedef {object} Props
 * @property {string} [className]
 * @property {unknown} [text] shown as String(text); null and undefined show nothing
 * @property {Record<string, unknown>} [attrs] true sets an empty attribute; false, null and undefined none
 * @property {Record<string, string>} [dataset]
 */

/** @typedef {Node | string | number | null | undefined | false} Child Left out when null, undefined or false. */

/**
 * @template {HTMLElement | SVGElement} E
 * @param {E} element
 * @param {Props} [props]
 * @param {Child[]} [children]
 * @returns {E}
 */
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

/**
 * An HTML element: el('td', {className: 'numeric', text: 3}).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {Child[]} [children]
 */
export function el(tag, props, children) {
  return fill(document.createElement(tag), props, children);
}

/**
 * An SVG element, attributes set as given.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Props['attrs']} [attrs]
 * @param {Child[]} [children]
 */
export function svg(tag, attrs, children) {
  return fill(document.createElementNS(svgNamespace, tag), { attrs }, children);
}

/**
 * @template {Element} E
 * @param {E} element
 * @returns {E}
 */
export function clear(element) {
  element.replaceChildren();
  return element;
}

/**
 * Spreadsheet column letter for a 0-based index: 0 → A, 26 → AA.
 * @param {number} index
 */
export function columnLetter(index) {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * Safe as an id attribute and unique enough within one table.
 * @param {unknown} text
 */
export function idPart(text) {
  // `ch` is one UTF-16 unit, never empty: codePointAt(0) is a number.
  return String(text).replace(/[^A-Za-z0-9_-]/g, (ch) => `_${/** @type {number} */ (ch.codePointAt(0)).toString(16)}`);
}

/**
 * Says `text` through the page's live region (#announcer).
 * @param {string} text
 */
export function announce(text) {
  const announcer = document.getElementById('announcer');
  if (!announcer) return;
  announcer.textContent = '';
  // A fresh text node makes screen readers announce even a repeated message.
  requestAnimationFrame(() => { announcer.textContent = text; });
}

/**
 * A stored preference (the language, the column choices: never register data), or null.
 * @param {string} key
 */
export function readPreference(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * Stores a preference; null removes it.
 * @param {string} key
 * @param {string | null} value
 */
export function savePreference(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Private modes may refuse storage; preferences are a convenience only.
  }
}
