// The result's summary, indicator table and column mapping panel.

import { clear, columnLetter, el, idPart } from './dom.js';
import { formatNumber, language, t } from './i18n.js';

/** @typedef {import('./pkg/amif_check.js').AgeCategory} AgeCategory */
/** @typedef {import('./pkg/amif_check.js').Breakdown} Breakdown */
/** @typedef {import('./pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('./pkg/amif_check.js').CatalogueIndicator} CatalogueIndicator */
/** @typedef {import('./pkg/amif_check.js').Column} Column */
/** @typedef {import('./pkg/amif_check.js').FieldInfo} FieldInfo */
/** @typedef {import('./pkg/amif_check.js').Gender} Gender */
/** @typedef {import('./pkg/amif_check.js').Indicator} Indicator */
/** @typedef {import('./pkg/amif_check.js').Summary} Summary */
/** @typedef {import('./pkg/amif_check.js').ValidationResult} ValidationResult */

/** @type {AgeCategory[]} */
export const ageGroups = ['<18', '18-60', '>60'];
/** @type {Gender[]} */
export const genders = ['man', 'kvinna', 'icke-binär'];

/** @type {[keyof Summary, string][]} The summary's counts and their labels' i18n keys. */
export const summaryItems = [
  ['rows', 'summary.rows'],
  ['rows_counted', 'summary.rowsCounted'],
  ['rows_excluded', 'summary.rowsExcluded'],
  ['persons', 'summary.persons'],
  ['persons_excluded', 'summary.personsExcluded'],
  ['errors', 'summary.errors'],
  ['warnings', 'summary.warnings'],
];

/**
 * @param {HTMLElement} container
 * @param {Summary} summary
 */
export function renderSummary(container, summary) {
  const list = el('dl', { className: 'summary-list' });
  for (const [key, label] of summaryItems) {
    const value = summary[key] ?? 0;
    let tone = '';
    if (key === 'errors' && value > 0) tone = ' tone-error';
    if (key === 'warnings' && value > 0) tone = ' tone-warning';
    list.append(el('div', { className: `summary-item${tone}`, dataset: { key } }, [
      el('dt', { text: t(label) }),
      el('dd', { text: formatNumber(value), dataset: { value: String(value) } }),
    ]));
  }
  clear(container).append(list);
}

/**
 * The verdict on a result: what to do next, and never "can be reported"
 * for a register without participant rows.
 * @param {ValidationResult} result
 * @returns {{text: string, tone: 'error' | 'warning' | 'ok'}}
 */
export function verdict(result) {
  const { summary } = result;
  if (summary.rows === 0) {
    const text = result.sheet ? t('verdict.emptySheet', { sheet: result.sheet }) : t('verdict.empty');
    return { text, tone: summary.errors > 0 ? 'error' : 'warning' };
  }
  if (summary.errors > 0) return { text: t('verdict.errors'), tone: 'error' };
  if (summary.warnings > 0) return { text: t('verdict.warnings'), tone: 'warning' };
  return { text: t('verdict.clean'), tone: 'ok' };
}

/**
 * What the page and the add-in show alike of a result, into the elements
 * they share by id: where it came from, the summary, the verdict, what to
 * report and the indicator table. Returns whether there are indicators.
 * @param {ValidationResult} result
 * @param {{source: string, catalogue: Catalogue | null, fields: FieldInfo[], mapping: Record<string, string>}} shown
 */
export function renderOutcome(result, shown) {
  /** @param {string} id */
  const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  renderContext(byId('result-context'), result, shown);
  renderSummary(byId('summary'), result.summary);
  const said = verdict(result);
  const verdictLine = byId('verdict');
  verdictLine.textContent = said.text;
  verdictLine.className = `verdict tone-${said.tone}`;
  const period = result.aggregates.period;
  let periodNote = t('indicators.wholeProject');
  if (period) periodNote = t('indicators.period', { from: period.from, to: period.to });
  else if (result.aggregates.periods?.length) periodNote = t('indicators.wholeWithPeriods');
  byId('indicators-period').textContent = periodNote;
  const excluded = result.summary.rows_excluded;
  byId('guide-excluded').textContent = excluded > 0
    ? t('guide.excluded', { rows: formatNumber(excluded) })
    : t('guide.noneExcluded');
  byId('guide-excluded').classList.toggle('tone-error', excluded > 0);
  const hasIndicators = result.indicators.length > 0;
  byId('indicators-none').hidden = hasIndicators;
  byId('indicator-table-wrap').hidden = !hasIndicators;
  renderIndicatorTable(/** @type {HTMLTableElement} */ (byId('indicator-table')), result.indicators, shown.catalogue);
  return hasIndicators;
}

/**
 * The context line: file, sheet, header row, country, report date and the
 * user's column choices (as the aggregates record them).
 * @param {HTMLElement} container
 * @param {ValidationResult} result
 * @param {{source: string, fields: FieldInfo[]}} shown
 */
