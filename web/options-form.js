// The options form shared by the page and the Excel add-in: country,
// report date, periods and the Finnish action. Both use the same element ids
// (the fields' markup is shared-markup.js's).

import { clear, el } from './dom.js';
import { t } from './i18n.js';

/** @typedef {import('./pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('./pkg/amif_check.js').Options} Options */
/** @typedef {import('./pkg/amif_check.js').Period} Period */

/**
 * The form's element with this id: the page and the pane have every id asked for.
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const $input = (id) => /** @type {HTMLInputElement} */ ($(id));
/** @param {string} id */
const $select = (id) => /** @type {HTMLSelectElement} */ ($(id));

/**
 * Fills the action dropdown from the catalogue, keeping the choice.
 * @param {Catalogue | null} catalogue
 */
export function renderActionOptions(catalogue) {
  const select = $select('action');
  const chosen = select.value;
  const none = select.options[0];
  clear(select).append(none);
  for (const action of catalogue?.actions ?? []) {
    select.append(el('option', { text: `${action.code} – ${action.name}`, attrs: { value: action.code } }));
  }
  select.value = chosen;
  renderActionIndicators(catalogue);
}

/** @param {Catalogue | null} catalogue */
export function renderActionIndicators(catalogue) {
  const container = clear($('action-indicators'));
  const code = $select('action').value;
  const action = catalogue?.actions.find((entry) => entry.code === code);
  if (!action) return;
  if (action.indicators.length === 0) {
    container.append(el('p', { className: 'hint', text: t('options.actionNoIndicators') }));
    return;
  }
  // `action` came from the catalogue, so it is not null.
  const names = new Map(/** @type {Catalogue} */ (catalogue).indicators.map((entry) => [entry.code, entry.name]));
  container.append(
    el('p', { className: 'hint', text: t('options.actionIndicators', { code }) }),
    el('ul', { className: 'action-indicator-list' }, action.indicators.map((indicator) => el('li', {}, [
      el('span', { className: 'indicator-code', text: indicator }),
      names.has(indicator) ? ` ${names.get(indicator)}` : '',
    ]))),
  );
}

export function updateActionVisibility() {
  // Actions are a Finnish programme structure; Swedish registers never use them.
  const swedish = $select('country').value === 'se';
  /** @type {HTMLElement} */ ($('action').closest('.field')).hidden = swedish;
}

/**
 * @param {string[]} ids
 * @param {boolean} invalid
 */
function markInvalid(ids, invalid) {
  for (const id of ids) {
    if (invalid) $(id).setAttribute('aria-invalid', 'true');
    else $(id).removeAttribute('aria-invalid');
  }
}

/**
 * The period of two date inputs, null when both are empty or it is wrong (a problem then added).
 * @param {string} fromId
 * @param {string} toId
 * @param {string} nameKey i18n key of the period's name
 * @param {string[]} problems
 * @returns {Period | null}
 */
function readPeriod(fromId, toId, nameKey, problems) {
  const from = $input(fromId).value;
  const to = $input(toId).value;
  markInvalid([fromId, toId], false);
  if (!from && !to) return null;
  if (!from || !to) {
    problems.push(t('options.periodIncomplete', { what: t(nameKey) }));
    markInvalid([from ? toId : fromId], true);
    return null;
  }
  if (to < from) {
    problems.push(t('options.periodOrder', { what: t(nameKey) }));
    markInvalid([fromId, toId], true);
    return null;
  }
  return { from, to };
}

/**
 * The options for the core, or null (with the problem shown in
 * #options-error) when the form is incomplete. `headerRow` 0: searched for.
 * @param {{lang: string, sheet: string, mapping: Record<string, string>, headerRow?: number}} given
 * @returns {Options | null}
 */
export function collectOptions({ lang, sheet, mapping, headerRow = 0 }) {
  /** @type {string[]} */
  const problems = [];
  const referenceDate = $input('reference-date').value;
  markInvalid(['reference-date'], !referenceDate);
  if (!referenceDate) problems.push(t('options.needReferenceDate'));
  const period = readPeriod('period-from', 'period-to', 'options.periodName', problems);
  const projectPeriod = readPeriod('project-from', 'project-to', 'options.projectPeriodName', problems);
  const errorBox = $('options-error');
  if (problems.length > 0) {
    errorBox.textContent = problems.join(' ');
    errorBox.hidden = false;
    return null;
  }
  errorBox.hidden = true;

  /** @type {Options} */
  const options = { referenceDate, lang };
  const country = $select('country').value;
  if (country !== 'auto') options.country = country;
  if (period) options.period = period;
  if (projectPeriod) options.projectPeriod = projectPeriod;
  const action = $select('action').value;
  if (action && country !== 'se') options.action = action;
  if (sheet) options.sheet = sheet;
  if (headerRow > 0) options.headerRow = headerRow;
  if (Object.keys(mapping).length > 0) options.mapping = { ...mapping };
  return options;
}

/**
 * Calls `changed` whenever the user changes an option.
 * @param {() => void} changed
 */
export function watchOptions(changed) {
  $('options-form').addEventListener('change', changed);
}

export function todayLocal() {
  const now = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
