// Everything the add-in does inside the workbook, through Office.js's Excel
// API (requirement set ExcelApi 1.7; notes need 1.18, the 1904 date system
// flag 1.16, fill patterns 1.9 – each used only where supported).
//
// - reads sheets in chunks that stay under Office's request-size limit,
//   with number formats and value types so dates and numbers come out right;
// - writes the result sheets AMIF-indikatorer, AMIF-perioder (with
//   reporting periods) and AMIF-kontroll, replacing earlier ones;
// - fills problem cells (errors red, warnings yellow) and adds a note,
//   remembering the previous fill in the workbook's settings so "Rensa
//   markeringar" restores exactly that.
// The user's cell values are never written.
//
// `excel` is the Excel namespace: the real one in Office, a mock in tests.

import { columnLetter } from '../dom.js';

/** @typedef {import('../pkg/amif_check.js').Column} Column */
/** @typedef {import('../pkg/amif_check.js').Diagnostic} Diagnostic */
/** @typedef {import('../pkg/amif_check.js').GridSheet} GridSheet */
/** @typedef {import('../pkg/amif_check.js').ValidationResult} ValidationResult */
/** @typedef {(version: string) => boolean} Supports Whether Excel has ExcelApi `version` (e.g. '1.9'). */
/** @typedef {{sheet: string, done: number, total: number}} ReadProgress Rows of a sheet read so far. */
/**
 * The check sheet's column titles, and each severity's name, in the user's language.
 * @typedef {{cell: string, row: string, column: string, severity: string, code: string,
 *   message: string, sheet: string, severities: Record<string, string>}} Words
 */
/**
 * What was marked, saved in the workbook's settings (marksKey); `fill` is the
 * cell's fill before (null: none), `mark` the fill the add-in gave it (absent
 * in records of versions that marked errors only: errorFill), `note` whether
 * the add-in added a note.
 * @typedef {{sheet: string, cells: {address: string, fill: string | null, mark?: string, note: boolean}[]}} Marks
 */

export const indicatorSheet = 'AMIF-indikatorer';
export const periodsSheet = 'AMIF-perioder';
export const checkSheet = 'AMIF-kontroll';
/** The add-in's own sheets: replaced by each check, never read as a register. */
export const resultSheets = [indicatorSheet, periodsSheet, checkSheet];
/**
 * Shows a cell of the register: its sheet activated, the cell selected.
 * @param {Excel.Api} excel
 * @param {string} sheetName
 * @param {string} address
 */
export async function selectCell(excel, sheetName, address) {
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(address).select();
    await context.sync();
  });
}

/**
 * Bytes as base64, as Office takes a file.
 * @param {Uint8Array} bytes
 */
export function base64Of(bytes) {
  let text = '';
  // In pieces: String.fromCharCode takes a bounded number of arguments.
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The requirement set of insertWorksheetsFromBase64. */
export const insertSheetsApi = '1.13';

/**
 * Inserts the sheets of a workbook file (the register template) at the end
 * of the open workbook. Never replaces a sheet: when the workbook already
 * has a sheet of one of those names (as Excel compares them, ignoring
 * case), nothing is inserted and those names are returned.
 * @param {Excel.Api} excel
 * @param {{base64: string, sheets: string[]}} file the file as base64 and its sheets' names
 * @returns {Promise<{inserted: string[], inTheWay: string[]}>}
 */
export async function insertSheets(excel, { base64, sheets }) {
  return excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load('items/name');
    await context.sync();
    const taken = new Set(worksheets.items.map((sheet) => sheet.name.toLocaleLowerCase()));
    const inTheWay = sheets.filter((name) => taken.has(name.toLocaleLowerCase()));
    if (inTheWay.length > 0) return { inserted: [], inTheWay };
    context.workbook.insertWorksheetsFromBase64(base64, { sheetNamesToInsert: sheets, positionType: 'End' });
    await context.sync();
    worksheets.getItem(sheets[0]).activate();
    await context.sync();
    return { inserted: sheets, inTheWay: [] };
  });
}

/**
 * A workbook setting's text (settings travel with the workbook when it is
 * saved), or null.
 * @param {Excel.Api} excel
 * @param {string} key
 * @returns {Promise<string | null>}
 */
