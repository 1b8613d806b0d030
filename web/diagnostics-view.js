// The problems list: a table of counts per code, filters by severity and
// code, and one page of rows at a time so 100 000 diagnostics stay fast.

import { clear, el } from './dom.js';
import { codeTitle, formatNumber, t } from './i18n.js';

/** @typedef {import('./pkg/amif_check.js').Diagnostic} Diagnostic */
/** @typedef {import('./pkg/amif_check.js').Severity} Severity */
/** @typedef {{code: string, severity: Severity, count: number}} Group */
/** @typedef {{address: string, go: () => void}} CellLink */
/** @typedef {{text: string, label: string, go: () => void}} RowAction A button on a problem's row: its visible text, its full name, what it does. */

/**
 * @typedef {object} Elements
 * @property {HTMLElement} none
 * @property {HTMLElement} content
 * @property {HTMLTableElement} groupTable
 * @property {HTMLTableElement} listTable
 * @property {HTMLSelectElement} severityFilter
 * @property {HTMLSelectElement} codeFilter
 * @property {HTMLElement} status
 * @property {HTMLElement} pager
 * @property {HTMLElement} position
 * @property {HTMLButtonElement} first
 * @property {HTMLButtonElement} previous
 * @property {HTMLButtonElement} next
 * @property {HTMLButtonElement} last
 * @property {(diagnostic: Diagnostic) => CellLink | null} [cellLink]
 * @property {(diagnostic: Diagnostic) => RowAction | null} [columnChoice]
 * @property {(diagnostic: Diagnostic) => string} [columnLabel]
 */

const pageSize = 100;
/** @type {Record<Severity, number>} */
const severityOrder = { error: 0, warning: 1, info: 2 };

/** @param {Severity} severity */
function severityBadge(severity) {
  return el('span', { className: `badge badge-${severity}`, text: t(`severity.${severity}`) });
}

/** The element ids of the problem section, the same on the page and in the add-in. */
const elementIds = {
  none: 'diagnostics-none',
  content: 'diagnostics-content',
  groupTable: 'diagnostic-groups',
  listTable: 'diagnostic-list',
  severityFilter: 'severity-filter',
  codeFilter: 'code-filter',
  status: 'diagnostics-status',
  pager: 'diagnostics-pager',
  position: 'page-position',
  first: 'page-first',
  previous: 'page-previous',
  next: 'page-next',
  last: 'page-last',
};

export class DiagnosticsView {
  /**
   * The view over the document's problem section; `extra` as for the constructor.
   * @param {Pick<Elements, 'cellLink' | 'columnChoice' | 'columnLabel'>} [extra]
   */
  static ofDocument(extra = {}) {
    // The page and the pane have every one of these ids.
    const elements = /** @type {Omit<Elements, 'cellLink' | 'columnChoice' | 'columnLabel'>} */ (Object.fromEntries(
      Object.entries(elementIds).map(([key, id]) => [key, document.getElementById(id)]),
    ));
    return new DiagnosticsView({ ...elements, ...extra });
  }

  /**
   * `elements.cellLink`, if given, maps a diagnostic to {address, go()} or
   * null: the Excel add-in shows a button that selects the cell.
   * `elements.columnChoice` likewise gives a button to the column's choice,
   * `elements.columnLabel` the column's name as shown (`C · Kön`).
   * @param {Elements} elements
   */
  constructor(elements) {
    this.elements = elements;
    /** @type {Diagnostic[]} */
    this.diagnostics = [];
    /** @type {Diagnostic[]} */
    this.filtered = [];
    this.page = 0;
    // Declared for the type check only: set() sets it.
    /** @type {Group[]} */
    this.groups;
    const { severityFilter, codeFilter, first, previous, next, last } = elements;
    severityFilter.addEventListener('change', () => this.applyFilters());
    codeFilter.addEventListener('change', () => this.applyFilters());
    first.addEventListener('click', () => this.showPage(0));
    previous.addEventListener('click', () => this.showPage(this.page - 1));
    next.addEventListener('click', () => this.showPage(this.page + 1));
    last.addEventListener('click', () => this.showPage(this.pageCount() - 1));
  }

  /** @param {Diagnostic[]} diagnostics */
  set(diagnostics) {
    this.diagnostics = diagnostics;
    this.groups = this.groupByCode(diagnostics);
    const codes = new Set(this.groups.map((group) => group.code));
    if (!codes.has(this.elements.codeFilter.value)) this.elements.codeFilter.value = '';
    this.render();
  }

  /** Re-renders texts after a language switch; keeps filters and page. */
  render() {
    const { none, content } = this.elements;
    const empty = this.diagnostics.length === 0;
    none.hidden = !empty;
    content.hidden = empty;
    if (empty) return;
    this.renderGroups();
    this.renderCodeOptions();
    this.applyFilters({ keepPage: true });
  }

  /**
   * @param {Diagnostic[]} diagnostics
   * @returns {Group[]} most severe first, then the most frequent
   */
  groupByCode(diagnostics) {
    /** @type {Map<string, Group>} */
    const byCode = new Map();
    for (const diagnostic of diagnostics) {
      let group = byCode.get(diagnostic.code);
      if (!group) {
        group = { code: diagnostic.code, severity: diagnostic.severity, count: 0 };
        byCode.set(diagnostic.code, group);
      }
      group.count += 1;
    }
    return [...byCode.values()].sort((a, b) => (severityOrder[a.severity] - severityOrder[b.severity])
      || (b.count - a.count) || a.code.localeCompare(b.code));
  }

