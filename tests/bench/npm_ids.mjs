// npm `personnummer` comparator for tests/bench/ids.sh.
//
// Reads FILE in 64 KiB chunks (one personnummer candidate per line), parses
// each line with Personnummer.parse (what Personnummer.valid does inside)
// and writes one line per input line to standard output through a 64 KiB
// buffer, like `amif-check ids`:
//
//   <line>\tvalid\t<YYYYMMDDNNNC, format(true)>\t<personnummer|samordningsnummer>
//   <line>\tinvalid\t\tinvalid
//
// Usage: node tests/bench/npm_ids.mjs FILE NODE_PREFIX > OUT
// where NODE_PREFIX holds node_modules/personnummer (npm install --prefix).

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { StringDecoder } from "node:string_decoder";

const [file, prefix] = process.argv.slice(2);
if (!file || !prefix) {
  process.stderr.write("usage: node npm_ids.mjs FILE NODE_PREFIX\n");
  process.exit(2);
}
// The package ships CommonJS as its entry point; load it from the prefix.
const require = createRequire(path.join(path.resolve(prefix), "bench.cjs"));
const Personnummer = require("personnummer");

const OUT_LIMIT = 1 << 16;
let out = "";
let number = 0;

// Writes all of `out` to standard output, also when it is a pipe.
function flush() {
  const bytes = Buffer.from(out, "utf8");
  out = "";
  for (let done = 0; done < bytes.length; ) {
    try {
      done += fs.writeSync(1, bytes, done);
    } catch (err) {
      if (err.code !== "EAGAIN") throw err;
    }
  }
}

function handle(raw) {
  number += 1;
  const text = raw.trim();
  let pnr;
  try {
    pnr = Personnummer.parse(text);
  } catch {
    out += `${number}\tinvalid\t\tinvalid\n`;
    pnr = null;
  }
  if (pnr !== null) {
    const kind = pnr.isCoordinationNumber() ? "samordningsnummer" : "personnummer";
    out += `${number}\tvalid\t${pnr.format(true)}\t${kind}\n`;
  }
  if (out.length >= OUT_LIMIT) flush();
}

const fd = fs.openSync(file, "r");
const buffer = Buffer.allocUnsafe(1 << 16);
const decoder = new StringDecoder("utf8");
let carry = "";
for (;;) {
  const read = fs.readSync(fd, buffer, 0, buffer.length, null);
  if (read === 0) break;
  const chunk = carry + decoder.write(buffer.subarray(0, read));
  let start = 0;
  for (let end = chunk.indexOf("\n"); end !== -1; end = chunk.indexOf("\n", start)) {
    handle(chunk.slice(start, end));
    start = end + 1;
  }
  carry = chunk.slice(start);
}
carry += decoder.end();
if (carry.length > 0) handle(carry);
fs.closeSync(fd);
if (out.length > 0) flush();