export async function readSetting(excel, key) {
  return excel.run(async (context) => {
    const item = context.workbook.settings.getItemOrNullObject(key);
    item.load('value');
    await context.sync();
    return item.isNullObject || typeof item.value !== 'string' ? null : item.value;
  });
}

/**
 * Sets a workbook setting's text; null removes it.
 * @param {Excel.Api} excel
 * @param {string} key
 * @param {string | null} text
 */
export async function writeSetting(excel, key, text) {
  return excel.run(async (context) => {
    const settings = context.workbook.settings;
    if (text === null) {
      const item = settings.getItemOrNullObject(key);
      item.load('value');
      await context.sync();
      if (!item.isNullObject) item.delete();
    } else {
      settings.add(key, text);
    }
    await context.sync();
  });
}

/**
 * The first rows of a sheet as Excel shows them (`{sheet, sheets, rows}`,
 * like the core's previewRows), for the header picker: personal data, shown
 * in the pane and kept nowhere.
 * @param {Excel.Api} excel
 * @param {string} sheetName
 * @param {number} [count]
 * @returns {Promise<import('../pkg/amif_check.js').Preview>}
 */
export async function previewSheet(excel, sheetName, count = 20) {
  const { names } = await listSheets(excel);
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    await context.sync();
    /** @type {import('../pkg/amif_check.js').PreviewRow[]} */
    const rows = [];
    if (!used.isNullObject) {
      // From column A, so each cell stands under its letter.
      const head = sheet.getRangeByIndexes(used.rowIndex, 0, Math.min(count, used.rowCount), used.columnIndex + used.columnCount);
      head.load('text');
      await context.sync();
      head.text.forEach((cells, i) => rows.push({ number: used.rowIndex + i + 1, cells: cells.map(String) }));
    }
    return { sheet: sheetName, sheets: names, rows };
  });
}

/**
 * Calls `changed` after each change of a cell's value on the sheet (Excel
 * tells only once an edit is committed).
 * @param {Excel.Api} excel
 * @param {string} sheetName
 * @param {(event: Excel.WorksheetChangedEventArgs) => void} changed
 */
export async function watchSheet(excel, sheetName, changed) {
  return excel.run(async (context) => {
    context.workbook.worksheets.getItem(sheetName).onChanged.add(async (event) => changed(event));
    await context.sync();
  });
}

/** Workbook setting holding what was marked: cell addresses and previous fills only. */
export const marksKey = 'amif-check.marks';
/** Excel's own light red and light yellow, as the marked copy of the page has them. */
export const errorFill = '#FFC7CE';
export const warningFill = '#FFEB9C';
/** At most this many cells are marked; the check sheet still lists every finding. */
export const maxMarks = 10_000;
/**
 * Office refuses requests and responses over about 5 MB; a read chunk
 * carries each cell's value, number format and type, so a chunk holds at
 * most this many cells.
 */
export const cellsPerRequest = 20_000;
/** Cells changed between two syncs when marking, unmarking or linking. */
const cellsPerSync = 500;
const maxNoteChars = 1_000;

/** @type {Supports} */
const everything = () => true;

/**
 * @template T
 * @param {T[]} list
 * @param {number} size
 */
function chunks(list, size) {
  /** @type {T[][]} */
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * `'Sheet name'!B5`, apostrophes doubled.
 * @param {string} sheet
 * @param {string} address
 */
export function sheetReference(sheet, address) {
  return `'${sheet.replace(/'/g, "''")}'!${address}`;
}

/**
 * A1-style address of a 1-based row and 0-based column.
 * @param {number} row
 * @param {number} column
 */
export function cellAddress(row, column) {
  return `${columnLetter(column)}${row}`;
}

/**
 * The worksheets a register may be on (the add-in's own sheets left out) and the active one.
 * @param {Excel.Api} excel
 * @returns {Promise<{names: string[], active: string | null}>}
 */
export async function listSheets(excel) {
  return excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load('items/name');
    const active = worksheets.getActiveWorksheet();
    active.load('name');
    await context.sync();
    const names = worksheets.items.map((sheet) => sheet.name).filter((name) => !resultSheets.includes(name));
    return { names, active: names.includes(active.name) ? active.name : names[0] ?? null };
  });
}

