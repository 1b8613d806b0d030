// "Jämför med förra rapporten", for the page and the add-in alike: the
// user gives the aggregates JSON of the last report and, if they have it,
// that report's register; the core counts the register now in the earlier
// periods. Shown per indicator: the figure then, now, the difference and
// why, in plain words. The earlier files are only read when comparing,
// never stored: the page keeps the user's choice of files (handles, not
// their bytes) until they forget it or leave.

import { $ } from './check-view.js';
import { clear, el, idPart } from './dom.js';
import { formatNumber, indicatorNames, t } from './i18n.js';
import { periodLabel } from './periods-view.js';

/** @typedef {import('./pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('./pkg/amif_check.js').ComparisonResult} ComparisonResult */
/** @typedef {import('./pkg/amif_check.js').IndicatorChange} IndicatorChange */
/** @typedef {import('./pkg/amif_check.js').Reasons} Reasons */
/** @typedef {import('./pkg/amif_check.js').Comparison} Comparison */
/** @typedef {{json: File, register: File | null}} Previous The earlier report's files, as the user chose them. */

/** @param {string} id */
const $file = (id) => /** @type {HTMLInputElement} */ ($(id));

/** @type {(keyof Reasons)[]} The reasons in the order a reader follows a figure from then to now. */
const reasonOrder = [
  'now_counted', 'no_longer_counted', 'from_later_period', 'to_earlier_period', 'from_earlier_period', 'to_later_period', 'age_category_changed',
];

/**
 * A difference with its sign: +2, -1, 0.
 * @param {number} difference
 */
export function signed(difference) {
  return difference > 0 ? `+${formatNumber(difference)}` : formatNumber(difference);
}

/**
 * The comparison as the aggregates document carries it (`amif-check report
 * --previous`'s `comparison`): without the problem's words.
 * @param {ComparisonResult} result
 * @returns {Comparison}
 */
export function comparisonOf(result) {
  const { problem_message: words, ...comparison } = result;
  return comparison;
}

