// Writes eng/package/icon.png (128x128, the packages' icon: a gift box) with no dependencies: `node eng/package/make-icon.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const teal = [0x0f, 0x76, 0x6e], ribbon = [0xf5, 0xb8, 0x2e], lid = [0x0b, 0x5c, 0x56];
const pixels = Buffer.alloc(size * size * 4); // RGBA, transparent

function fill(x0, y0, x1, y1, [r, g, b]) {
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) pixels.set([r, g, b, 255], (y * size + x) * 4);
}
function disc(cx, cy, radius, colour) {
  for (let y = cy - radius; y <= cy + radius; y++)
    for (let x = cx - radius; x <= cx + radius; x++)
      if ((x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2) fill(x, y, x + 1, y + 1, colour);
}

fill(18, 52, 110, 116, teal);      // box
fill(12, 38, 116, 56, lid);        // lid
fill(56, 38, 72, 116, ribbon);     // vertical ribbon
fill(18, 76, 110, 88, ribbon);     // horizontal ribbon
disc(50, 28, 12, ribbon);          // bow
disc(78, 28, 12, ribbon);
disc(64, 34, 7, lid);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const rows = Buffer.concat(Array.from({ length: size }, (_, y) =>
  Buffer.concat([Buffer.from([0]), pixels.subarray(y * size * 4, (y + 1) * size * 4)])));
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`icon.png: ${png.length} bytes`);