/**
 * @param {Excel.RequestContext} context
 * @param {Excel.Worksheet} worksheet
 * @param {string} name
 * @param {{onProgress?: (progress: ReadProgress) => void, cellsPerRequest: number}} how
 * @returns {Promise<Required<GridSheet>>}
 */
async function readSheet(context, worksheet, name, { onProgress, cellsPerRequest: limit }) {
  /** @type {Required<GridSheet>} */
  const sheet = { name, top: 0, left: 0, values: [], numberFormat: [], valueTypes: [] };
  const used = worksheet.getUsedRangeOrNullObject(true);
  used.load('rowIndex,columnIndex,rowCount,columnCount');
  await context.sync();
  if (used.isNullObject) return sheet;
  sheet.top = used.rowIndex;
  sheet.left = used.columnIndex;
  let rowsPerRequest = Math.max(1, Math.floor(limit / Math.max(1, used.columnCount)));
  for (let start = 0; start < used.rowCount;) {
    const count = Math.min(rowsPerRequest, used.rowCount - start);
    const chunk = worksheet.getRangeByIndexes(used.rowIndex + start, used.columnIndex, count, used.columnCount);
    chunk.load('values,numberFormat,valueTypes');
    try {
      await context.sync();
    } catch (error) {
      // Long texts can make even a chunk too big for Office: halve it and try again.
      if (!payloadTooLarge(error) || count === 1) throw error;
      rowsPerRequest = Math.max(1, Math.floor(count / 2));
      continue;
    }
    for (let i = 0; i < count; i += 1) {
      sheet.values.push(chunk.values[i]);
      sheet.numberFormat.push(chunk.numberFormat[i]);
      sheet.valueTypes.push(chunk.valueTypes[i]);
    }
    start += count;
    onProgress?.({ sheet: name, done: start, total: used.rowCount });
  }
  return sheet;
}

/**
 * Office's refusal of a request or response over its size limit.
 * @param {unknown} error
 */
function payloadTooLarge(error) {
  const code = String(/** @type {{code?: unknown} | null | undefined} */ (error)?.code ?? '');
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded';
}

/**
 * Every worksheet except the add-in's own, in workbook order, as
 * `validateGrid` takes them: the participant sheet is chosen by the core
 * (options.sheet), the others may hold evaluations, organisations or items.
 * @param {Excel.Api} excel
 * @param {{supports?: Supports, onProgress?: (progress: ReadProgress) => void, cellsPerRequest?: number}} [how]
 * @returns {Promise<{sheets: Required<GridSheet>[], date1904: boolean}>}
 */
export async function readWorkbook(excel, { supports = everything, onProgress, cellsPerRequest: limit = cellsPerRequest } = {}) {
  return excel.run(async (context) => {
    const book = context.workbook;
    const worksheets = book.worksheets;
    worksheets.load('items/name');
    const knowsDateSystem = supports('1.16');
    if (knowsDateSystem) book.load('use1904DateSystem');
    await context.sync();
    const date1904 = knowsDateSystem ? Boolean(book.use1904DateSystem) : false;
    const sheets = [];
    for (const worksheet of worksheets.items) {
      if (resultSheets.includes(worksheet.name)) continue;
      sheets.push(await readSheet(context, worksheet, worksheet.name, { onProgress, cellsPerRequest: limit }));
    }
    return { sheets, date1904 };
  });
}

/**
 * 0-based column of each header (trimmed text as written); the first of equal headers wins.
 * @param {Column[] | undefined} columns
 */
function columnsByHeader(columns) {
  /** @type {Map<string, number>} */
  const byHeader = new Map();
  for (const column of columns ?? []) {
    const header = String(column.header ?? '').trim();
    if (header && !byHeader.has(header)) byHeader.set(header, column.index);
  }
  return byHeader;
}

/**
 * Where a diagnostic of the participant sheet points: {row (1-based),
 * column (0-based)}, or null. A row without a column is the row's first
 * table cell; a column without a row is its header cell. Findings about
 * other sheets or files point nowhere. Same rules as the annotated workbook.
 * @param {ValidationResult} result
 * @returns {(diagnostic: Diagnostic) => {row: number, column: number} | null}
 */