export class CompareView {
  /**
   * @param {object} how
   * @param {(previous: Previous) => void} how.onCompare the user asked to compare with these files
   * @param {() => void} how.onForget the user asked to forget them
   */
  constructor({ onCompare, onForget }) {
    /** @type {Previous | null} */
    this.previous = null;
    $('compare-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const [json] = $file('compare-json').files ?? [];
      const [register] = $file('compare-register').files ?? [];
      const error = $('compare-error');
      error.hidden = Boolean(json);
      $file('compare-json').toggleAttribute('aria-invalid', !json);
      if (!json) {
        error.textContent = t('compare.needJson');
        $file('compare-json').focus();
        return;
      }
      this.previous = { json, register: register ?? null };
      onCompare(this.previous);
    });
    $('compare-forget').addEventListener('click', () => {
      this.forget();
      onForget();
      $file('compare-json').focus();
    });
  }

  /** Drops the earlier files and what was shown of them. */
  forget() {
    this.previous = null;
    $file('compare-json').value = '';
    $file('compare-register').value = '';
    $('compare-forget').hidden = true;
    $('compare-files').hidden = true;
    clear($('compare-result'));
  }

  /**
   * Shows a comparison (or, given null, none).
   * @param {ComparisonResult | null} result
   * @param {Catalogue | null} catalogue
   */
  render(result, catalogue) {
    const container = clear($('compare-result'));
    const previous = this.previous;
    $('compare-forget').hidden = !previous;
    const files = $('compare-files');
    files.hidden = !previous;
    if (previous) {
      files.textContent = previous.register
        ? t('compare.files', { json: previous.json.name, register: previous.register.name })
        : t('compare.fileJson', { json: previous.json.name });
    }
    if (!result) return;
    if (result.previous_reference_date) {
      container.append(el('p', { className: 'compare-then', text: t('compare.then', { date: result.previous_reference_date }) }));
    }
    const problem = result.problem;
    if (problem) {
      const ask = problem === 'previous_register_not_stamped' ? ` ${t('compare.askStamped')}` : '';
      container.append(el('p', { className: 'notice tone-warning compare-problem', attrs: { role: 'alert' }, text: `${result.problem_message ?? problem}${ask}` }));
    } else if (!result.reasons_known) {
      container.append(el('p', { className: 'notice compare-unknown', text: t('compare.reasonsNotGiven') }));
    }
    if (result.periods.length === 0) return;
    const names = indicatorNames(catalogue);
    const codes = [...new Set(result.periods.flatMap((period) => period.indicators.map((change) => change.code)))];
    for (const code of codes) container.append(this.indicatorBlock(code, names.get(code) ?? '', result));
  }

  /**
   * One indicator: a row per period of the earlier report.
   * @param {string} code
   * @param {string} name
   * @param {ComparisonResult} result
   */
  indicatorBlock(code, name, result) {
    const key = idPart(code);
    const captionId = `compare-caption-${key}`;
    const rows = result.periods.map((period) => {
      const change = period.indicators.find((entry) => entry.code === code);
      const label = periodLabel(period);
      if (!change) return null;
      return el('tr', { dataset: { period: period.from ?? '', code } }, [
        el('th', { attrs: { scope: 'row' } }, period.from && period.to
          ? [el('span', { className: 'nowrap', text: `${period.from} –` }), ' ', el('span', { className: 'nowrap', text: period.to })]
          : [label]),
        el('td', { className: 'numeric', text: formatNumber(change.then), dataset: { label: t('compare.thenColumn') } }),
        el('td', { className: 'numeric', text: formatNumber(change.now), dataset: { label: t('compare.nowColumn') } }),
        el('td', {
          className: `numeric difference${change.difference === 0 ? '' : ' changed'}`,
          text: signed(change.difference),
          dataset: { label: t('compare.differenceColumn'), value: String(change.difference) },
        }),
        el('td', { className: 'reasons', dataset: { label: t('compare.reasonsColumn') } }, [this.reasons(change, result)]),
      ]);
    });
    return el('div', { className: 'compare-indicator' }, [
      el('h4', { attrs: { id: `compare-${key}` } }, [el('span', { className: 'indicator-code', text: code }), name ? ` ${name}` : '']),
      el('div', { className: 'table-scroll', attrs: { role: 'region', 'aria-labelledby': captionId, tabindex: 0 } }, [
        el('table', { className: 'data-table compare-table stack-on-narrow' }, [
          el('caption', { attrs: { id: captionId }, text: t('compare.caption', { code }) }),
          el('thead', {}, [el('tr', {}, [
            el('th', { attrs: { scope: 'col' }, text: t('compare.periodColumn') }),
            el('th', { className: 'numeric', attrs: { scope: 'col' }, text: t('compare.thenColumn') }),
            el('th', { className: 'numeric', attrs: { scope: 'col' }, text: t('compare.nowColumn') }),
            el('th', { className: 'numeric', attrs: { scope: 'col' }, text: t('compare.differenceColumn') }),
            el('th', { attrs: { scope: 'col' }, text: t('compare.reasonsColumn') }),
          ])]),
          el('tbody', {}, rows),
        ]),
      ]),
    ]);
  }

  /**
   * Why a figure changed, each reason with its count, in plain words.
   * @param {IndicatorChange} change
   * @param {ComparisonResult} result
   */
  reasons(change, result) {
    const reasons = change.reasons;
    if (!reasons) {
      return el('span', { className: 'hint', text: t(result.reasons_known ? 'compare.reasonsNotPersons' : 'compare.reasonsUnknown') });
    }
    const given = reasonOrder.filter((reason) => reasons[reason] > 0);
    if (given.length === 0) return el('span', { className: 'hint', text: t('compare.noChange') });
    return el('ul', { className: 'reason-list' }, given.map((reason) => el('li', {
      dataset: { reason, count: String(reasons[reason]) },
      text: t(`compare.reason.${reason}`, { count: formatNumber(reasons[reason]) }),
    })));
  }
}
