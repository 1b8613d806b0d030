// The options form shared by the page and the Excel add-in: country,
// report date, what time is counted (the whole register, one reporting
// period, or periods side by side), project period and the Finnish action.
// Both use the same element ids (the fields' markup is shared-markup.js's).

import { clear, el } from './dom.js';
import { indicatorNames, t } from './i18n.js';

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
  const names = indicatorNames(catalogue);
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

/** The periods side by side the core counts by itself, from the project period's start. */
const regularPeriods = ['quarterly', 'half-yearly', 'yearly'];

/** The chosen way of counting: `whole`, `period`, one of regularPeriods, or `custom`. */
function countingChoice() {
  const checked = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="counting"]:checked'));
  return checked?.value ?? 'whole';
}

/** Shows the dates the chosen way of counting needs, and only those. */
export function updateCountingDetails() {
  const choice = countingChoice();
  $('period-inputs').hidden = choice !== 'period';
  $('custom-periods').hidden = choice !== 'custom';
  if (choice === 'custom' && $('custom-period-list').children.length === 0) addCustomPeriod({ focus: false });
}

/** Numbers the custom periods' legends and remove buttons after a change. */
function numberCustomPeriods() {
  [...$('custom-period-list').children].forEach((item, index) => {
    const number = index + 1;
    /** @type {HTMLElement} */ (item.querySelector('legend')).textContent = t('options.customPeriod', { number });
    /** @type {HTMLElement} */ (item.querySelector('button')).textContent = t('options.removePeriod', { number });
  });
}

let customPeriodIds = 0;

/**
 * Adds an empty period to the custom list, its first date focused unless told otherwise.
 * @param {{focus?: boolean}} [how]
 */
export function addCustomPeriod({ focus = true } = {}) {
  customPeriodIds += 1;
  const id = customPeriodIds;
  const dateField = (/** @type {string} */ part, /** @type {string} */ key) => el('div', {}, [
    el('label', { text: t(key), attrs: { for: `custom-${part}-${id}` }, dataset: { i18n: key } }),
    el('input', { attrs: { type: 'date', id: `custom-${part}-${id}` }, className: `custom-${part}` }),
  ]);
  const remove = el('button', { className: 'button secondary small', attrs: { type: 'button' } });
  const item = el('li', {}, [
    el('fieldset', { className: 'custom-period' }, [
      el('legend', {}),
      el('div', { className: 'period-inputs' }, [dateField('from', 'options.from'), dateField('to', 'options.to'), remove]),
    ]),
  ]);
  remove.addEventListener('click', () => {
    item.remove();
    numberCustomPeriods();
    $('add-period').focus();
    $('options-form').dispatchEvent(new Event('change', { bubbles: true }));
  });
  $('custom-period-list').append(item);
  numberCustomPeriods();
  if (focus) /** @type {HTMLInputElement} */ (item.querySelector('input')).focus();
}

/**
 * The custom periods in date order, or null (with a problem added) when one
 * is incomplete or the periods overlap: a person counts in one of them.
 * @param {string[]} problems
 * @returns {Period[] | null}
 */
function readCustomPeriods(problems) {
  const items = [...$('custom-period-list').children];
  /** @type {{from: string, to: string, inputs: HTMLInputElement[]}[]} */
  const periods = [];
  for (const item of items) {
    const inputs = /** @type {HTMLInputElement[]} */ ([...item.querySelectorAll('input')]);
    for (const input of inputs) input.removeAttribute('aria-invalid');
    const [from, to] = inputs.map((input) => input.value);
    if (!from && !to) continue;
    if (!from || !to || to < from) {
      problems.push(t(!from || !to ? 'options.customIncomplete' : 'options.customOrder', { number: items.indexOf(item) + 1 }));
      for (const input of inputs) input.setAttribute('aria-invalid', 'true');
      return null;
    }
    periods.push({ from, to, inputs });
  }
  if (periods.length === 0) {
    problems.push(t('options.customNone'));
    return null;
  }
  periods.sort((a, b) => (a.from < b.from ? -1 : 1));
  const overlap = periods.findIndex((period, index) => index > 0 && period.from <= periods[index - 1].to);
  if (overlap > 0) {
    problems.push(t('options.customOverlap', {
      first: `${periods[overlap - 1].from} – ${periods[overlap - 1].to}`,
      second: `${periods[overlap].from} – ${periods[overlap].to}`,
    }));
    for (const input of [...periods[overlap - 1].inputs, ...periods[overlap].inputs]) input.setAttribute('aria-invalid', 'true');
    return null;
  }
  return periods.map(({ from, to }) => ({ from, to }));
}

/**
 * The options for the core, or null (with the problem shown in
 * #options-error) when the form is incomplete. `headerRow` 0: searched for.
 * @param {{lang: string, sheet: string, mapping: Record<string, string>, headerRow?: number}} given `mapping`: header → field key
 * @returns {Options | null}
 */
export function collectOptions({ lang, sheet, mapping, headerRow = 0 }) {
  /** @type {string[]} */
  const problems = [];
  const referenceDate = $input('reference-date').value;
  markInvalid(['reference-date'], !referenceDate);
  if (!referenceDate) problems.push(t('options.needReferenceDate'));
  const counting = countingChoice();
  let period = null;
  if (counting === 'period') {
    period = readPeriod('period-from', 'period-to', 'options.periodName', problems);
    if (!period && problems.length === 0) {
      problems.push(t('options.periodMissing'));
      markInvalid(['period-from', 'period-to'], true);
    }
  }
  const customPeriods = counting === 'custom' ? readCustomPeriods(problems) : null;
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
  if (regularPeriods.includes(counting)) options.periods = counting;
  if (customPeriods) options.periods = customPeriods;
  if (projectPeriod) options.projectPeriod = projectPeriod;
  const action = $select('action').value;
  if (action && country !== 'se') options.action = action;
  if (sheet) options.sheet = sheet;
  if (headerRow > 0) options.headerRow = headerRow;
  if (Object.keys(mapping).length > 0) options.mapping = columnChoices(mapping);
  return options;
}

/**
 * What the register template is made for: the chosen country (detected:
 * Finland on the Finnish page, else Sweden) and a Finnish action.
 * @param {string} lang the template's language
 * @returns {import('./pkg/amif_check.js').TemplateOptions & {country: string}}
 */
export function templateOptions(lang) {
  const chosen = $select('country').value;
  const country = chosen === 'auto' ? (lang === 'fi' ? 'fi' : 'se') : chosen;
  const action = $select('action').value;
  return country === 'fi' && action ? { country, action, lang } : { country, lang };
}

/**
 * The core's form of the user's column choices: a list, so any number of
 * columns can be left unused.
 * @param {Record<string, string>} mapping header → field key (`-`: not used)
 * @returns {import('./pkg/amif_check.js').ColumnChoice[]}
 */
export function columnChoices(mapping) {
  return Object.entries(mapping).map(([header, field]) => ({ header, field }));
}

/**
 * Calls `changed` whenever the user changes an option, and keeps the
 * dates shown that the chosen way of counting needs.
 * @param {() => void} changed
 */
export function watchOptions(changed) {
  const form = $('options-form');
  form.addEventListener('change', (event) => {
    if (/** @type {HTMLInputElement} */ (event.target).name === 'counting') updateCountingDetails();
    changed();
  });
  $('add-period').addEventListener('click', () => addCustomPeriod());
}

/** The custom periods' words in the current language (after a language switch). */
export function translateCustomPeriods() {
  numberCustomPeriods();
}

export function todayLocal() {
  const now = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