export function locator(result) {
  const byHeader = columnsByHeader(result.columns);
  const firstColumn = Math.min(...(result.columns ?? []).map((c) => c.index), Infinity);
  return (diagnostic) => {
    if (diagnostic.sheet) return null;
    /** @type {number | null | undefined} */
    let column = null;
    if (diagnostic.column !== null && diagnostic.column !== undefined) {
      column = byHeader.get(String(diagnostic.column).trim());
      if (column === undefined) return null;
    }
    // `row` is null (or absent) for the whole file.
    const row = diagnostic.row ?? 0;
    if (row >= 1) return { row, column: column ?? (Number.isFinite(firstColumn) ? firstColumn : 0) };
    if (column !== null && result.headerRow >= 1) return { row: result.headerRow, column };
    return null;
  };
}

/**
 * The cells to mark: every located error and warning, with their messages,
 * errors first; a cell with both is marked as an error.
 * @param {ValidationResult} result
 * @returns {Map<string, {fill: string, messages: string[]}>} address → its mark
 */
export function problemCells(result) {
  const locate = locator(result);
  /** @type {Map<string, {fill: string, messages: string[]}>} */
  const cells = new Map();
  for (const [severity, fill] of [['error', errorFill], ['warning', warningFill]]) {
    for (const diagnostic of result.diagnostics) {
      if (diagnostic.severity !== severity) continue;
      const place = locate(diagnostic);
      if (!place) continue;
      const address = cellAddress(place.row, place.column);
      const cell = cells.get(address) ?? { fill, messages: [] };
      cell.messages.push(diagnostic.message);
      cells.set(address, cell);
    }
  }
  return cells;
}

/**
 * @param {Excel.RequestContext} context
 * @param {string} name
 */
async function deleteSheetIfPresent(context, name) {
  const sheet = context.workbook.worksheets.getItemOrNullObject(name);
  await context.sync();
  if (!sheet.isNullObject) {
    sheet.delete();
    await context.sync();
  }
}

/**
 * How a cell is written: a number with this number format, or null for
 * text (format `@`), so no text turns into a formula or a date.
 * @typedef {(value: string | number, column: number) => string | null} CellFormat
 */

/** A whole number as text, as the core's tables write counts (`+2`: a difference). */
const countText = /^[+-]?\d{1,15}$/;

/**
 * Counts from the third column on are numbers (a difference keeps its
 * sign); codes, names, units, dates and the stamp's values stay text.
 * @type {CellFormat}
 */
const indicatorCell = (value, column) => {
  if (column < 2 || !countText.test(String(value))) return null;
  return /^[+-]/.test(String(value)) ? '+0;-0;0' : 'General';
};

/**
 * Writes rows into a new sheet, each cell as `format` says; the header row
 * and the first row of each later block (after an empty row) in bold.
 * @param {Excel.RequestContext} context
 * @param {Excel.Worksheet} sheet
 * @param {(string | number)[][]} rows the header first
 * @param {CellFormat} format used below the header row
 */
async function writeTable(context, sheet, rows, format) {
  const width = Math.max(1, ...rows.map((row) => row.length));
  const rowsPerRequest = Math.max(1, Math.floor(cellsPerRequest / width));
  for (let start = 0; start < rows.length; start += rowsPerRequest) {
    const part = rows.slice(start, start + rowsPerRequest).map((row) => {
      const padded = [...row];
      while (padded.length < width) padded.push('');
      return padded;
    });
    const formats = part.map((row, r) => row.map((value, c) => (start + r > 0 && String(value).trim() !== '' ? format(value, c) : null)));
    const range = sheet.getRangeByIndexes(start, 0, part.length, width);
    range.numberFormat = formats.map((row) => row.map((numberFormat) => numberFormat ?? '@'));
    range.values = part.map((row, r) => row.map((value, c) => (formats[r][c] ? Number(value) : String(value ?? ''))));
    await context.sync();
  }
  const empty = (/** @type {(string | number)[] | undefined} */ row) => !row || row.every((cell) => String(cell).trim() === '');
  rows.forEach((row, r) => {
    if (r === 0 || (empty(rows[r - 1]) && !empty(row))) sheet.getRangeByIndexes(r, 0, 1, width).format.font.bold = true;
  });
  sheet.freezePanes.freezeRows(1);
  sheet.getRangeByIndexes(0, 0, rows.length, width).format.autofitColumns();
  await context.sync();
}

