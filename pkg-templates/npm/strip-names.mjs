// Drops the `name` and `producers` custom sections of a .wasm file in
// place: function names for debuggers, a third of the file before gzip.
// wasm-opt would do it, but Debian's breaks the module, and `strip` in
// Cargo.toml would also drop the sections wasm-bindgen reads.
// Usage: node strip-names.mjs FILE.wasm
import { readFileSync, writeFileSync } from "node:fs";

const drop = new Set(["name", "producers"]);
const file = process.argv[2];
const bytes = readFileSync(file);
if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file}: not a WebAssembly module`);

function leb(at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

const kept = [bytes.subarray(0, 8)];
let at = 8;
while (at < bytes.length) {
  const start = at;
  const id = bytes[at++];
  const [size, body] = leb(at);
  const end = body + size;
  if (end > bytes.length) throw new Error(`${file}: truncated section`);
  let name = null;
  if (id === 0) {
    const [length, text] = leb(body);
    name = bytes.subarray(text, text + length).toString("utf8");
  }
  if (!drop.has(name)) kept.push(bytes.subarray(start, end));
  at = end;
}
writeFileSync(file, Buffer.concat(kept));
