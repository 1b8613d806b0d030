// Runs the wasm core off the main thread so the page stays responsive.
// Keeps the last file (a File: its bytes stay with the browser, not in this
// worker's heap), or the add-in's last sheets, and result here: downloads
// and comparisons are made from them without sending large data back and forth, and the individual-level records never
// reach the page except as the finished CSV. A large CSV file is checked
// in two parts at once: the second half by a helper worker (part-worker.js).
//
// Messages in:  {type: 'meta', id, lang}
//               {type: 'warmUp', id, url}   (a fictitious register to check, unseen)
//               {type: 'run', id, file: Blob, options}
//               {type: 'runGrid', id, workbook, options}   (the Excel add-in's sheets)
//               {type: 'export', id, kind, lang, comparison}   (comparison: the page's, or null)
//               {type: 'individual', id, options}
//               {type: 'preview', id, file: Blob, sheet}   (the first rows, when no header was found)
//               {type: 'template', id, options}   (the register template: {bytes, sheets})
//               {type: 'copyKind', id, file: Blob}   (what the file's marked copy is: 'own' or 'new')
//               {type: 'compare', id, register: Blob | null, options, previousJson, previousRegister: Blob | null}
//                 (register null: the add-in's workbook last checked)
// Messages out: {type: 'ready', exports: string[]}
//               {type: 'startFailed', message, browserTooOld}   (the core could not start)
//               {type: 'progress', id, phase: 'read'|'rows', done, total}
//               {type: 'done', id, value}
//               {type: 'failed', id, message, internal, code, sheet, params}   (code: the core's, e.g. header.not_found)

import init, * as core from './pkg/amif_check.js';
import { fileChunks, warmUp } from './worker-shared.js';

/** @typedef {import('./pkg/amif_check.js').Options} Options */
/** @typedef {import('./pkg/amif_check.js').ValidationResult} ValidationResult */
/** @typedef {(rows: number) => void} RowsProgress */
/** @typedef {Parameters<typeof core.validateGrid>[0]} Grid The add-in's sheets. */
/**
 * The page's requests (see "Messages in" above).
 * @typedef {{type: 'meta', id: number, lang: string}
 *   | {type: 'warmUp', id: number, url: string}
 *   | {type: 'run', id: number, file: Blob, options: Options}
 *   | {type: 'runGrid', id: number, workbook: Grid, options: Options}
 *   | {type: 'export', id: number, kind: string, lang: string, comparison: import('./pkg/amif_check.js').Comparison | null}
 *   | {type: 'individual', id: number, options: Options}
 *   | {type: 'preview', id: number, file: Blob, sheet: string | null}
 *   | {type: 'template', id: number, options: import('./pkg/amif_check.js').TemplateOptions}
 *   | {type: 'copyKind', id: number, file: Blob}
 *   | {type: 'compare', id: number, register: Blob | null, options: Options, previousJson: string, previousRegister: Blob | null}} Request
 */

const ready = init().then(() => {
  postMessage({ type: 'ready', exports: Object.keys(core) });
});
ready.catch((error) => {
  postMessage({ type: 'startFailed', message: String(error?.message ?? error), browserTooOld: !hasWasmSimd() });
});

/** Whether this browser runs WebAssembly SIMD, which the core is built with. */
function hasWasmSimd() {
  // (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)
  const probe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  try {
    return WebAssembly.validate(probe);
  } catch {
    return false;
  }
}

/** @type {Blob | null} */
let lastFile = null;
/** @type {Grid | null} The add-in's sheets last checked, for a comparison with them. */
let lastGrid = null;
/** @type {ValidationResult | null} */
let lastResult = null;

/** A fault of this page or the core, not of the user's file. */
class InternalError extends Error {}

/**
 * The core throws plain Errors for unusable files: their message is for the user.
 * @param {unknown} error
 */
function isUserError(error) {
  return /** @type {object | null | undefined} */ (error)?.constructor === Error;
}

/** @param {Uint8Array} firstBytes */
function looksLikeText(firstBytes) {
  // XLSX/ODS are zip files ("PK"), XLS is an OLE compound file (D0 CF 11 E0).
  if (firstBytes.length < 4) return true;
  const zip = firstBytes[0] === 0x50 && firstBytes[1] === 0x4b;
  const ole = firstBytes[0] === 0xd0 && firstBytes[1] === 0xcf && firstBytes[2] === 0x11 && firstBytes[3] === 0xe0;
  return !zip && !ole;
}

/**
 * Streams the file into the validator, reporting bytes read: a CSV file's
 * rows are checked as they arrive, so it is never held whole. A workbook is
 * read when complete, with rows reported as they are checked. A large CSV
 * file is checked in two parts at once, here and in the helper worker.
 * @param {number} id
 * @param {Blob} file
 * @param {Options} options
 * @returns {Promise<ValidationResult>}
 */
