// The options form shared by the page and the Excel add-in: country,
// report date, periods and the Finnish action. Both use the same element ids.

import { clear, el } from './dom.js';
import { t } from './i18n.js';

const $ = (id) => document.getElementById(id);

/** Fills the action dropdown from the catalogue, keeping the choice. */
export function renderActionOptions(catalogue) {
  const select = $('action');
  const chosen = select.value;
  const none = select.options[0];
  clear(select).append(none);
  for (const action of catalogue?.actions ?? []) {
    select.append(el('option', { text: `${action.code} – ${action.name}`, attrs: { value: action.code } }));
  }
  select.value = chosen;
  renderActionIndicators(catalogue);
}

export function renderActionIndicators(catalogue) {
  const container = clear($('action-indicators'));
  const code = $('action').value;
  const action = catalogue?.actions.find((entry) => entry.code === code);
  if (!action) return;
  if (action.indicators.length === 0) {
    container.append(el('p', { className: 'hint', text: t('options.actionNoIndicators') }));
    return;
  }
  const names = new Map(catalogue.indicators.map((entry) => [entry.code, entry.name]));
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
  const swedish = $('country').value === 'se';
  $('action').closest('.field').hidden = swedish;
}

function markInvalid(ids, invalid) {
  for (const id of ids) {
    if (invalid) $(id).setAttribute('aria-invalid', 'true');
    else $(id).removeAttribute('aria-invalid');
  }
}

function readPeriod(fromId, toId, nameKey, problems) {
  const from = $(fromId).value;
  const to = $(toId).value;
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
 * #options-error) when the form is incomplete.
 */
export function collectOptions({ lang, sheet, mapping }) {
  const problems = [];
  const referenceDate = $('reference-date').value;
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

  const options = { referenceDate, lang };
  const country = $('country').value;
  if (country !== 'auto') options.country = country;
  if (period) options.period = period;
  if (projectPeriod) options.projectPeriod = projectPeriod;
  const action = $('action').value;
  if (action && country !== 'se') options.action = action;
  if (sheet) options.sheet = sheet;
  if (Object.keys(mapping).length > 0) options.mapping = { ...mapping };
  return options;
}

export function todayLocal() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
