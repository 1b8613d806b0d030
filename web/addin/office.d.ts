// What the add-in uses of office.js, for the type check of the page's
// JavaScript (web/tsconfig.json); names as in Microsoft's Office.js API.
// Types only: office.js sets the globals `Office` and `Excel` once
// office-host.js has loaded it, so the code reaches them through
// `globalThis` there, and through the `excel` it is given elsewhere.

declare namespace Office {
  /** The `Office` global. */
  interface Api {
    onReady(): Promise<{ host: string | null }>;
    HostType: { Excel: string };
    context: {
      /** E.g. `fi-FI`. */
      displayLanguage: string;
      requirements: { isSetSupported(name: string, minVersion?: string): boolean };
    };
  }
}

declare namespace Excel {
  /** The `Excel` global (or office-addin-mock's stand-in in the tests). */
  interface Api {
    run<T>(batch: (context: RequestContext) => Promise<T>): Promise<T>;
  }

  /** What a proxy object's `load` takes: property names, comma-separated or `items/name`. */
  type Load = string | string[];

  interface RequestContext {
    workbook: Workbook;
    sync(): Promise<void>;
  }

  interface Workbook {
    worksheets: WorksheetCollection;
    settings: SettingCollection;
    /** ExcelApi 1.16. */
    use1904DateSystem: boolean;
    load(properties: Load): Workbook;
    /** ExcelApi 1.13: inserts sheets of another workbook (an XLSX as base64); their ids once synced. */
    insertWorksheetsFromBase64(base64File: string, options?: InsertWorksheetOptions): { value: string[] };
  }

  interface InsertWorksheetOptions {
    /** The sheets to insert, by name; all when left out. */
    sheetNamesToInsert?: string[];
    /** `Start`, `End`, `Before`, `After` (with `relativeTo`) or `None`. */
    positionType?: string;
  }

  interface WorksheetCollection {
    items: Worksheet[];
    load(properties: Load): WorksheetCollection;
    add(name: string): Worksheet;
    getItem(name: string): Worksheet;
    getItemOrNullObject(name: string): Worksheet;
    getActiveWorksheet(): Worksheet;
  }

  interface Worksheet {
    name: string;
    /** True for what a `…OrNullObject` call found nothing for. */
    isNullObject: boolean;
    /** ExcelApi 1.18. */
    notes: NoteCollection;
    freezePanes: { freezeRows(count: number): void };
    load(properties: Load): Worksheet;
    activate(): void;
    delete(): void;
    getRange(address: string): Range;
    getRangeByIndexes(row: number, column: number, rowCount: number, columnCount: number): Range;
    getUsedRangeOrNullObject(valuesOnly?: boolean): Range;
    /** ExcelApi 1.7: data changed on this sheet (after an edit is committed, never while a cell is being typed in). */
    onChanged: EventSource<WorksheetChangedEventArgs>;
  }

  interface EventSource<T> {
    add(handler: (event: T) => Promise<unknown> | void): unknown;
  }

  interface WorksheetChangedEventArgs {
    worksheetId: string;
    /** The changed range, e.g. `B3:C4`. */
    address: string;
    changeType: string;
    /** `Local` or `Remote` (a co-author). */
    source: string;
    /** ExcelApi 1.14: `ThisLocalAddin` for the add-in's own changes. */
    triggerSource?: string;
  }

  interface Range {
    isNullObject: boolean;
    rowIndex: number;
    columnIndex: number;
    rowCount: number;
    columnCount: number;
    /** Empty cells are `''`. */
    values: (string | number | boolean)[][];
    numberFormat: string[][];
    /** `Empty`, `String`, `Double`, `Boolean`, `Error`, … */
    valueTypes: string[][];
    /** Each cell as Excel shows it. */
    text: string[][];
    hyperlink: { documentReference?: string; textToDisplay?: string };
    format: {
      fill: RangeFill;
      font: { bold: boolean };
      autofitColumns(): void;
    };
    load(properties: Load): Range;
    select(): void;
  }

  interface RangeFill {
    /** `#RRGGBB`. */
    color: string;
    /** ExcelApi 1.9; `None` for no fill. */
    pattern: string;
    load(properties: Load): RangeFill;
    clear(): void;
  }

  interface SettingCollection {
    add(key: string, value: unknown): Setting;
    getItemOrNullObject(key: string): Setting;
  }

  interface Setting {
    isNullObject: boolean;
    value: unknown;
    load(properties: Load): Setting;
    delete(): void;
  }

  interface NoteCollection {
    add(cellAddress: string, content: string): void;
    getItem(cellAddress: string): { delete(): void };
  }
}
