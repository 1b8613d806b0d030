// Checks the later part of a large CSV file for worker.js, which checks the
// part before it at the same time: the two workers share the work of one
// check. Reads its part straight from the user's file (a Blob: nothing is
// copied between the workers but the checked rows, once).
//
// Messages in:  {type: 'warmUp', id, url}   (a fictitious register to check once)
//               {type: 'part', id, file: Blob, from, options}
// Messages out: {type: 'progress', id, done}   (bytes of the part read)
//               {type: 'done', id, value}   (warm-up: whether it ran; part: its
//                                           checked rows as bytes, or null
//                                           when it cannot be checked apart)

import init, * as core from './pkg/amif_check.js';
import { fileChunks, warmUp } from './worker-shared.js';

const ready = init();
// A core that cannot start answers every request with null: worker.js then checks alone.
ready.catch(() => {});

/** The file's first bytes: the part is read as the whole file is read from them. */
const sampleBytes = 64 * 1024;

/**
 * The part's checked rows, or null when it cannot be checked apart.
 * @param {number} id
 * @param {Blob} file
 * @param {number} from where the part starts
 * @param {import('./pkg/amif_check.js').Options} options
 */
async function checkPart(id, file, from, options) {
  const sample = new Uint8Array(await file.slice(0, sampleBytes).arrayBuffer());
  let part;
  try {
    part = new core.RegisterPart(options, sample, file.size - from);
  } catch {
    return null;
  }
  try {
    let read = 0;
    let lastReport = 0;
    for await (const chunk of fileChunks(file.slice(from))) {
      part.push(chunk);
      read += chunk.length;
      const now = performance.now();
      if (now - lastReport > 50) {
        lastReport = now;
        postMessage({ type: 'progress', id, done: read });
      }
    }
    return part.finish();
  } catch {
    // The whole file is checked again in one piece: its own reading reports what is wrong.
    part.free?.();
    return null;
  }
}

/** Parts asked for and not done yet: a warm-up then stops early. */
let partsWaiting = 0;

addEventListener('message', async ({ data }) => {
  const { type, id } = data;
  let value = null;
  if (type === 'part') partsWaiting += 1;
  try {
    await ready;
    if (type === 'warmUp') {
      // The part's own way through the core, as a large file takes it.
      value = await warmUp(data.url, (bytes, copies) => {
        const part = new core.RegisterPart({ lang: 'sv' }, bytes);
        for (let copy = 0; copy < copies; copy += 1) part.push(bytes);
        part.finish();
      }, () => partsWaiting > 0);
    } else if (type === 'part') {
      value = await checkPart(id, data.file, data.from, data.options);
    }
  } catch {
    value = null;
  } finally {
    if (type === 'part') partsWaiting -= 1;
  }
  postMessage({ type: 'done', id, value }, value instanceof Uint8Array ? [value.buffer] : []);
});
