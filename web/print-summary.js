// The page's printed summary: one page with the figures, their stamp, the
// numbers of errors and warnings and the date, for a report's appendix or
// an auditor. Nothing personal: no identifier, name, birth date or problem
// list. Kept up to date with the shown result, and shown only in print
// (style.css's print rules hide the rest of the page).

import { clear, el } from './dom.js';
import { formatNumber, indicatorNames, t } from './i18n.js';
import { periodLabel } from './periods-view.js';
import { ageGroups, genders, summaryItems } from './results-view.js';
import { stampItems } from './stamp-view.js';
import { todayLocal } from './options-form.js';

/** @typedef {import('./pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('./pkg/amif_check.js').FieldInfo} FieldInfo */
/** @typedef {import('./pkg/amif_check.js').ValidationResult} ValidationResult */

/** Table rows beyond which the summary takes a smaller type. */
const denseRows = 24;

/** @typedef {{text: string, colspan?: number, rowspan?: number, numeric?: boolean}} HeaderCell */

/**
 * A compact table: header rows, then rows whose first cell heads the row.
 * @param {HeaderCell[][]} headerRows
 * @param {(string | number)[][]} rows
 * @param {string} className
 */
function table(headerRows, rows, className) {
  return el('table', { className }, [
    el('thead', {}, headerRows.map((cells) => el('tr', {}, cells.map((cell) => el('th', {
      className: cell.numeric ? 'numeric' : '',
      attrs: { scope: cell.colspan ? 'colgroup' : 'col', colspan: cell.colspan, rowspan: cell.rowspan },
      text: cell.text,
    }))))),
    el('tbody', {}, rows.map((row) => el('tr', {}, row.map((cell, i) => el(i === 0 ? 'th' : 'td', {
      className: typeof cell === 'number' ? 'numeric' : '',
      attrs: i === 0 ? { scope: 'row' } : {},
      text: typeof cell === 'number' ? formatNumber(cell) : cell,
    }))))),
  ]);
}

/**
 * Fills the print summary with the shown result, dated today.
 * @param {HTMLElement} container
 * @param {ValidationResult} result
 * @param {{catalogue: Catalogue | null, fields: FieldInfo[], stale: string | null}} how `stale`: why the result is out of date (an i18n key)
 */
export function renderPrintSummary(container, result, { catalogue, fields, stale }) {
  const { aggregates, summary } = result;
  const names = indicatorNames(catalogue);
  const parts = [
    el('h1', { text: t('print.title') }),
    el('p', { className: 'print-dates', text: t('print.dates', { printed: todayLocal(), date: aggregates.reference_date }) }),
    ...(stale ? [el('p', { className: 'print-stale', text: t(stale) })] : []),
    el('h2', { text: t('print.counts') }),
    el('dl', { className: 'print-counts' }, summaryItems.map(([key, label]) => el('div', {}, [
      el('dt', { text: t(label) }), el('dd', { text: formatNumber(summary[key] ?? 0), dataset: { key } }),
    ]))),
    el('h2', { text: t('print.figures') }),
  ];
  if (result.indicators.length === 0) {
    parts.push(el('p', { text: t('indicators.none') }));
  } else {
    // Age groups over their three genders, as on screen: narrow enough for a portrait page.
    parts.push(table(
      [
        [
          { text: t('indicators.code'), rowspan: 2 }, { text: t('indicators.name'), rowspan: 2 }, { text: t('indicators.total'), rowspan: 2, numeric: true },
          ...ageGroups.map((age) => ({ text: t('age.header', { age: t(`age.${age}`) }), colspan: genders.length })),
        ],
        ageGroups.flatMap(() => genders.map((gender) => ({ text: t(`gender.${gender}`), numeric: true }))),
      ],
      result.indicators.map((indicator) => [
        indicator.code,
        names.get(indicator.code) ?? '',
        indicator.total,
        ...(indicator.breakdown
          ? ageGroups.flatMap((age) => genders.map((gender) => /** @type {import('./pkg/amif_check.js').Breakdown} */ (indicator.breakdown)[age][gender]))
          : ageGroups.flatMap(() => genders.map(() => '–'))),
      ]),
      'print-table print-indicators',
    ));
  }
  const periods = aggregates.periods ?? [];
  if (periods.length > 0 && result.indicators.length > 0) {
    parts.push(el('h2', { text: t('periods.title') }), table(
      [[{ text: t('indicators.code') }, ...periods.map((period) => ({ text: periodLabel(period), numeric: true })), { text: t('indicators.total'), numeric: true }]],
      result.indicators.map((indicator) => [
        indicator.code,
        ...periods.map((period) => period.indicators.find((entry) => entry.code === indicator.code)?.total ?? 0),
        indicator.total,
      ]),
      'print-table print-periods',
    ));
  }
  parts.push(
    el('h2', { text: t('stamp.title') }),
    el('dl', { className: 'print-stamp' }, stampItems(aggregates, { countryDetected: result.countryDetected, fields })
      .map((item) => el('div', {}, [el('dt', { text: item.label }), el('dd', { text: item.hash ?? item.value })]))),
    el('p', { className: 'print-note', text: t('print.note') }),
  );
  // Many indicators (and periods) take a smaller type to stay on one page.
  container.classList.toggle('is-dense', result.indicators.length * (periods.length > 0 ? 2 : 1) > denseRows);
  clear(container).append(...parts);
}