export function renderContext(container, result, { source, fields }) {
  const parts = [t('context.file', { name: source })];
  if (result.sheet) parts.push(t('context.sheet', { sheet: result.sheet }));
  const chosenRow = Boolean(result.aggregates.stamp?.options.header_row);
  parts.push(t(chosenRow ? 'context.headerRowChosen' : 'context.headerRow', { row: result.headerRow }));
  const country = t(`country.${result.country}`);
  parts.push(t(result.countryDetected ? 'context.countryDetected' : 'context.country', { country }));
  parts.push(t('context.referenceDate', { date: result.aggregates.reference_date }));
  const choices = Object.entries(result.aggregates.mapping ?? {});
  if (choices.length > 0) {
    const labels = new Map(fields.map((field) => [field.key, field.label]));
    const named = choices.map(([header, key]) => `${header} → ${key === '-' ? t('columns.unused') : labels.get(key) ?? key}`);
    parts.push(t('context.mapping', { choices: named.join('; ') }));
  }
  clear(container);
  parts.forEach((part, index) => {
    container.append(el('span', { className: 'context-part', text: part }));
    if (index < parts.length - 1) container.append(' · ');
  });
}

/**
 * How deep a code sits under its parents, from the catalogue or the code itself.
 * @param {string} code
 * @param {Map<string, CatalogueIndicator>} byCode
 */
function depthOf(code, byCode) {
  let depth = 0;
  let entry = byCode.get(code);
  if (!entry) return Math.max(0, code.split('.').length - 3);
  const seen = new Set();
  while (entry?.parent && !seen.has(entry.parent)) {
    seen.add(entry.parent);
    depth += 1;
    entry = byCode.get(entry.parent);
  }
  return depth;
}

/**
 * @param {HTMLTableElement} table with a head and a body
 * @param {Indicator[]} indicators
 * @param {Catalogue | null} catalogue
 */
export function renderIndicatorTable(table, indicators, catalogue) {
  const byCode = new Map((catalogue?.indicators ?? []).map((entry) => [entry.code, entry]));
  const head = clear(/** @type {HTMLTableSectionElement} */ (table.tHead));
  const body = clear(table.tBodies[0]);

  const ageHeaderId = (/** @type {AgeCategory} */ age) => `ind-age-${idPart(age)}`;
  /**
   * @param {AgeCategory} age
   * @param {Gender} gender
   */
  const genderHeaderId = (age, gender) => `ind-gender-${idPart(age)}-${idPart(gender)}`;
  head.append(
    el('tr', {}, [
      el('th', { text: t('indicators.code'), attrs: { scope: 'col', rowspan: 2, id: 'ind-code' } }),
      el('th', { text: t('indicators.name'), attrs: { scope: 'col', rowspan: 2, id: 'ind-name' } }),
      el('th', { className: 'numeric', text: t('indicators.total'), attrs: { scope: 'col', rowspan: 2, id: 'ind-total' } }),
      ...ageGroups.map((age) => el('th', {
        className: 'group-start',
        text: t('age.header', { age: t(`age.${age}`) }),
        attrs: { scope: 'colgroup', colspan: 3, id: ageHeaderId(age) },
      })),
    ]),
    el('tr', {}, ageGroups.flatMap((age) => genders.map((gender, index) => el('th', {
      className: `numeric${index === 0 ? ' group-start' : ''}`,
      text: t(`gender.${gender}`),
      attrs: { scope: 'col', id: genderHeaderId(age, gender) },
    })))),
  );

  for (const indicator of indicators) {
    const entry = byCode.get(indicator.code);
    const depth = depthOf(indicator.code, byCode);
    const rowHeaderId = `ind-row-${idPart(indicator.code)}`;
    const nameCell = el('td', { className: `indicator-name depth-${Math.min(depth, 3)}` }, [
      el('span', { className: 'indicator-title', text: entry?.name ?? indicator.code }),
      el('span', { className: 'indicator-unit', text: t(`unit.${indicator.unit}`) }),
    ]);
    if (depth > 0 && entry?.parent) {
      nameCell.prepend(el('span', { className: 'visually-hidden', text: `${t('indicators.subOf', { parent: entry.parent })}: ` }));
    }
    const row = el('tr', { className: depth > 0 ? 'sub-indicator' : '' }, [
      el('th', {
        className: `indicator-code depth-${Math.min(depth, 3)}`,
        text: indicator.code,
        attrs: { scope: 'row', id: rowHeaderId },
      }),
      nameCell,
      el('td', {
        className: 'numeric total',
        text: formatNumber(indicator.total),
        attrs: { headers: `${rowHeaderId} ind-total` },
        dataset: { label: t('indicators.total') },
      }),
    ]);
    if (indicator.breakdown) {
      for (const age of ageGroups) {
        genders.forEach((gender, index) => {
          const count = /** @type {Breakdown} */ (indicator.breakdown)[age]?.[gender] ?? 0;
          row.append(el('td', {
            className: `numeric${index === 0 ? ' group-start' : ''}${count === 0 ? ' zero' : ''}`,
            text: formatNumber(count),
            attrs: { headers: `${rowHeaderId} ${ageHeaderId(age)} ${genderHeaderId(age, gender)}` },
            // A narrow screen stacks the matrix: each count then shows its age group and gender.
            dataset: { label: `${t(`age.${age}`)} · ${t(`gender.${gender}`)}` },
          }));
        });
      }
    } else {
      row.append(el('td', { className: 'no-split group-start', text: t('indicators.noSplit'), attrs: { colspan: 9 } }));
    }
    body.append(row);
  }
}

