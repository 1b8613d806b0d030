// A workbook in memory behind the part of Excel's JavaScript API the add-in
// uses. Ranges and settings are office-addin-mock objects, so reading a
// property that was not loaded and synced fails as in Office; writes are
// applied to the model at context.sync(), like Office's request queue.
// Collections are plain objects (the mock cannot express `load('items/name')`).

import { OfficeMockObject } from 'office-addin-mock';

const key = (row, column) => `${row},${column}`;

/** 0-based {row, column} of a single-cell A1 address. */
export function parseAddress(address) {
  const match = /^([A-Z]+)(\d+)$/.exec(address);
  if (!match) throw new Error(`unsupported address ${address}`);
  let column = 0;
  for (const letter of match[1]) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, column: column - 1 };
}

export class FakeSheet {
  constructor(name) {
    this.name = name;
    this.cells = new Map(); // key → {value, numberFormat, valueType}
    this.fills = new Map(); // key → '#RRGGBB' (absent: no fill)
    this.notes = new Map(); // key → text
    this.hyperlinks = new Map();
    this.bold = new Set();
  }

  set(row, column, value, numberFormat = 'General', valueType = null) {
    const type = valueType ?? (value === '' || value === null ? 'Empty'
      : typeof value === 'number' ? 'Double' : typeof value === 'boolean' ? 'Boolean' : 'String');
    this.cells.set(key(row, column), { value: value ?? '', numberFormat, valueType: type });
  }

  cell(row, column) {
    return this.cells.get(key(row, column)) ?? { value: '', numberFormat: 'General', valueType: 'Empty' };
  }

  /** Bounding box of the cells holding values, or null. */
  usedBox() {
    let box = null;
    for (const [position, cell] of this.cells) {
      if (cell.value === '') continue;
      const [row, column] = position.split(',').map(Number);
      if (!box) box = { top: row, left: column, bottom: row, right: column };
      box.top = Math.min(box.top, row);
      box.left = Math.min(box.left, column);
      box.bottom = Math.max(box.bottom, row);
      box.right = Math.max(box.right, column);
    }
    return box;
  }

  /** Rows of values from A1 to the last used cell, for comparing snapshots. */
  snapshot() {
    return JSON.stringify([...this.cells.entries()].sort());
  }
}

export class FakeWorkbook {
  constructor({ date1904 = false, responseLimit = Infinity } = {}) {
    /** Bytes of cell text one response may carry, like Office's 5 MB limit. */
    this.responseLimit = responseLimit;
    this.sheets = [];
    this.active = null;
    this.settings = new Map();
    this.date1904 = date1904;
    /** Every range the add-in asked for: {sheet, rows, columns}. */
    this.rangeRequests = [];
    /** Every workbook file inserted (insertWorksheetsFromBase64): {base64, options}. */
    this.insertedFiles = [];
    this.syncs = 0;
  }

  addSheet(name) {
    const sheet = new FakeSheet(name);
    this.sheets.push(sheet);
    this.active ??= name;
    return sheet;
  }

  sheet(name) {
    return this.sheets.find((s) => s.name === name);
  }

  /** The Excel namespace: Excel.run(callback). */
  get excel() {
    return { run: (callback) => callback(new Context(this)) };
  }
}

class Context {
  constructor(book) {
    this.book = book;
    /** Every proxy made in this Excel.run: each sync writes what changed since the last. */
    this.pending = [];
    this.failure = null;
    const context = this;
    const workbookData = new OfficeMockObject({ use1904DateSystem: book.date1904 });
    this.pending.push({ mock: workbookData, flush() {} });
    this.workbook = workbookData;
    this.workbook.worksheets = worksheets(context);
    // Records the file and adds its sheets, named as asked; a name taken fails the sync, as in Excel.
    this.workbook.insertWorksheetsFromBase64 = (base64, options) => {
      book.insertedFiles.push({ base64, options });
      for (const name of options.sheetNamesToInsert) {
        if (book.sheets.some((sheet) => sheet.name.toLowerCase() === name.toLowerCase())) context.fail(new Error(`ItemAlreadyExists: ${name}`));
        else book.addSheet(name);
      }
      return { value: options.sheetNamesToInsert };
    };
    this.workbook.settings = {
      add(name, value) {
        book.settings.set(name, value);
      },
      getItemOrNullObject(name) {
        const present = book.settings.has(name);
        const item = new OfficeMockObject({ value: present ? book.settings.get(name) : '' });
        item.isNullObject = !present;
        item.delete = () => book.settings.delete(name);
        context.pending.push({ mock: item, flush() {} });
        return item;
      },
    };
  }

  fail(error) {
    this.failure ??= error;
  }

  async sync() {
    this.book.syncs += 1;
    for (const entry of this.pending) entry.flush();
    for (const entry of this.pending) await entry.mock.sync();
    // office-addin-mock resolves nested properties in later microtasks.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
  }
}

