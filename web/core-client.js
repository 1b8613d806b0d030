// The page's side of worker.js: requests as promises, progress as a callback,
// and cancelling by ending the worker and starting a fresh one.

/** @typedef {import('./pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('./pkg/amif_check.js').DiagnosticCode} DiagnosticCode */
/** @typedef {import('./pkg/amif_check.js').Preview} Preview */
/** @typedef {import('./pkg/amif_check.js').FieldInfo} FieldInfo */
/** @typedef {import('./pkg/amif_check.js').GridSheet} GridSheet */
/** @typedef {import('./pkg/amif_check.js').Options} Options */
/** @typedef {import('./pkg/amif_check.js').ValidationResult} ValidationResult */

/**
 * A request's progress: bytes read, then rows checked (`total` null when not known).
 * @typedef {{type: 'progress', id: number, phase: 'read' | 'rows', done: number, total: number | null}} Progress
 */

/**
 * What worker.js posts (see its messages).
 * @typedef {{type: 'ready', exports: string[]}
 *   | {type: 'startFailed', message: string, browserTooOld: boolean}
 *   | Progress
 *   | {type: 'done', id: number, value: any}
 *   | {type: 'failed', id: number, message: string, internal: boolean, code: string | null, sheet: string | null, params: Record<string, string> | null}} WorkerMessage
 */

/**
 * What each kind of `exportFile` gives (a workbook's bytes arrive in a buffer of their own).
 * @typedef {{aggregatesCsv: string, diagnosticsCsv: string, aggregatesTable: string[][], annotatedWorkbook: Uint8Array<ArrayBuffer>}} Exports
 */

/**
 * @typedef {object} PendingRequest
 * @property {(value: any) => void} resolve
 * @property {(failure: Error) => void} reject
 * @property {((progress: Progress) => void) | undefined} onProgress
 */

export class CoreFailure extends Error {
  /**
   * @param {string} message
   * @param {{internal: boolean, browserTooOld?: boolean, code?: string | null, sheet?: string | null}} how
   *   `internal`: a fault of the page or the core, not of the file; `code`: why the core could not check the register
   */
  constructor(message, { internal, browserTooOld = false, code = null, sheet = null }) {
    super(message);
    this.internal = internal;
    /** The browser lacks what the core needs (WebAssembly SIMD). */
    this.browserTooOld = browserTooOld;
    /** The core's code for a register it cannot check (`header.not_found`, `file.unreadable`, …), or null. */
    this.code = code;
    /** The sheet that code is about, when it names one. */
    this.sheet = sheet;
  }
}

export class Cancelled extends Error {}

export class CoreClient {
  constructor() {
    this.nextId = 1;
    /** @type {Map<number, PendingRequest>} */
    this.pending = new Map();
    // Counts worker starts: a new worker no longer holds the last file and result.
    this.generation = 0;
    // Declared for the type check only: start() sets them.
    /** @type {Worker} */
    this.worker;
    /** @type {Promise<Set<string>>} The names the core exports, once it has loaded. */
    this.ready;
    /** @type {(names: Set<string>) => void} */
    this.resolveReady;
    /** @type {(failure: CoreFailure) => void} */
    this.rejectReady;
    this.start();
  }

