// The figures per reporting period, side by side, for the page and the
// add-in alike: per indicator a bar chart and a table with one column per
// period and the total, whose age × gender split opens with a button. The
// table is the chart's text alternative; the chart only shows its sizes.

import { clear, el, idPart } from './dom.js';
import { formatNumber, indicatorNames, t } from './i18n.js';
import { ageGroups, genders } from './results-view.js';

/** @typedef {import('./pkg/amif_check.js').Breakdown} Breakdown */
/** @typedef {import('./pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('./pkg/amif_check.js').Indicator} Indicator */
/** @typedef {import('./pkg/amif_check.js').PeriodFigures} PeriodFigures */
/** @typedef {import('./pkg/amif_check.js').ValidationResult} ValidationResult */

/**
 * A period as people read it: `2025-01-01 – 2025-03-31`.
 * @param {{from: string | null, to: string | null}} period
 */
export function periodLabel({ from, to }) {
  return from && to ? `${from} – ${to}` : t('periods.whole');
}

/**
 * One indicator's figures in each period (null where a period lacks it) and in the whole register.
 * @param {Indicator} indicator
 * @param {PeriodFigures[]} periods
 */
function figuresOf(indicator, periods) {
  return periods.map((period) => period.indicators.find((entry) => entry.code === indicator.code) ?? null);
}

/**
 * The rows of an indicator's table: everyone first, then each age group and gender.
 * @param {Indicator} indicator
 * @returns {{label: string, count: (figures: Indicator | null) => number}[]}
 */
function tableRows(indicator) {
  const all = { label: t('periods.all'), count: (/** @type {Indicator | null} */ figures) => figures?.total ?? 0 };
  if (!indicator.breakdown) return [all];
  return [all, ...ageGroups.flatMap((age) => genders.map((gender) => ({
    label: `${t('age.header', { age: t(`age.${age}`) })} · ${t(`gender.${gender}`)}`,
    count: (/** @type {Indicator | null} */ figures) => figures?.breakdown?.[age]?.[gender] ?? 0,
  })))];
}

/**
 * The periods side by side as rows for a sheet (the add-in's AMIF-perioder):
 * a header, then per indicator everyone and each age group and gender, one
 * column per period and the total. Null when the check counted no periods.
 * @param {ValidationResult} result
 * @param {Catalogue | null} catalogue
 * @returns {(string | number)[][] | null}
 */
export function periodSheetRows(result, catalogue) {
  const periods = result.aggregates.periods ?? [];
  if (periods.length === 0) return null;
  const names = indicatorNames(catalogue);
  /** @type {(string | number)[][]} */
  const rows = [[t('indicators.code'), t('indicators.name'), t('periods.split'), ...periods.map(periodLabel), t('indicators.total')]];
  for (const indicator of result.indicators) {
    const figures = figuresOf(indicator, periods);
    for (const row of tableRows(indicator)) {
      rows.push([indicator.code, names.get(indicator.code) ?? '', row.label, ...figures.map(row.count), row.count(indicator)]);
    }
  }
  return rows;
}

export class PeriodsView {
  constructor() {
    /** Indicators whose age × gender split the user opened: kept while the page redraws (a language switch). */
    this.open = new Set();
  }

  /**
   * Shows the periods of `result` (hides the section without them).
   * @param {ValidationResult} result
   * @param {Catalogue | null} catalogue
   */
  render(result, catalogue) {
    const section = /** @type {HTMLElement} */ (document.getElementById('periods-section'));
    const periods = result.aggregates.periods ?? [];
    const shown = periods.length > 0 && result.indicators.length > 0;
    section.hidden = !shown;
    /** @type {HTMLElement} */ (document.getElementById('periods-nav')).hidden = !shown;
    const content = clear(/** @type {HTMLElement} */ (document.getElementById('periods-content')));
    if (!shown) return;
    const names = indicatorNames(catalogue);
    for (const indicator of result.indicators) {
      content.append(this.indicatorBlock(indicator, figuresOf(indicator, periods), periods, names.get(indicator.code) ?? ''));
    }
  }

  /**
   * @param {Indicator} indicator
   * @param {(Indicator | null)[]} figures per period
   * @param {PeriodFigures[]} periods
   * @param {string} name
   */
  indicatorBlock(indicator, figures, periods, name) {
    const key = idPart(indicator.code);
    const headingId = `periods-${key}`;
    // A plain block under its heading: a region landmark per indicator would only crowd the landmarks.
    const block = el('div', { className: 'period-indicator' }, [
      el('h4', { attrs: { id: headingId } }, [
        el('span', { className: 'indicator-code', text: indicator.code }), name ? ` ${name}` : '',
      ]),
      this.chart(indicator, figures, periods),
    ]);
    const inPeriods = figures.reduce((sum, entry) => sum + (entry?.total ?? 0), 0);
    if (inPeriods !== indicator.total) {
      block.append(el('p', { className: 'hint', text: t('periods.uncovered', { count: formatNumber(indicator.total - inPeriods) }) }));
    }
    block.append(this.table(indicator, figures, periods, key));
    return block;
  }

