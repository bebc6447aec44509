// Regenerates es-numbers.json: IEEE-754 doubles with the string V8 (ECMAScript Number.prototype.toString)
// gives them, the reference RFC 8785 section 3.2.2.3 points to. Run: node generate-es-numbers.js > es-numbers.json
"use strict";
let state = 0x9e3779b97f4a7c15n; // fixed seed: the file is reproducible
const mask = (1n << 64n) - 1n;
function next64() { // xorshift64*
  state ^= state >> 12n; state ^= (state << 25n) & mask; state ^= state >> 27n;
  return (state * 0x2545f4914f6cdd1dn) & mask;
}
const buf = Buffer.alloc(8);
const hex = d => { buf.writeDoubleBE(d); return buf.toString("hex"); };
const fromBits = b => { buf.writeBigUInt64BE(b); return buf.readDoubleBE(0); };
const next = d => fromBits(BigInt("0x" + hex(d)) + 1n);
const prev = d => fromBits(BigInt("0x" + hex(d)) - 1n);
const out = new Map();
const add = d => { if (Number.isFinite(d)) out.set(hex(d), String(d)); };
const powers = [-324, -323, -308, -307, 300, 307, 308];
for (let k = -25; k <= 25; k++) powers.push(k);
for (const k of powers) { const p = Number("1e" + k); add(p); add(-p); if (p > 0 && p < Infinity) { add(next(p)); add(prev(p)); } }
for (let i = 0; i < 400; i++) add(fromBits(next64()));
for (let i = 0; i < 200; i++) add(Number(next64() >> BigInt(Number(next64() % 60n))));
for (let i = 0; i < 300; i++) {
  const digits = String(next64()).slice(0, 1 + Number(next64() % 17n));
  add(Number(digits + "e" + (Number(next64() % 60n) - 30)));
}
const rows = [...out].map(([bits, es]) => `  {"bits":"${bits}","es":"${es}"}`);
process.stdout.write("[\n" + rows.join(",\n") + "\n]\n");
