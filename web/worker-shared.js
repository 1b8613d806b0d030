// What the page's two workers (worker.js and part-worker.js) do alike:
// read a file in chunks, and warm the core up.

/** Bytes read from a file at a time. */
const chunkBytes = 1 << 20;

/**
 * The file's bytes in chunks, read into one buffer used again and again
 * (a BYOB reader): a 100 MB file then leaves no 100 MB of spent chunks for
 * the garbage collector. Where the browser has no BYOB reader for files,
 * its own chunks.
 * @param {Blob} file
 * @returns {AsyncGenerator<Uint8Array<ArrayBuffer>, void, undefined>}
 */
export async function* fileChunks(file) {
  /** @type {ReadableStreamBYOBReader | null} */
  let reader;
  try {
    reader = file.stream().getReader({ mode: 'byob' });
  } catch {
    reader = null;
  }
  if (!reader) {
    const plain = file.stream().getReader();
    try {
      for (;;) {
        const { done, value } = await plain.read();
        if (done) return;
        yield value;
      }
    } finally {
      plain.cancel().catch(() => {});
    }
  }
  let buffer = new ArrayBuffer(chunkBytes);
  try {
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer, 0, chunkBytes));
      if (done) return;
      yield value;
      buffer = value.buffer;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Rounds of a warm-up, and copies of the bundled register checked as one in each. */
const warmUpRounds = 10;
const warmUpCopies = 20;

/**
 * Checks copies of the bundled fictitious register at `url` with `check`
 * (given the register's bytes and how many copies to check as one), round
 * after round, and throws the results away. V8 runs each wasm function as
 * quickly compiled code first and compiles it fully once it has run a while,
 * in the background: the user's first file, large or small, then runs
 * fully compiled code, and its check does not share the machine with that
 * compilation. Stops early once `wanted()` says the worker has a user's
 * file to check. Never fails: without the warm-up the first check is only
 * slower. Returns whether it ran.
 * @param {string} url
 * @param {(bytes: Uint8Array<ArrayBuffer>, copies: number) => void} check
 * @param {() => boolean} [wanted]
 */
export async function warmUp(url, check, wanted = () => false) {
  try {
    const response = await fetch(url);
    if (!response.ok) return false;
    const bytes = new Uint8Array(await response.arrayBuffer());
    for (let round = 0; round < warmUpRounds && !wanted(); round += 1) {
      check(bytes, warmUpCopies);
      // Lets a waiting message in before the next round.
      await new Promise((done) => setTimeout(done, 0));
    }
    return true;
  } catch {
    return false;
  }
}