  /**
   * Bars of the periods' totals: one image to assistive technology, named
   * by its figures; the table below holds them and their split.
   * @param {Indicator} indicator
   * @param {(Indicator | null)[]} figures
   * @param {PeriodFigures[]} periods
   */
  chart(indicator, figures, periods) {
    const largest = Math.max(1, ...figures.map((entry) => entry?.total ?? 0));
    const items = periods.map((period, i) => `${periodLabel(period)}: ${formatNumber(figures[i]?.total ?? 0)}`);
    const bars = el('div', {
      className: 'period-bars',
      attrs: { role: 'img', 'aria-label': t('periods.chartLabel', { code: indicator.code, items: items.join('; ') }) },
    });
    periods.forEach((period, i) => {
      const total = figures[i]?.total ?? 0;
      const bar = el('span', { className: 'period-bar' });
      // Through the CSSOM, which the style-src policy allows (a style attribute it would not).
      bar.style.width = `${(100 * total) / largest}%`;
      bars.append(el('div', { className: 'period-bar-row' }, [
        el('span', { className: 'period-bar-label', text: periodLabel(period) }),
        el('span', { className: 'period-bar-track' }, [bar, el('span', { className: 'period-bar-value', text: formatNumber(total) })]),
      ]));
    });
    return el('figure', { className: 'period-chart' }, [bars, el('figcaption', { className: 'hint', text: t('periods.chartCaption') })]);
  }

  /**
   * @param {Indicator} indicator
   * @param {(Indicator | null)[]} figures
   * @param {PeriodFigures[]} periods
   * @param {string} key the indicator's id part
   */
  table(indicator, figures, periods, key) {
    const captionId = `periods-caption-${key}`;
    const splitId = `periods-split-${key}`;
    const rows = tableRows(indicator);
    const cells = (/** @type {typeof rows[number]} */ row) => [
      ...figures.map((entry) => el('td', { className: 'numeric', text: formatNumber(row.count(entry)) })),
      el('td', { className: 'numeric total', text: formatNumber(row.count(indicator)) }),
    ];
    const rowOf = (/** @type {typeof rows[number]} */ row) => el('tr', {}, [el('th', { attrs: { scope: 'row' }, text: row.label }), ...cells(row)]);
    const table = el('table', { className: 'data-table period-table' }, [
      // The heading above says which indicator: the caption names the table for assistive technology only.
      el('caption', { className: 'visually-hidden', attrs: { id: captionId }, text: t('periods.caption', { code: indicator.code }) }),
      el('thead', {}, [el('tr', {}, [
        el('th', { attrs: { scope: 'col' }, text: t('periods.split') }),
        // Each date kept whole: the label breaks only after the dash.
        ...periods.map((period) => el('th', { className: 'numeric', attrs: { scope: 'col' } }, [
          el('span', { className: 'nowrap', text: `${period.from} –` }), ' ', el('span', { className: 'nowrap', text: period.to }),
        ])),
        el('th', { className: 'numeric', attrs: { scope: 'col' }, text: t('indicators.total') }),
      ])]),
      el('tbody', {}, [rowOf(rows[0])]),
    ]);
    const wrap = el('div', { className: 'table-scroll', attrs: { role: 'region', 'aria-labelledby': captionId, tabindex: 0 } }, [table]);
    if (rows.length === 1) return wrap;
    const open = this.open.has(indicator.code);
    const split = el('tbody', { attrs: { id: splitId, hidden: !open } }, rows.slice(1).map(rowOf));
    table.append(split);
    const toggle = el('button', {
      className: 'button secondary small',
      attrs: { type: 'button', 'aria-expanded': String(open), 'aria-controls': splitId },
    });
    const label = () => {
      const opened = toggle.getAttribute('aria-expanded') === 'true';
      clear(toggle).append(t(opened ? 'periods.hideSplit' : 'periods.showSplit'), el('span', { className: 'visually-hidden', text: ` ${indicator.code}` }));
    };
    toggle.addEventListener('click', () => {
      const opened = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(opened));
      split.hidden = !opened;
      if (opened) this.open.add(indicator.code);
      else this.open.delete(indicator.code);
      label();
    });
    label();
    return el('div', {}, [wrap, toggle]);
  }
}