/**
 * The check sheet: one row per finding, the cell column linking to the cell.
 * @param {ValidationResult} result
 * @param {Words} words
 * @param {string} participantSheet
 */
function checkRows(result, words, participantSheet) {
  const locate = locator(result);
  /** @type {{row: number, address: string}[]} */
  const links = [];
  /** @type {(string | number)[][]} */
  const rows = [[words.cell, words.row, words.column, words.severity, words.code, words.message, words.sheet]];
  for (const diagnostic of result.diagnostics) {
    const place = locate(diagnostic);
    const address = place ? cellAddress(place.row, place.column) : '';
    if (place) links.push({ row: rows.length, address });
    rows.push([
      address,
      diagnostic.row ?? '',
      diagnostic.column ?? '',
      words.severities[diagnostic.severity] ?? diagnostic.severity,
      diagnostic.code,
      diagnostic.message,
      diagnostic.sheet ?? (place ? participantSheet : ''),
    ]);
  }
  return { rows, links };
}

/** @typedef {{marked: number, errors: number, warnings: number, capped: boolean}} Marked Cells marked (errors and warnings), and whether more were left unmarked. */

/**
 * Replaces the result sheets and the marks: clears earlier marks (restoring
 * fills), writes AMIF-indikatorer from `table` (aggregatesTable's rows),
 * AMIF-perioder from `periods` (the periods side by side, when the check
 * counted periods) and AMIF-kontroll from the diagnostics, then marks the
 * problem cells of `result.sheet` (errors red, warnings yellow, each with a note).
 * @param {Excel.Api} excel
 * @param {{result: ValidationResult, table: string[][], periods?: (string | number)[][] | null, words: Words, supports?: Supports}} what
 * @returns {Promise<Marked>}
 */
export async function writeResults(excel, { result, table, periods = null, words, supports = everything }) {
  await clearMarks(excel, { supports });
  return excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    for (const name of resultSheets) await deleteSheetIfPresent(context, name);

    await writeTable(context, worksheets.add(indicatorSheet), table, indicatorCell);
    // Indicator, name and age and gender are text; each period's count and the total are numbers.
    if (periods) await writeTable(context, worksheets.add(periodsSheet), periods, (value, column) => (column >= 3 ? 'General' : null));

    // validateGrid's result always names the participant sheet.
    const participantSheet = /** @type {string} */ (result.sheet);
    const check = worksheets.add(checkSheet);
    const { rows, links } = checkRows(result, words, participantSheet);
    await writeTable(context, check, rows, (value, column) => (column === 1 && countText.test(String(value)) ? 'General' : null));
    for (const part of chunks(links, cellsPerSync)) {
      for (const link of part) {
        check.getRangeByIndexes(link.row, 0, 1, 1).hyperlink = {
          documentReference: sheetReference(participantSheet, link.address),
          textToDisplay: link.address,
        };
      }
      await context.sync();
    }
    return markProblems(context, result, supports);
  });
}

/**
 * Rewrites AMIF-indikatorer alone (e.g. without the comparison the user
 * forgot); the other sheets and the marks stay.
 * @param {Excel.Api} excel
 * @param {string[][]} table aggregatesTable's rows
 */
export async function rewriteIndicatorSheet(excel, table) {
  return excel.run(async (context) => {
    await deleteSheetIfPresent(context, indicatorSheet);
    await writeTable(context, context.workbook.worksheets.add(indicatorSheet), table, indicatorCell);
  });
}

/**
 * Fills each problem cell and adds its note; the cell's value is never touched.
 * @param {Excel.RequestContext} context
 * @param {ValidationResult} result
 * @param {Supports} supports
 * @returns {Promise<Marked>}
 */
