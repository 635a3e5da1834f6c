// A small PNG encoder (RGB, no filter) for test pictures, so that the tests
// need no image files or libraries.
import { deflateSync } from "node:zlib";

/** CRC-32 of PNG chunks (node:zlib has crc32 only from node 20.15 on; Debian 12 ships 18). */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Buffer} bytes */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A width×height PNG whose pixel (x, y) is `color(x, y)` → [r, g, b].
 * @param {number} width
 * @param {number} height
 * @param {(x: number, y: number) => [number, number, number]} color
 */
export function png(width, height, color) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = color(x, y);
      rows.set([r, g, b], row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A 640×400 sunset-like gradient with a sun: easy to recognise on screenshots. */
export function sunsetPng() {
  return png(640, 400, (x, y) => {
    const sun = (x - 420) ** 2 + (y - 170) ** 2 < 70 ** 2;
    if (sun) return [255, 214, 90];
    if (y > 300) return [30, 60 + ((x + y) % 40), 90];
    return [250 - y / 3, 120 + y / 4, 90 + x / 8];
  });
}