  renderGroups() {
    const body = clear(this.elements.groupTable.tBodies[0]);
    for (const group of this.groups) {
      const title = codeTitle(group.code);
      // The hidden part names the kind for screen readers; the visible words come first.
      const button = el('button', { className: 'button link-button', attrs: { type: 'button' } }, [
        t('diagnostics.showOnlyButton'),
        el('span', { className: 'visually-hidden', text: t('diagnostics.showOnlyLabel', { title }) }),
      ]);
      button.addEventListener('click', () => {
        this.elements.severityFilter.value = '';
        this.elements.codeFilter.value = group.code;
        this.applyFilters();
        this.elements.status.focus();
      });
      body.append(el('tr', {}, [
        el('td', { dataset: { label: t('diagnostics.severity') } }, [severityBadge(group.severity)]),
        el('th', { attrs: { scope: 'row' } }, [
          el('span', { className: 'code-title', text: title }),
          el('code', { className: 'code-key', text: group.code }),
        ]),
        el('td', { className: 'numeric', text: formatNumber(group.count), dataset: { label: t('diagnostics.count') } }),
        el('td', {}, [button]),
      ]));
    }
  }

  renderCodeOptions() {
    const select = this.elements.codeFilter;
    const chosen = select.value;
    const all = select.options[0];
    clear(select).append(all);
    for (const group of this.groups) {
      select.append(el('option', {
        text: `${codeTitle(group.code)} (${formatNumber(group.count)})`,
        attrs: { value: group.code },
      }));
    }
    select.value = chosen;
  }

  applyFilters({ keepPage = false } = {}) {
    const severity = this.elements.severityFilter.value;
    const code = this.elements.codeFilter.value;
    this.filtered = severity || code
      ? this.diagnostics.filter((d) => (!severity || d.severity === severity) && (!code || d.code === code))
      : this.diagnostics;
    this.showPage(keepPage ? this.page : 0);
  }

  pageCount() {
    return Math.max(1, Math.ceil(this.filtered.length / pageSize));
  }

  /** @param {number} page 0-based; clamped to the pages there are */
  showPage(page) {
    this.page = Math.min(Math.max(0, page), this.pageCount() - 1);
    const { listTable, status, position, first, previous, next, last, pager } = this.elements;
    const body = clear(listTable.tBodies[0]);
    const start = this.page * pageSize;
    const slice = this.filtered.slice(start, start + pageSize);
    const rows = document.createDocumentFragment();
    const labels = {
      row: t('diagnostics.row'),
      column: t('diagnostics.column'),
      severity: t('diagnostics.severity'),
      message: t('diagnostics.message'),
    };
    for (const diagnostic of slice) {
      const rowText = diagnostic.row === null || diagnostic.row === undefined
        ? t('diagnostics.wholeFile')
        : formatNumber(diagnostic.row);
      const place = diagnostic.sheet ? t('diagnostics.sheetPrefix', { sheet: diagnostic.sheet }) : '';
      // data-label names each cell when a narrow screen stacks the table.
      const link = this.elements.cellLink?.(diagnostic);
      const goButton = link ? el('button', {
        className: 'button link-button cell-link',
        text: link.address,
        attrs: { type: 'button', 'aria-label': t('diagnostics.goToCell', { cell: link.address }) },
      }) : null;
      // A button only with a link (`?.` skips the argument too).
      goButton?.addEventListener('click', /** @type {CellLink} */ (link).go);
      const action = this.elements.columnChoice?.(diagnostic);
      const actionButton = action ? el('button', {
        className: 'button link-button column-choice',
        attrs: { type: 'button' },
      }, [action.text, el('span', { className: 'visually-hidden', text: `: ${action.label}` })]) : null;
      actionButton?.addEventListener('click', /** @type {RowAction} */ (action).go);
      const columnText = this.elements.columnLabel?.(diagnostic) ?? diagnostic.column ?? '';
      rows.append(el('tr', { className: `severity-${diagnostic.severity}` }, [
        el('td', { className: 'numeric', dataset: { label: labels.row } }, [place + rowText, goButton ? ' ' : null, goButton]),
        el('td', { text: columnText, dataset: { label: labels.column } }),
        el('td', { dataset: { label: labels.severity } }, [severityBadge(diagnostic.severity)]),
        el('td', { className: 'message', dataset: { label: labels.message } }, [
          diagnostic.message, actionButton ? ' ' : null, actionButton,
        ]),
      ]));
    }
    body.append(rows);

    if (this.filtered.length === 0) {
      status.textContent = t('diagnostics.noMatch');
    } else {
      status.textContent = t('diagnostics.showing', {
        from: formatNumber(start + 1),
        to: formatNumber(start + slice.length),
        total: formatNumber(this.filtered.length),
      });
    }
    const pages = this.pageCount();
    pager.hidden = pages <= 1;
    position.textContent = t('diagnostics.position', { page: formatNumber(this.page + 1), pages: formatNumber(pages) });
    first.disabled = this.page === 0;
    previous.disabled = this.page === 0;
    next.disabled = this.page >= pages - 1;
    last.disabled = this.page >= pages - 1;
    // A pager button that just became disabled would drop keyboard focus to the page start.
    if (/** @type {{disabled?: boolean} | null} */ (document.activeElement)?.disabled) status.focus();
  }
}
