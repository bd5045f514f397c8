import { deflateSync } from 'node:zlib';

/**
 * A plain raster of a line chart (no text), as the PNG fallback Word requires beside an SVG image
 * (docx: an SVG ImageRun must carry one). Word 2016 and later show the SVG drawn by ECharts; older
 * readers see these lines on a 0-100% grid. Written by hand because no rasteriser is installed.
 */

export type PngSeries = { color: [number, number, number]; points: (number | null)[] };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function lineChartPng(series: PngSeries[], slots: number, width = 600, height = 240): Buffer {
  const px = Buffer.alloc(width * height * 3, 255);
  const set = (x: number, y: number, [r, g, b]: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (Math.round(y) * width + Math.round(x)) * 3;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
  };
  const left = 30;
  const top = 15;
  const w = width - 2 * left;
  const h = height - 2 * top;
  for (let k = 0; k <= 4; k++) for (let x = left; x <= left + w; x++) set(x, top + (h * k) / 4, [225, 225, 225]);
  const at = (i: number, v: number): [number, number] => [left + (slots > 1 ? (w * i) / (slots - 1) : w / 2), top + h * (1 - v)];
  for (const s of series) {
    let prev: [number, number] | undefined;
    for (const [i, v] of s.points.entries()) {
      if (v === null) {
        prev = undefined;
        continue;
      }
      const p = at(i, v);
      for (let dx = -2; dx <= 2; dx++) for (let dy = -2; dy <= 2; dy++) set(p[0] + dx, p[1] + dy, s.color);
      if (prev) {
        const steps = Math.ceil(Math.max(Math.abs(p[0] - prev[0]), Math.abs(p[1] - prev[1])));
        for (let t = 0; t <= steps; t++) {
          const x = prev[0] + ((p[0] - prev[0]) * t) / steps;
          const y = prev[1] + ((p[1] - prev[1]) * t) / steps;
          set(x, y, s.color);
          set(x, y + 1, s.color);
        }
      }
      prev = p;
    }
  }
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    px.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8);
  ihdr.writeUInt8(2, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