async function validate(id, file, options) {
  const split = await splitPoint(file);
  let validator = new core.RegisterValidator(options);
  let from = 0;
  if (split !== null) {
    const rows = await firstPart(id, validator, file, split, options);
    try {
      if (rows) {
        // The stamp's SHA-256 is of the whole file: the helper's part is hashed here too, not checked again.
        for await (const chunk of fileChunks(file.slice(split))) validator.hashOnly(chunk);
        // The rows of the helper's part are counted only when joined.
        const result = finish(id, file.size, null, (report) => validator.finishWithPart(rows, report));
        if (result !== undefined) return result;
        // The halves do not fit together (a quoted cell across the middle): read it again, whole.
        validator = new core.RegisterValidator(options);
      } else {
        // The helper could not check its part: read on here, as if reading the file whole.
        from = split;
      }
    } finally {
      helper.restart();
    }
  }
  // A file read on from the split is text (splitPoint saw to it).
  const textFile = (await push(id, validator, file.slice(from), file.size, () => 0)) || from > 0;
  // Text: every row is checked already. Workbooks: the rows are still to read.
  const rowsTotal = textFile ? validator.rowsRead : null;
  return finish(id, file.size, rowsTotal, (report) => validator.finish(report));
}

/**
 * Pushes the file up to `split` into the validator while the helper checks
 * the rest: the helper's checked rows, or null when it could not check them.
 * @param {number} id
 * @param {import('./pkg/amif_check.js').RegisterValidator} validator
 * @param {Blob} file
 * @param {number} split
 * @param {Options} options
 * @returns {Promise<Uint8Array | null>}
 */
async function firstPart(id, validator, file, split, options) {
  let helperRead = 0;
  const part = helper.checkPart(file, split, options, (done) => {
    helperRead = done;
  });
  try {
    await push(id, validator, file.slice(0, split), file.size, () => helperRead);
  } catch (error) {
    // The file's first part is wrong, as it would be read whole: the helper's work is not needed.
    helper.restart();
    throw error;
  }
  return part;
}

/**
 * Pushes `blob` (the file, or its first part) into the validator, reporting
 * bytes read here and `readElsewhere()`; whether the file is text.
 * @param {number} id
 * @param {import('./pkg/amif_check.js').RegisterValidator} validator
 * @param {Blob} blob
 * @param {number} total the whole file's size
 * @param {() => number} readElsewhere
 */
async function push(id, validator, blob, total, readElsewhere) {
  // A workbook is held in one buffer of the file's size: never grown and copied.
  validator.reserve(total);
  /** @type {boolean | null} */
  let textFile = null;
  let lastReport = 0;
  const chunks = fileChunks(blob);
  try {
    for (;;) {
      const { done, value } = await chunks.next();
      if (done) break;
      if (textFile === null) textFile = looksLikeText(value);
      validator.push(value);
      const now = performance.now();
      if (now - lastReport > 50) {
        lastReport = now;
        postMessage({ type: 'progress', id, phase: 'read', done: validator.bytesReceived + readElsewhere(), total });
      }
    }
  } catch (error) {
    chunks.return?.();
    validator.free?.();
    throw error;
  }
  return textFile;
}

/**
 * Ends the check with `finishing` (given a progress callback), reporting rows.
 * @template R
 * @param {number} id
 * @param {number} size
 * @param {number | null} rowsTotal
 * @param {(report: RowsProgress) => R} finishing
 * @returns {R}
 */
function finish(id, size, rowsTotal, finishing) {
  postMessage({ type: 'progress', id, phase: 'read', done: size, total: size });
  postMessage({ type: 'progress', id, phase: 'rows', done: 0, total: rowsTotal });
  return finishing((rows) => {
    postMessage({ type: 'progress', id, phase: 'rows', done: rows, total: rowsTotal });
  });
}

/** Files at least this large are checked in two parts at once: a smaller one takes ~0.1 s, and splitting it would save little. */
const splitMinBytes = 8 << 20;

/**
 * Where to split a large CSV file: just after the first line break from
 * its middle on. `null` for a small file, a workbook, a file without a
 * line break there, or a browser that cannot start a second worker.
 * @param {Blob} file
 * @returns {Promise<number | null>}
 */
async function splitPoint(file) {
  if (file.size < splitMinBytes || !helper.available()) return null;
  const first = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (!looksLikeText(first)) return null;
  const middle = Math.floor(file.size / 2);
  const window = new Uint8Array(await file.slice(middle, middle + (1 << 20)).arrayBuffer());
  const lineBreak = window.indexOf(0x0a);
  return lineBreak < 0 ? null : middle + lineBreak + 1;
}

