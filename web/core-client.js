// The page's side of worker.js: requests as promises, progress as a callback,
// and cancelling by ending the worker and starting a fresh one.

export class CoreFailure extends Error {
  constructor(message, { internal, browserTooOld = false }) {
    super(message);
    this.internal = internal;
    /** The browser lacks what the core needs (WebAssembly SIMD). */
    this.browserTooOld = browserTooOld;
  }
}

export class Cancelled extends Error {}

export class CoreClient {
  constructor() {
    this.nextId = 1;
    this.pending = new Map();
    // Counts worker starts: a new worker no longer holds the last file and result.
    this.generation = 0;
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
      const failure = new CoreFailure(message.message, { internal: message.internal });
      request.reject(failure);
      // A fault inside the wasm can leave it unusable: start afresh for the next request.
      if (message.internal) this.restart(failure);
    }
  }

  failAll(failure) {
    for (const request of this.pending.values()) request.reject(failure);
    this.pending.clear();
  }

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

  meta(lang) {
    return this.request({ type: 'meta', lang });
  }

  /** Runs the core once on a fictitious register at `url`, so the user's first check is not its first. */
  warmUp(url) {
    return this.request({ type: 'warmUp', url });
  }

  run(file, options, onProgress) {
    return this.request({ type: 'run', file, options }, onProgress);
  }

  /** Validates sheets read from an open workbook (see validateGrid in src/wasm.rs). */
  runGrid(workbook, options, onProgress) {
    return this.request({ type: 'runGrid', workbook, options }, onProgress);
  }

  exportFile(kind, lang) {
    return this.request({ type: 'export', kind, lang });
  }

  individualReport(options) {
    return this.request({ type: 'individual', options });
  }

  /** Stops whatever runs now; every pending request rejects with Cancelled. */
  cancel() {
    this.restart(new Cancelled('cancelled'));
  }

  restart(reason) {
    this.worker.terminate();
    this.failAll(reason);
    this.start();
  }
}