/** @type {{fields: FieldInfo[] | null, lang: string, groups: DocumentFragment | null}} */
let fieldGroupsMade = { fields: null, lang: '', groups: null };

/**
 * The dropdowns' field and indicator groups, built once per field list and
 * language and cloned into every dropdown: cloning is several times faster
 * than building the same few dozen options again for each column.
 * @param {FieldInfo[]} fields
 * @returns {DocumentFragment}
 */
function fieldOptionGroups(fields) {
  const made = fieldGroupsMade;
  if (made.fields === fields && made.lang === language()) return /** @type {DocumentFragment} */ (made.groups);
  const plain = fields.filter((field) => !field.key.startsWith('indicator:'));
  const indicatorFields = fields.filter((field) => field.key.startsWith('indicator:'));
  const groups = document.createDocumentFragment();
  groups.append(
    el('optgroup', { attrs: { label: t('columns.groupFields') } },
      plain.map((field) => el('option', { text: field.label, attrs: { value: field.key } }))),
    el('optgroup', { attrs: { label: t('columns.groupIndicators') } },
      indicatorFields.map((field) => el('option', { text: field.label, attrs: { value: field.key } }))),
  );
  fieldGroupsMade = { fields, lang: language(), groups };
  return groups;
}

/** The dropdowns' value for "not used"; the core's field key for it is `-`. */
const unusedField = '-';

/**
 * The mapping panel: one row per column with a dropdown of fields. Returns
 * nothing; the caller reads choices with readMapping().
 * @param {HTMLTableSectionElement} tbody
 * @param {Column[]} columns
 * @param {FieldInfo[]} fields
 * @param {Record<string, string>} userMapping header → field key, as chosen by the user
 */
export function renderColumns(tbody, columns, fields, userMapping) {
  clear(tbody);
  const fieldGroups = fieldOptionGroups(fields);
  for (const column of columns) {
    const letter = columnLetter(column.index);
    const header = column.header.trim() === '' ? t('columns.emptyHeader') : column.header;
    const mappedByUser = Object.hasOwn(userMapping, column.header);
    const current = column.field ?? unusedField;
    const select = el('select', {
      className: column.field ? '' : 'unmapped',
      attrs: { 'aria-label': t('columns.selectLabel', { letter, header }) },
      dataset: { header: column.header, original: current },
    });
    select.append(el('option', { text: t('columns.unused'), attrs: { value: unusedField } }));
    // A field the dropdown list lacks still shows, so nothing is silently changed.
    if (column.field && !fields.some((field) => field.key === column.field)) {
      select.append(el('option', { text: column.field, attrs: { value: column.field } }));
    }
    select.append(fieldGroups.cloneNode(true));
    select.value = current;
    let badge = null;
    if (mappedByUser) badge = el('span', { className: 'badge badge-user', text: t('columns.userBadge') });
    else if (!column.field) badge = el('span', { className: 'badge badge-info', text: t('columns.unknownBadge') });
    const rowClass = mappedByUser ? 'user-set' : column.field ? '' : 'unmapped-row';
    tbody.append(el('tr', { className: rowClass }, [
      el('td', { className: 'column-letter', text: letter, dataset: { label: t('columns.letter') } }),
      el('th', { attrs: { scope: 'row' }, text: header }),
      el('td', {}, [select, badge]),
    ]));
  }
}

/**
 * The column choices for the next run: the user's earlier choices, updated
 * by every dropdown that now differs from how the core understood its
 * column. Header as written → field key (`-`: not used, for as many
 * columns as the user leaves out).
 * @param {HTMLTableSectionElement} tbody
 * @param {Record<string, string>} previous
 * @returns {Record<string, string>}
 */
export function readMapping(tbody, previous) {
  const mapping = { ...previous };
  for (const select of tbody.querySelectorAll('select')) {
    // renderColumns set both.
    const { header, original } = /** @type {{header: string, original: string}} */ (select.dataset);
    if (select.value !== original) mapping[header] = select.value;
  }
  return mapping;
}
