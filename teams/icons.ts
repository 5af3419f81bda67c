import { deflateSync } from 'node:zlib';

/** A tiny PNG encoder (RGBA, no filtering): enough for the two app icons Teams wants. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** Is (x, y), in a unit square, inside a speech bubble? */
function inBubble(x: number, y: number, stroke = 0): boolean {
  const inRect = (l: number, t: number, r: number, b: number, radius: number) => {
    const cx = Math.min(Math.max(x, l + radius), r - radius);
    const cy = Math.min(Math.max(y, t + radius), b - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 && x >= l && x <= r && y >= t && y <= b;
  };
  const body = inRect(0.18, 0.22, 0.82, 0.66, 0.1);
  const tail = y >= 0.62 && y <= 0.8 && x >= 0.3 && x <= 0.3 + (0.8 - y) * 0.9;
  if (!stroke) return body || tail;
  const inner = inRect(0.18 + stroke, 0.22 + stroke, 0.82 - stroke, 0.66 - stroke, 0.1 - stroke / 2);
  return (body || tail) && !inner;
}

/** 192x192 full-colour icon: a white speech bubble on SLB blue. */
export function colorIcon(): Buffer {
  return encodePng(192, 192, (x, y) => (inBubble(x / 192, y / 192) ? [255, 255, 255, 255] : [0, 82, 140, 255]));
}

/** 32x32 outline icon: white on transparent, as Teams requires. */
export function outlineIcon(): Buffer {
  return encodePng(32, 32, (x, y) => (inBubble((x + 0.5) / 32, (y + 0.5) / 32, 0.08) ? [255, 255, 255, 255] : [0, 0, 0, 0]));
}
