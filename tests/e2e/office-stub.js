// Stands in for office.js in the browser tests: the test serves it locally in
// place of Microsoft's CDN address (nothing leaves the machine). A small
// in-memory Excel over `globalThis.amifStubBook`, with the part of the Excel
// API the add-in uses; writes apply at once. The test reads the book back.
/* global globalThis */
(() => {
  const book = globalThis.amifStubBook;
  const key = (row, column) => `${row},${column}`;
  const empty = { value: '', numberFormat: 'General', valueType: 'Empty' };
  const findSheet = (name) => book.sheets.find((sheet) => sheet.name === name);

  function parseAddress(address) {
    const match = /^([A-Z]+)(\d+)$/.exec(address);
    let column = 0;
    for (const letter of match[1]) column = column * 26 + (letter.charCodeAt(0) - 64);
    return { row: Number(match[2]) - 1, column: column - 1 };
  }

  function setCell(sheet, row, column, changes) {
    const cell = { ...(sheet.cells[key(row, column)] ?? empty), ...changes };
    if ('value' in changes) {
      const v = changes.value;
      cell.valueType = v === '' ? 'Empty' : typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String';
    }
    sheet.cells[key(row, column)] = cell;
  }

  function range(sheet, top, left, rows, columns) {
    const grid = (pick) => Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => pick(sheet.cells[key(top + r, left + c)] ?? empty)));
    const each = (apply) => {
      for (let r = 0; r < rows; r += 1) for (let c = 0; c < columns; c += 1) apply(r, c, key(top + r, left + c));
    };
    const first = key(top, left);
    return {
      isNullObject: false,
      load() {},
      rowIndex: top,
      columnIndex: left,
      rowCount: rows,
      columnCount: columns,
      get values() { return grid((cell) => cell.value); },
      set values(values) { each((r, c) => setCell(sheet, top + r, left + c, { value: values[r][c] })); },
      get numberFormat() { return grid((cell) => cell.numberFormat); },
      set numberFormat(formats) { each((r, c) => setCell(sheet, top + r, left + c, { numberFormat: formats[r][c] })); },
      get valueTypes() { return grid((cell) => cell.valueType); },
      get text() { return grid((cell) => (cell.value === '' ? '' : String(cell.text ?? cell.value))); },
      set hyperlink(link) { sheet.hyperlinks[first] = link; },
      select() { book.selection = { sheet: sheet.name, row: top, column: left }; },
      format: {
        fill: {
          load() {},
          get color() { return sheet.fills[first] ?? '#FFFFFF'; },
          set color(color) { each((r, c, k) => { sheet.fills[k] = color; }); },
          get pattern() { return sheet.fills[first] ? 'Solid' : 'None'; },
          clear() { each((r, c, k) => { delete sheet.fills[k]; }); },
        },
        font: { set bold(_) {} },
        autofitColumns() {},
      },
    };
  }

  function worksheet(sheet) {
    return {
      name: sheet.name,
      isNullObject: false,
      load() {},
      delete() { book.sheets = book.sheets.filter((s) => s !== sheet); },
      activate() { book.active = sheet.name; },
      freezePanes: { freezeRows() {} },
      getUsedRangeOrNullObject() {
        const used = Object.entries(sheet.cells).filter(([, cell]) => cell.value !== '').map(([k]) => k.split(',').map(Number));
        if (used.length === 0) return { isNullObject: true, load() {} };
        const rows = used.map(([r]) => r);
        const columns = used.map(([, c]) => c);
        const top = Math.min(...rows);
        const left = Math.min(...columns);
        return range(sheet, top, left, Math.max(...rows) - top + 1, Math.max(...columns) - left + 1);
      },
      getRangeByIndexes: (row, column, rows, columns) => range(sheet, row, column, rows, columns),
      getRange(address) {
        const { row, column } = parseAddress(address);
        return range(sheet, row, column, 1, 1);
      },
      onChanged: {
        add(handler) {
          book.listeners ??= {};
          (book.listeners[sheet.name] ??= []).push(handler);
        },
      },
      notes: {
        add(address, text) {
          const { row, column } = parseAddress(address);
          sheet.notes[key(row, column)] = text;
        },
        getItem(address) {
          const { row, column } = parseAddress(address);
          return { delete() { delete sheet.notes[key(row, column)]; } };
        },
      },
    };
  }

  const worksheets = {
    load() {},
    get items() { return book.sheets.map(worksheet); },
    getActiveWorksheet: () => worksheet(findSheet(book.active) ?? book.sheets[0]),
    getItem: (name) => worksheet(findSheet(name)),
    getItemOrNullObject: (name) => (findSheet(name) ? worksheet(findSheet(name)) : { isNullObject: true, load() {} }),
    add(name) {
      // How often each sheet was written: the test counts checks by it.
      book.added = { ...book.added, [name]: (book.added?.[name] ?? 0) + 1 };
      const sheet = { name, cells: {}, fills: {}, notes: {}, hyperlinks: {} };
      book.sheets.push(sheet);
      return worksheet(sheet);
    },
  };

  const settings = {
    add(name, value) { book.settings[name] = value; },
    getItemOrNullObject(name) {
      return {
        isNullObject: !(name in book.settings),
        value: book.settings[name],
        load() {},
        delete() { delete book.settings[name]; },
      };
    },
  };

  const context = {
    workbook: {
      worksheets,
      settings,
      load() {},
      use1904DateSystem: false,
      // Records the file and adds its sheets, named as asked (their cells are the test's business).
      insertWorksheetsFromBase64(base64, options) {
        (book.insertedFiles ??= []).push({ base64, options });
        for (const name of options.sheetNamesToInsert) book.sheets.push({ name, cells: {}, fills: {}, notes: {}, hyperlinks: {} });
        return { value: options.sheetNamesToInsert };
      },
    },
    sync: () => new Promise((resolve) => { setTimeout(resolve, 0); }),
  };

  globalThis.Excel = { run: (callback) => callback(context) };
  // A user's edit of one cell, committed: the value changes, then Excel tells the sheet's listeners.
  globalThis.amifStubEdit = (sheetName, row, column, value) => {
    setCell(findSheet(sheetName), row, column, { value });
    const address = `${String.fromCharCode(65 + column)}${row + 1}`;
    for (const handler of book.listeners?.[sheetName] ?? []) {
      handler({ worksheetId: sheetName, address, changeType: 'RangeEdited', source: 'Local' });
    }
  };
  globalThis.Office = {
    HostType: { Excel: 'Excel' },
    onReady: () => Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }),
    context: {
      displayLanguage: book.displayLanguage ?? 'sv-SE',
      requirements: {
        isSetSupported: (name, version) => name === 'ExcelApi' && Number(version.split('.')[1]) <= (book.excelApiMinor ?? 18),
      },
    },
  };
})();
