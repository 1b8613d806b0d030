// What the page and the Excel add-in show alike around a check: busy
// controls, progress, errors and notices, results marked out of date, and
// the result itself (context line, summary, verdict, report guide,
// indicator table, periods side by side, the stamp, problem list, column
// panel). Both have the same element
// ids (shared-markup.js); each adds only what is its own.

import { announce, columnLetter } from './dom.js';
import { DiagnosticsView } from './diagnostics-view.js';
import { formatNumber, formatSize, t } from './i18n.js';
import { PeriodsView } from './periods-view.js';
import { renderStamp, stampItems } from './stamp-view.js';
import { readMapping, renderColumns, renderOutcome } from './results-view.js';

/** @typedef {import('./core-client.js').Progress} Progress */
/** @typedef {import('./diagnostics-view.js').RowAction} RowAction */
/** @typedef {import('./diagnostics-view.js').CellLink} CellLink */
/** @typedef {import('./pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('./pkg/amif_check.js').Diagnostic} Diagnostic */
/** @typedef {import('./pkg/amif_check.js').FieldInfo} FieldInfo */
/** @typedef {import('./pkg/amif_check.js').ValidationResult} ValidationResult */

/**
 * The element with this id: the page and the pane have every id asked for.
 * @param {string} id
 */
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * What the view needs of a shown result besides the result itself.
 * @typedef {object} Shown
 * @property {string} source the file's name, or "this workbook"
 * @property {Catalogue | null} catalogue
 * @property {FieldInfo[]} fields
 * @property {Record<string, string>} mapping header → field key (`-`: not used), as chosen by the user
 * @property {boolean} kept whether `mapping` came from an earlier check
 */

export class CheckView {
  /**
   * @param {object} how
   * @param {string[]} how.controls ids of what is off while a check runs
   * @param {string} how.errorTitle i18n key of the error box's usual heading
   * @param {string} how.notice id of the notice `hideMessages` hides with the error
   * @param {(diagnostic: Diagnostic) => CellLink | null} [how.cellLink] the add-in's "go to cell"
   */
  constructor({ controls, errorTitle, notice, cellLink }) {
    this.controls = controls;
    this.errorTitle = errorTitle;
    this.notice = notice;
    this.busy = false;
    /** @type {ValidationResult | null} */
    this.result = null;
    /** @type {Shown | null} */
    this.shown = null;
    /** @type {Progress | null} */
    this.progress = null;
    this.progressFrame = 0;
    this.progressPhase = '';
    /** @type {string | null} i18n key of why the shown result is out of date */
    this.staleReason = null;
    this.diagnostics = DiagnosticsView.ofDocument({
      cellLink,
      columnChoice: (diagnostic) => this.columnChoice(diagnostic),
      columnLabel: (diagnostic) => this.columnLabel(diagnostic),
    });
    this.periods = new PeriodsView();
    $('mapping-form').addEventListener('change', () => this.markStale('results.staleMapping'));
  }

  /**
   * The column panel's two buttons: check again with the columns as chosen,
   * or with the kept choices forgotten.
   * @param {import('./mapping-memory.js').ColumnChoices} choices
   * @param {() => void} recheck
   */
  onColumnChoices(choices, recheck) {
    $('mapping-form').addEventListener('submit', (event) => {
      event.preventDefault();
      choices.choose(readMapping(/** @type {HTMLTableElement} */ ($('columns-table')).tBodies[0], choices.mapping));
      recheck();
    });
    $('mapping-forget').addEventListener('click', async () => {
      if (!this.result || this.busy) return;
      await choices.forget(this.result.columns);
      recheck();
    });
  }

  /** @param {boolean} busy */
  setBusy(busy) {
    this.busy = busy;
    for (const id of this.controls) {
      /** @type {HTMLButtonElement | HTMLInputElement | HTMLSelectElement} */ ($(id)).disabled = busy;
    }
  }

  /**
   * @param {string} text
   * @param {{share?: number | null, reveal?: boolean}} [how] `share` of the work done (null: not known); `reveal`: scroll into view
   */
  showProgress(text, { share = 0, reveal = false } = {}) {
    const section = $('progress-section');
    section.hidden = false;
    if (reveal) section.scrollIntoView({ block: 'nearest' });
    const bar = /** @type {HTMLProgressElement} */ ($('progress-bar'));
    if (share === null) bar.removeAttribute('value');
    else bar.value = 100 * share;
    $('progress-text').textContent = text;
    this.progressPhase = '';
  }

  hideProgress() {
    $('progress-section').hidden = true;
    cancelAnimationFrame(this.progressFrame);
    this.progressFrame = 0;
    this.progress = null;
  }

  /**
   * The core's progress, painted once per frame.
   * @param {Progress} progress
   */
  onProgress(progress) {
    this.progress = progress;
    if (!this.progressFrame) this.progressFrame = requestAnimationFrame(() => this.paintProgress());
  }

  paintProgress() {
    this.progressFrame = 0;
    const progress = this.progress;
    if (!progress) return;
    const bar = /** @type {HTMLProgressElement} */ ($('progress-bar'));
    const text = $('progress-text');
    // Reading is the short first quarter of the bar; checking rows the rest.
    if (progress.phase === 'read') {
      // Reading always knows the file's size.
      const total = /** @type {number} */ (progress.total);
      const share = total > 0 ? progress.done / total : 1;
      bar.value = 25 * share;
      text.textContent = t('progress.reading', {
        percent: Math.floor(100 * share),
        done: formatSize(progress.done),
        total: formatSize(total),
      });
    } else if (progress.total) {
      bar.value = 25 + 75 * Math.min(1, progress.done / progress.total);
      text.textContent = t('progress.rowsOf', { rows: formatNumber(progress.done), total: formatNumber(progress.total) });
    } else {
      bar.removeAttribute('value');
      text.textContent = t('progress.rows', { rows: formatNumber(progress.done) });
    }
    if (progress.phase !== this.progressPhase) {
      this.progressPhase = progress.phase;
      announce(t(progress.phase === 'read' ? 'progress.announceReading' : 'progress.announceRows'));
    }
  }