async function markProblems(context, result, supports) {
  const all = [...problemCells(result)];
  const cells = all.slice(0, maxMarks);
  const errors = cells.filter(([, cell]) => cell.fill === errorFill).length;
  const counts = { marked: cells.length, errors, warnings: cells.length - errors, capped: all.length > cells.length };
  if (cells.length === 0 || !result.sheet) return { ...counts, marked: 0, errors: 0, warnings: 0 };
  const sheet = context.workbook.worksheets.getItem(result.sheet);
  const withPattern = supports('1.9');

  // First what the cells look like now, saved before anything changes.
  /** @type {Marks} */
  const record = { sheet: result.sheet, cells: [] };
  for (const part of chunks(cells, cellsPerSync)) {
    const fills = part.map(([address]) => {
      const fill = sheet.getRange(address).format.fill;
      fill.load(withPattern ? 'color,pattern' : 'color');
      return fill;
    });
    await context.sync();
    part.forEach(([address, cell], i) => {
      const { color, pattern } = fills[i];
      // Without patterns (before ExcelApi 1.9) white is taken for "no fill".
      const none = withPattern ? pattern === 'None' : !color || color.toUpperCase() === '#FFFFFF';
      record.cells.push({ address, fill: none ? null : color, mark: cell.fill, note: false });
    });
  }
  const settings = context.workbook.settings;
  settings.add(marksKey, JSON.stringify(record));
  await context.sync();

  for (const part of chunks(cells, cellsPerSync)) {
    for (const [address, cell] of part) sheet.getRange(address).format.fill.color = cell.fill;
    await context.sync();
  }

  if (supports('1.18')) {
    let index = 0;
    for (const part of chunks(cells, cellsPerSync)) {
      try {
        for (const [address, { messages }] of part) {
          const text = messages.join('\n');
          sheet.notes.add(address, text.length > maxNoteChars ? `${text.slice(0, maxNoteChars)}…` : text);
        }
        await context.sync();
        for (let i = 0; i < part.length; i += 1) record.cells[index + i].note = true;
      } catch {
        // A cell that already has the user's own note: keep theirs, stop adding notes.
        break;
      }
      index += part.length;
    }
    settings.add(marksKey, JSON.stringify(record));
    await context.sync();
  }
  return counts;
}

/**
 * Removes exactly the marks the add-in made: fills back as they were, its
 * notes deleted. Returns the number of cells restored.
 * @param {Excel.Api} excel
 * @param {{supports?: Supports}} [how]
 * @returns {Promise<number>}
 */
export async function clearMarks(excel, { supports = everything } = {}) {
  return excel.run(async (context) => {
    const settings = context.workbook.settings;
    const item = settings.getItemOrNullObject(marksKey);
    item.load('value');
    await context.sync();
    if (item.isNullObject) return 0;
    // Read back from the workbook, where anything may have changed it.
    /** @type {Partial<Marks> | null} */
    let record;
    try {
      record = typeof item.value === 'string' ? JSON.parse(item.value) : /** @type {Partial<Marks> | null} */ (item.value);
    } catch {
      record = null;
    }
    const sheet = record?.sheet ? context.workbook.worksheets.getItemOrNullObject(record.sheet) : null;
    if (sheet) await context.sync();
    const cells = Array.isArray(record?.cells) ? record.cells : [];
    if (sheet && !sheet.isNullObject) {
      for (const part of chunks(cells, cellsPerSync)) {
        const fills = part.map((cell) => {
          const fill = sheet.getRange(cell.address).format.fill;
          fill.load('color');
          return fill;
        });
        await context.sync();
        part.forEach((cell, i) => {
          // A cell the user has filled otherwise since keeps the user's fill.
          if (String(fills[i].color).toUpperCase() !== (cell.mark ?? errorFill)) return;
          if (cell.fill) fills[i].color = cell.fill;
          else fills[i].clear();
        });
        await context.sync();
      }
      if (supports('1.18')) await deleteNotes(context, sheet, cells.filter((cell) => cell.note));
    }
    item.delete();
    await context.sync();
    return sheet && !sheet.isNullObject ? cells.length : 0;
  });
}

/**
 * @param {Excel.RequestContext} context
 * @param {Excel.Worksheet} sheet
 * @param {Marks['cells']} cells
 */
async function deleteNotes(context, sheet, cells) {
  for (const part of chunks(cells, cellsPerSync)) {
    try {
      for (const cell of part) sheet.notes.getItem(cell.address).delete();
      await context.sync();
    } catch {
      // The user deleted some notes already: the rest one at a time.
      for (const cell of part) {
        try {
          sheet.notes.getItem(cell.address).delete();
          await context.sync();
        } catch {
          // Already gone.
        }
      }
    }
  }
}
