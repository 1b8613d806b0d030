// When no header row was found: the first rows of the sheet in a table, and
// choices of the sheet, the header row and the ID column, for the page and
// the add-in alike. The rows are personal data: they are shown here only,
// never stored or logged, and dropped when the picker closes.

import { clear, columnLetter, el } from './dom.js';
import { t } from './i18n.js';

/** @typedef {import('./pkg/amif_check.js').Preview} Preview */
/** @typedef {{sheet: string | null, headerRow: number, idHeader: string}} PickerChoice */

/**
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const $select = (id) => /** @type {HTMLSelectElement} */ ($(id));

/** Field key of the ID column (fields() lists it so). */
const idField = 'id';

export class HeaderPicker {
  /**
   * @param {object} how
   * @param {(sheet: string) => void} how.onSheet the user chose another sheet: show its rows
   * @param {(choice: PickerChoice) => void} how.onRun the user asked to check with these choices
   */
  constructor({ onSheet, onRun }) {
    /** @type {Preview | null} */
    this.preview = null;
    $select('picker-sheet').addEventListener('change', () => onSheet($select('picker-sheet').value));
    $select('picker-header-row').addEventListener('change', () => {
      this.renderIdColumns();
      this.markChosenRow();
    });
    $('picker-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const choice = this.choice();
      if (choice) onRun(choice);
    });
  }

  /**
   * Shows the rows of `preview`; the header row preselected is `row`, or
   * else the first row with at least two filled cells.
   * @param {Preview} preview
   * @param {number} [row]
   */
  show(preview, row) {
    this.preview = preview;
    const sheetField = $('picker-sheet-field');
    sheetField.hidden = preview.sheets.length < 2;
    const sheets = clear($select('picker-sheet'));
    for (const name of preview.sheets) sheets.append(el('option', { text: name, attrs: { value: name } }));
    if (preview.sheet) sheets.value = preview.sheet;

    const rows = clear($select('picker-header-row'));
    for (const { number, cells } of preview.rows) {
      const sample = cells.filter((cell) => cell.trim() !== '').slice(0, 3).join(', ');
      rows.append(el('option', { text: sample ? `${number}: ${sample}` : String(number), attrs: { value: number } }));
    }
    const likely = preview.rows.find((candidate) => candidate.number === row)
      ?? preview.rows.find((candidate) => candidate.cells.filter((cell) => cell.trim() !== '').length >= 2);
    if (likely) rows.value = String(likely.number);
    this.renderTable();
    this.renderIdColumns();
    this.markChosenRow();
    $('header-picker').hidden = false;
  }

  /** Closes the picker and lets go of the rows. */
  hide() {
    this.preview = null;
    $('header-picker').hidden = true;
    clear(/** @type {HTMLTableElement} */ ($('preview-table')).tBodies[0]);
    clear(/** @type {HTMLTableSectionElement} */ (/** @type {HTMLTableElement} */ ($('preview-table')).tHead));
    clear($select('picker-header-row'));
    clear($select('picker-id-column'));
  }

  get visible() {
    return !$('header-picker').hidden;
  }

  focus() {
    $('header-picker-title').focus();
  }

  width() {
    return Math.max(0, ...(this.preview?.rows ?? []).map((row) => row.cells.length));
  }

  renderTable() {
    const table = /** @type {HTMLTableElement} */ ($('preview-table'));
    const width = this.width();
    const head = clear(/** @type {HTMLTableSectionElement} */ (table.tHead));
    head.append(el('tr', {}, [
      el('th', { text: t('picker.rowNumber'), attrs: { scope: 'col' } }),
      ...Array.from({ length: width }, (_, index) => el('th', { text: columnLetter(index), attrs: { scope: 'col' } })),
    ]));
    const body = clear(table.tBodies[0]);
    for (const row of this.preview?.rows ?? []) {
      body.append(el('tr', { dataset: { row: String(row.number) } }, [
        el('th', { className: 'numeric', text: row.number, attrs: { scope: 'row' } }),
        ...Array.from({ length: width }, (_, index) => el('td', { text: row.cells[index] ?? '' })),
      ]));
    }
  }

  chosenRow() {
    const number = Number($select('picker-header-row').value);
    return this.preview?.rows.find((row) => row.number === number) ?? null;
  }

  /** The ID column's choices: the chosen row's filled cells, an ID-like header first. */
  renderIdColumns() {
    const select = clear($select('picker-id-column'));
    const row = this.chosenRow();
    if (!row) return;
    row.cells.forEach((cell, index) => {
      if (cell.trim() === '') return;
      select.append(el('option', { text: `${columnLetter(index)}: ${cell}`, attrs: { value: index } }));
    });
    const idLike = row.cells.findIndex((cell) => /(^|[^a-zåäö])(id|nr|nummer|numero|tunnus|pnr|hetu)/i.test(cell));
    if (idLike >= 0 && row.cells[idLike].trim() !== '') select.value = String(idLike);
    /** @type {HTMLButtonElement} */ ($('picker-run')).disabled = select.options.length === 0;
  }

  markChosenRow() {
    const number = $select('picker-header-row').value;
    for (const tr of /** @type {NodeListOf<HTMLTableRowElement>} */ ($('preview-table').querySelectorAll('tbody tr'))) {
      const chosen = tr.dataset.row === number;
      tr.classList.toggle('is-chosen', chosen);
      const label = tr.querySelector('.visually-hidden');
      if (chosen && !label) tr.cells[0].append(el('span', { className: 'visually-hidden', text: ` (${t('picker.chosenRow')})` }));
      if (!chosen) label?.remove();
    }
  }

  /** @returns {PickerChoice | null} */
  choice() {
    const row = this.chosenRow();
    const column = $select('picker-id-column').value;
    if (!row || column === '') return null;
    return {
      sheet: this.preview?.sheet ?? null,
      headerRow: row.number,
      idHeader: row.cells[Number(column)],
    };
  }
}

/**
 * The column choices of a check with the picker's choices: the ID column
 * by its header, the user's other choices kept (header → field key).
 * @param {PickerChoice} choice
 * @param {Record<string, string>} mapping header → field key
 */
export function pickedMapping(choice, mapping) {
  const kept = Object.fromEntries(Object.entries(mapping).filter(([header, field]) => field !== idField && header !== choice.idHeader));
  return { ...kept, [choice.idHeader]: idField };
}