  start() {
    this.generation += 1;
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // The page learns what the core offers (e.g. annotatedWorkbook) once it has loaded.
    this.ready.catch(() => {});
    this.worker.addEventListener('message', (event) => this.receive(event.data));
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      const failure = new CoreFailure(event.message || 'worker error', { internal: true });
      this.rejectReady(failure);
      this.failAll(failure);
    });
  }

  /** @param {WorkerMessage} message */
  receive(message) {
    if (message.type === 'ready') {
      this.resolveReady(new Set(message.exports));
      return;
    }
    if (message.type === 'startFailed') {
      const failure = new CoreFailure(message.message, { internal: true, browserTooOld: message.browserTooOld });
      this.rejectReady(failure);
      this.failAll(failure);
      return;
    }
    const request = this.pending.get(message.id);
    if (!request) return;
    if (message.type === 'progress') {
      request.onProgress?.(message);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'done') request.resolve(message.value);
    else {
      const failure = new CoreFailure(message.message, { internal: message.internal, code: message.code, sheet: message.sheet });
      request.reject(failure);
      // A fault inside the wasm can leave it unusable: start afresh for the next request.
      if (message.internal) this.restart(failure);
    }
  }

  /** @param {Error} failure */
  failAll(failure) {
    for (const request of this.pending.values()) request.reject(failure);
    this.pending.clear();
  }

  /**
   * @template T
   * @param {{type: string} & Record<string, unknown>} message
   * @param {(progress: Progress) => void} [onProgress]
   * @returns {Promise<T>}
   */
  request(message, onProgress) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** The names the core exports, once it has loaded. */
  capabilities() {
    return this.ready;
  }

  /**
   * @param {string} lang
   * @returns {Promise<{catalogue: Catalogue, fields: FieldInfo[], codes: DiagnosticCode[]}>}
   */
  meta(lang) {
    return this.request({ type: 'meta', lang });
  }

  /**
   * Runs the core once on a fictitious register at `url`, so the user's first check is not its first.
   * @param {string} url
   * @returns {Promise<boolean>}
   */
  warmUp(url) {
    return this.request({ type: 'warmUp', url });
  }

  /**
   * @param {Blob} file
   * @param {Options} options
   * @param {(progress: Progress) => void} [onProgress]
   * @returns {Promise<ValidationResult>}
   */
  run(file, options, onProgress) {
    return this.request({ type: 'run', file, options }, onProgress);
  }

  /**
   * Validates sheets read from an open workbook (see validateGrid in src/wasm/host.rs).
   * @param {{sheets: GridSheet[], date1904?: boolean}} workbook
   * @param {Options} options
   * @param {(progress: Progress) => void} [onProgress]
   * @returns {Promise<ValidationResult>}
   */
  runGrid(workbook, options, onProgress) {
    return this.request({ type: 'runGrid', workbook, options }, onProgress);
  }

  /**
   * @template {keyof Exports} K
   * @param {K} kind
   * @param {string} lang
   * @param {import('./pkg/amif_check.js').Comparison | null} [comparison] a comparison shown with the result, which the aggregates then carry
   * @returns {Promise<Exports[K]>}
   */
  exportFile(kind, lang, comparison = null) {
    return this.request({ type: 'export', kind, lang, comparison });
  }

  /**
   * The first rows of `file` (of `sheet`, or the first sheet), to show when no header row was found.
   * @param {Blob} file
   * @param {string | null} sheet
   * @returns {Promise<Preview>}
   */
  preview(file, sheet) {
    return this.request({ type: 'preview', file, sheet });
  }

  /**
   * What changed since an earlier report (see compareWithPrevious): the
   * register now (the file, or null: the add-in's workbook as `runGrid`
   * last read it) with the options of its check.
   * @param {{register: Blob | null, options: Options, previousJson: string, previousRegister: Blob | null}} what
   * @returns {Promise<import('./pkg/amif_check.js').ComparisonResult>}
   */
  compare(what) {
    return this.request({ type: 'compare', ...what });
  }

  /**
   * What the marked copy of `file` is: `own` (the user's workbook, marked,
   * all else kept) or `new` (a new workbook, the participant table only).
   * @param {Blob} file
   * @returns {Promise<'own' | 'new'>}
   */
  copyKind(file) {
    return this.request({ type: 'copyKind', file });
  }

  /**
   * The register template (`amif-check template`'s bytes) and its sheets' names.
   * @param {import('./pkg/amif_check.js').TemplateOptions} options
   * @returns {Promise<{bytes: Uint8Array<ArrayBuffer>, sheets: string[]}>}
   */
  template(options) {
    return this.request({ type: 'template', options });
  }

  /**
   * The individual-level report of the last file, as CSV.
   * @param {Options} options
   * @returns {Promise<string>}
   */
  individualReport(options) {
    return this.request({ type: 'individual', options });
  }

  /** Stops whatever runs now; every pending request rejects with Cancelled. */
  cancel() {
    this.restart(new Cancelled('cancelled'));
  }

  /** @param {Error} reason what every pending request rejects with */
  restart(reason) {
    this.worker.terminate();
    this.failAll(reason);
    this.start();
  }
}