  hideMessages() {
    $('error-box').hidden = true;
    $(this.notice).hidden = true;
  }

  /**
   * Shows `message` under the heading `title` (an i18n key): the register's problem, or the checker's own.
   * @param {string} message
   * @param {string} [title]
   */
  showError(message, title = this.errorTitle) {
    const heading = $('error-title');
    heading.dataset.i18n = title;
    heading.textContent = t(title);
    $('error-message').textContent = message;
    const box = $('error-box');
    box.hidden = false;
    box.focus();
  }

  /**
   * A notice in the notice line (e.g. "Kontrollen avbröts", "Klart").
   * @param {string} text
   */
  showNotice(text) {
    const notice = $(this.notice);
    notice.textContent = text;
    notice.hidden = false;
  }

  /**
   * The results stay in view but say they are out of date until the next
   * check: an option changed, or cannot be used as it is.
   * @param {string} reason i18n key
   */
  markStale(reason) {
    if (!this.result) return;
    this.staleReason = reason;
    $('results').classList.add('is-stale');
    const notice = $('stale-notice');
    notice.textContent = t(reason);
    notice.hidden = false;
  }

  clearStale() {
    this.staleReason = null;
    $('results').classList.remove('is-stale');
    $('stale-notice').hidden = true;
  }

  /** Forgets the shown result (a new file, or a check that failed). */
  hideResult() {
    this.result = null;
    this.shown = null;
    this.clearStale();
    $('results').hidden = true;
  }

  /**
   * Shows a result: everything the page and the pane have alike.
   * @param {ValidationResult} result
   * @param {Shown} shown
   */
  showResult(result, shown) {
    this.result = result;
    this.shown = shown;
    this.clearStale();
    this.render();
  }

  /** Draws the shown result again (after a language switch too). Returns whether it has indicators. */
  render() {
    const { result, shown } = this;
    if (!result || !shown) return false;
    const hasIndicators = renderOutcome(result, shown);
    this.periods.render(result, shown.catalogue);
    renderStamp($('stamp-content'), stampItems(result.aggregates, { countryDetected: result.countryDetected, fields: shown.fields }));
    $('columns-intro').textContent = t(result.aggregates.stamp?.options.header_row ? 'columns.introChosen' : 'columns.intro', { row: result.headerRow });
    renderColumns(/** @type {HTMLTableElement} */ ($('columns-table')).tBodies[0], result.columns, shown.fields, shown.mapping);
    this.renderKept();
    this.diagnostics.set(result.diagnostics);
    const tool = result.aggregates.tool;
    $('footer-version').textContent = t('footer.version', { name: tool.name, version: tool.version });
    if (this.staleReason) this.markStale(this.staleReason);
    $('results').hidden = false;
    return hasIndicators;
  }

  renderKept() {
    const shown = /** @type {Shown} */ (this.shown);
    const box = $('mapping-kept');
    box.hidden = !shown.kept || Object.keys(shown.mapping).length === 0;
    $('mapping-kept-text').textContent = t('columns.kept', { count: formatNumber(Object.keys(shown.mapping).length) });
  }

  /** Moves focus to the new summary, where a screen reader then starts. */
  focusSummary() {
    $('summary').focus();
  }

  /**
   * `C · Kön` for a finding in a column of the participant table; the header alone elsewhere.
   * @param {Diagnostic} diagnostic
   */
  columnLabel(diagnostic) {
    const header = diagnostic.column;
    if (header === null || header === undefined) return '';
    const column = diagnostic.sheet ? undefined : this.result?.columns.find((c) => c.header === header);
    return column ? `${columnLetter(column.index)} · ${header}` : header;
  }

  /**
   * For column.unknown: a button to that column's choice in the column panel.
   * @param {Diagnostic} diagnostic
   * @returns {RowAction | null}
   */
  columnChoice(diagnostic) {
    if (diagnostic.code !== 'column.unknown' || diagnostic.sheet || diagnostic.column === null) return null;
    const header = diagnostic.column;
    const select = () => [.../** @type {NodeListOf<HTMLSelectElement>} */ (document.querySelectorAll('#columns-table select'))]
      .find((candidate) => candidate.dataset.header === header);
    if (!this.result?.columns.some((c) => c.header === header)) return null;
    return {
      text: t('diagnostics.chooseColumn'),
      label: t('diagnostics.chooseColumnLabel', { header }),
      go: () => {
        const target = select();
        if (!target) return;
        target.scrollIntoView({ block: 'center' });
        target.focus();
      },
    };
  }
}

/**
 * Why a check could not run, for the user: the core's words for an unusable
 * file, ours for a fault of the page or the browser.
 * @param {unknown} thrown a CoreFailure, or another Error
 * @param {(error: Error) => string} [other] the words for anything else (the add-in: Excel's errors)
 */
export function failureText(thrown, other = (error) => error.message) {
  const error = /** @type {Error & {browserTooOld?: boolean, internal?: boolean}} */ (thrown);
  if (error?.browserTooOld) return t('error.browser_too_old');
  if (error?.internal) return t('error.internal');
  if (error?.internal === false) return error.message;
  return other(error);
}