/**
 * The helper worker (part-worker.js): started once and warmed up with this
 * one, and started afresh after each large file, so its memory is given
 * back. Where the browser cannot start it, files are checked here alone.
 */
const helper = {
  /** @type {Worker | null} */
  worker: null,
  failed: false,
  /** @type {Map<number, {resolve: (value: any) => void, onProgress?: (done: number) => void}>} */
  requests: new Map(),
  nextId: 1,
  /** @type {string | null} */
  warmUrl: null,
  /** @type {Promise<boolean | null>} */
  warming: Promise.resolve(null),

  available() {
    if (!this.worker && !this.failed) this.start();
    return this.worker !== null;
  },

  start() {
    try {
      this.worker = new Worker(new URL('./part-worker.js', import.meta.url), { type: 'module' });
    } catch {
      this.failed = true;
      return;
    }
    this.worker.addEventListener('message', ({ data }) => {
      const request = this.requests.get(data.id);
      if (!request) return;
      if (data.type === 'progress') request.onProgress?.(data.done);
      else {
        this.requests.delete(data.id);
        request.resolve(data.value);
      }
    });
    // A helper that cannot run (its script or module did not load) is not
    // started again: files are then checked here alone.
    this.worker.addEventListener('error', () => {
      this.stop();
      this.failed = true;
    });
    this.warming = this.warmUrl ? this.request({ type: 'warmUp', url: this.warmUrl }) : Promise.resolve(null);
  },

  /**
   * Resolves with the helper's answer; null when it is gone.
   * @template T
   * @param {{type: string} & Record<string, unknown>} message
   * @param {(done: number) => void} [onProgress]
   * @returns {Promise<T | null>}
   */
  request(message, onProgress) {
    const worker = this.worker;
    if (!worker) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.requests.set(id, { resolve, onProgress });
      worker.postMessage({ ...message, id });
    });
  },

  /**
   * Warms the helper up now, and every fresh one as it starts; resolves when it is warm.
   * @param {string} url
   * @returns {Promise<boolean | null>}
   */
  warmUp(url) {
    this.warmUrl = url;
    if (this.worker) return this.request({ type: 'warmUp', url });
    return this.available() ? this.warming : Promise.resolve(null);
  },

  /**
   * The part's checked rows, or null.
   * @param {Blob} file
   * @param {number} from
   * @param {Options} options
   * @param {(done: number) => void} onProgress
   * @returns {Promise<Uint8Array | null>}
   */
  checkPart(file, from, options, onProgress) {
    return this.request({ type: 'part', file, from, options }, onProgress);
  },

  /** Ends the helper (its memory with it) and starts a fresh one. */
  restart() {
    this.stop();
    if (!this.failed) this.start();
  },

  /** Ends the helper; a pending request gets null. */
  stop() {
    this.worker?.terminate();
    this.worker = null;
    for (const request of this.requests.values()) request.resolve(null);
    this.requests.clear();
  },
};

/** The last file's bytes, read again only when a download needs them. */
async function lastBytes() {
  if (!lastFile) throw new InternalError('no file');
  return new Uint8Array(await lastFile.arrayBuffer());
}

/** Files the user gave that are not checked yet: a warm-up then stops early. */
let filesWaiting = 0;

/**
 * @param {Request} message
 * @returns {Promise<unknown>}
 */