function worksheets(context) {
  const { book } = context;
  return {
    load() {},
    get items() {
      return book.sheets.map((sheet) => worksheet(context, sheet));
    },
    getActiveWorksheet() {
      return worksheet(context, book.sheet(book.active));
    },
    getItem(name) {
      const sheet = book.sheet(name);
      if (!sheet) throw new Error(`ItemNotFound: ${name}`);
      return worksheet(context, sheet);
    },
    getItemOrNullObject(name) {
      const sheet = book.sheet(name);
      return sheet ? worksheet(context, sheet) : { isNullObject: true, load() {} };
    },
    add(name) {
      if (book.sheet(name)) {
        context.fail(new Error(`ItemAlreadyExists: ${name}`));
        return worksheet(context, book.sheet(name));
      }
      return worksheet(context, book.addSheet(name));
    },
  };
}

function worksheet(context, sheet) {
  const { book } = context;
  return {
    name: sheet.name,
    isNullObject: false,
    load() {},
    delete() {
      book.sheets = book.sheets.filter((s) => s !== sheet);
      if (book.active === sheet.name) book.active = book.sheets[0]?.name ?? null;
    },
    activate() {
      book.active = sheet.name;
    },
    freezePanes: { freezeRows() {} },
    getUsedRangeOrNullObject() {
      const box = sheet.usedBox();
      if (!box) return { isNullObject: true, load() {} };
      const used = range(context, sheet, box.top, box.left, box.bottom - box.top + 1, box.right - box.left + 1);
      used.isNullObject = false;
      return used;
    },
    getRangeByIndexes(row, column, rows, columns) {
      return range(context, sheet, row, column, rows, columns);
    },
    getRange(address) {
      const { row, column } = parseAddress(address);
      return range(context, sheet, row, column, 1, 1);
    },
    notes: {
      add(address, text) {
        const { row, column } = parseAddress(address);
        if (sheet.notes.has(key(row, column))) context.fail(new Error('InvalidArgument: the cell has a note'));
        else sheet.notes.set(key(row, column), text);
      },
      getItem(address) {
        const { row, column } = parseAddress(address);
        return {
          delete() {
            if (!sheet.notes.delete(key(row, column))) context.fail(new Error('ItemNotFound: note'));
          },
        };
      },
    },
  };
}

function range(context, sheet, top, left, rows, columns) {
  context.book.rangeRequests.push({ sheet: sheet.name, rows, columns });
  const grid = (pick) => Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => pick(sheet.cell(top + r, left + c))));
  const first = key(top, left);
  const fill = sheet.fills.get(first);
  const values = grid((cell) => cell.value);
  const numberFormat = grid((cell) => cell.numberFormat);
  const hyperlink = sheet.hyperlinks.get(first) ?? null;
  const mock = new OfficeMockObject({
    rowIndex: top,
    columnIndex: left,
    rowCount: rows,
    columnCount: columns,
    values,
    numberFormat,
    valueTypes: grid((cell) => cell.valueType),
    // office-addin-mock cannot hold null: '' stands for no link.
    hyperlink: hyperlink ?? '',
    select: () => {
      context.book.selection = { sheet: sheet.name, row: top, column: left };
    },
    format: {
      fill: {
        color: fill ?? '#FFFFFF',
        pattern: fill ? 'Solid' : 'None',
        clear: () => {
          for (let r = 0; r < rows; r += 1) for (let c = 0; c < columns; c += 1) sheet.fills.delete(key(top + r, left + c));
        },
      },
      font: { bold: false },
      autofitColumns: () => {},
    },
  });
  const each = (apply) => {
    for (let r = 0; r < rows; r += 1) for (let c = 0; c < columns; c += 1) apply(r, c, key(top + r, left + c));
  };
  // Before load a mock property reads as an error text: only real values
  // count as writes. What was written becomes the new baseline, so a proxy
  // changed again after a sync is written again at the next one, as in Office.
  const baseline = { values, numberFormat, color: fill ?? '#FFFFFF', hyperlink };
  context.pending.push({
    mock,
    flush() {
      // A loaded range (before its values reach the caller) may be over the response limit.
      if (mock.values === 'Error, context.sync() was not called') {
        const bytes = JSON.stringify(values).length;
        if (bytes > context.book.responseLimit) {
          context.fail(Object.assign(new Error('The response payload size has exceeded the limit.'), { code: 'ResponsePayloadSizeLimitExceeded' }));
        }
      }
      if (Array.isArray(mock.numberFormat) && mock.numberFormat !== baseline.numberFormat) {
        baseline.numberFormat = mock.numberFormat;
        each((r, c) => {
          const cell = sheet.cell(top + r, left + c);
          sheet.set(top + r, left + c, cell.value, mock.numberFormat[r][c], cell.valueType);
        });
      }
      if (Array.isArray(mock.values) && mock.values !== baseline.values) {
        baseline.values = mock.values;
        each((r, c) => {
          const format = sheet.cell(top + r, left + c).numberFormat;
          sheet.set(top + r, left + c, mock.values[r][c], format);
        });
      }
      const color = mock.format.fill.color;
      if (typeof color === 'string' && color.startsWith('#') && color !== baseline.color) {
        baseline.color = color;
        each((r, c, k) => sheet.fills.set(k, color));
      }
      if (mock.format.font.bold === true) each((r, c, k) => sheet.bold.add(k));
      if (mock.hyperlink && typeof mock.hyperlink === 'object' && mock.hyperlink !== baseline.hyperlink) {
        baseline.hyperlink = mock.hyperlink;
        sheet.hyperlinks.set(first, mock.hyperlink);
      }
    },
  });
  return mock;
}