async function handle(message) {
  const { type, id } = message;
  if (type === 'run') filesWaiting += 1;
  await ready;
  switch (type) {
    case 'meta':
      return {
        catalogue: core.catalogue(message.lang),
        fields: core.fields(message.lang),
        codes: core.diagnosticCodes(message.lang),
      };
    case 'warmUp': {
      // Touches neither lastFile nor lastResult, and never fails: a failure
      // would restart this worker (see core-client.js) and cancel a check
      // the user started meanwhile. Done when both workers are warm.
      const helperWarm = helper.warmUp(message.url);
      let workbook = null;
      const warm = await warmUp(message.url, (bytes, copies) => {
        const register = new Uint8Array(bytes.length * copies);
        for (let copy = 0; copy < copies; copy += 1) register.set(bytes, copy * bytes.length);
        const validator = new core.RegisterValidator({ lang: 'sv' });
        validator.push(register);
        const result = validator.finish(() => {});
        // Workbooks take their own way through the core: the core's
        // annotated copy of the same rows, an XLSX file, made once and
        // read back every round.
        workbook ??= core.annotatedWorkbook(register, result, 'sv');
        core.validateRegister(workbook, { lang: 'sv' });
      }, () => filesWaiting > 0);
      await helperWarm;
      return warm;
    }
    case 'run': {
      lastFile = null;
      lastGrid = null;
      lastResult = null;
      const result = await validate(id, message.file, message.options).finally(() => {
        filesWaiting -= 1;
      });
      delete result.individuals;
      lastFile = message.file;
      lastResult = result;
      return result;
    }
    case 'runGrid': {
      lastFile = null;
      lastGrid = null;
      lastResult = null;
      const result = core.validateGrid(message.workbook, message.options, (rows) => {
        postMessage({ type: 'progress', id, phase: 'rows', done: rows, total: null });
      });
      delete result.individuals;
      lastGrid = message.workbook;
      lastResult = result;
      return result;
    }
    case 'export':
      return exportFile(message.kind, message.lang, message.comparison);
    case 'preview':
      return preview(message.file, message.sheet);
    case 'copyKind': {
      // Of the file given, not the last one checked: a check may be starting meanwhile.
      // A text file's first bytes tell it is no workbook; a workbook is told by its whole zip.
      const first = new Uint8Array(await message.file.slice(0, 4).arrayBuffer());
      const bytes = looksLikeText(first) ? first : new Uint8Array(await message.file.arrayBuffer());
      return core.annotatedWorkbookKind(bytes);
    }
    case 'compare':
      return compare(message.register, message.options, message.previousJson, message.previousRegister);
    case 'template': {
      // Made from the catalogue alone: no register is involved.
      const bytes = core.registerTemplate(message.options);
      return { bytes, sheets: core.previewRows(bytes, { rows: 1 }).sheets };
    }
    case 'individual': {
      // The records alone are needed: no stamp, so no hashing.
      const withPersons = core.validateRegister(await lastBytes(), { ...message.options, individualReport: true, hashFile: false });
      return core.individualReportCsv(withPersons, message.options.lang);
    }
    default:
      throw new InternalError(`unknown message ${type}`);
  }
}

/**
 * What changed since an earlier report: the register now (the page's file,
 * or, for null, the add-in's sheets last checked) counted in the earlier
 * report's periods. The earlier register's bytes live only during this call.
 * @param {Blob | null} register
 * @param {Options} options
 * @param {string} previousJson
 * @param {Blob | null} previousRegister
 */
async function compare(register, options, previousJson, previousRegister) {
  if (!register && !lastGrid) throw new InternalError('no workbook');
  const earlier = previousRegister ? new Uint8Array(await previousRegister.arrayBuffer()) : null;
  if (!register) return core.compareGridWithPrevious(/** @type {Grid} */ (lastGrid), options, previousJson, earlier);
  return core.compareWithPrevious(new Uint8Array(await register.arrayBuffer()), options, previousJson, earlier);
}

/** A CSV file's first rows lie in its first bytes; a workbook needs the whole file. */
const previewBytes = 256 << 10;

/**
 * The first rows of a sheet, for the user to point at the header row. They
 * go to the page to be shown, and are kept nowhere here.
 * @param {Blob} file
 * @param {string | null} sheet
 */
async function preview(file, sheet) {
  const first = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const bytes = new Uint8Array(await (looksLikeText(first) ? file.slice(0, previewBytes) : file).arrayBuffer());
  return core.previewRows(bytes, sheet ? { sheet, rows: previewRowCount } : { rows: previewRowCount });
}

/** Rows the header picker shows. */
const previewRowCount = 20;

/**
 * @param {string} kind
 * @param {string} lang
 * @param {import('./pkg/amif_check.js').Comparison | null} comparison what the page shows of a comparison: the aggregates carry it
 */
async function exportFile(kind, lang, comparison) {
  if (!lastResult) throw new InternalError('no result');
  if (comparison) lastResult.aggregates.comparison = comparison;
  else delete lastResult.aggregates.comparison;
  switch (kind) {
    case 'aggregatesCsv':
      return core.aggregatesCsv(lastResult, lang);
    case 'diagnosticsCsv':
      return core.diagnosticsCsv(lastResult, lang);
    case 'aggregatesTable':
      return core.aggregatesTable(lastResult, lang);
    case 'annotatedWorkbook':
      return core.annotatedWorkbook(await lastBytes(), lastResult, lang);
    default:
      throw new InternalError(`unknown export ${kind}`);
  }
}

addEventListener('message', async (event) => {
  const { id } = event.data;
  try {
    const value = await handle(event.data);
    const transfer = value instanceof Uint8Array ? [value.buffer] : [];
    postMessage({ type: 'done', id, value }, transfer);
  } catch (error) {
    // A register that cannot be checked says why by code (e.g. header.not_found), never by a cell's content.
    const { code = null, sheet = null, params = null } = /** @type {{code?: string, sheet?: string, params?: Record<string, string>}} */ (error ?? {});
    postMessage({
      type: 'failed',
      id,
      message: String(/** @type {{message?: unknown} | null | undefined} */ (error)?.message ?? error),
      internal: !isUserError(error),
      code,
      sheet,
      params,
    });
  }
});
