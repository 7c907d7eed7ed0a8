import { crc32, deflateSync } from 'node:zlib';

/**
 * Writes PDF files by hand, byte for byte, so tests can make shapes no PDF library would write (escaped names,
 * objects hidden in comments or in compressed object streams, appended data). Bodies are latin1 strings.
 */
export const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
export const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** A stream object body: the dictionary (without << >>) gets the right /Length. */
export function stream(dict: string, data: string | Uint8Array): string {
  const raw = typeof data === 'string' ? data : text(data);
  return `<< ${dict} /Length ${raw.length} >>\nstream\n${raw}\nendstream`;
}

export const flate = (s: string) => text(deflateSync(Buffer.from(s, 'latin1')));

type Objects = Record<number, string>;

/** One revision with a classic cross-reference table; `prev` makes it an incremental update of `base`. */
export function classicPdf(objects: Objects, trailer: string, options: { base?: Uint8Array; eol?: string } = {}): Uint8Array {
  const eol = options.eol ?? '\n';
  const base = options.base ? text(options.base) : `%PDF-1.7${eol}%\u00e2\u00e3\u00cf\u00d3${eol}`;
  let body = base;
  if (options.base && !/[\r\n]$/.test(body)) body += eol;
  const offsets = new Map<number, number>();
  for (const [num, o] of Object.entries(objects)) {
    offsets.set(Number(num), body.length);
    body += `${num} 0 obj${eol}${o}${eol}endobj${eol}`;
  }
  const xref = body.length;
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  const size = Math.max(nums.at(-1) ?? 0, options.base ? sizeOf(options.base) - 1 : 0) + 1;
  body += `xref${eol}`;
  if (!options.base) body += `0 1${eol}0000000000 65535 f\r\n`;
  for (const n of nums) body += `${n} 1${eol}${String(offsets.get(n)).padStart(10, '0')} 00000 n\r\n`;
  const prev = options.base ? ` /Prev ${lastStartxref(options.base)}` : '';
  body += `trailer${eol}<< /Size ${size}${prev} ${trailer} >>${eol}startxref${eol}${xref}${eol}%%EOF${eol}`;
  return latin1(body);
}

/**
 * One revision whose objects listed in `compressed` live in a zlib-compressed object stream, found through a
 * cross-reference stream (PDF 1.5+), as modern writers do.
 */
export function objectStreamPdf(direct: Objects, compressed: Objects, trailer: string, options: { base?: Uint8Array; objStmType?: string; objStmNumber?: number } = {}): Uint8Array {
  let body = options.base ? text(options.base) : '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  if (!/[\r\n]$/.test(body)) body += '\n';
  const all = [...Object.keys(direct), ...Object.keys(compressed)].map(Number);
  const objStm = options.objStmNumber ?? Math.max(...all, options.base ? sizeOf(options.base) - 1 : 0) + 1;
  const xrefNum = Math.max(...all, objStm, options.base ? sizeOf(options.base) - 1 : 0) + 1;
  const entries = new Map<number, [number, number, number]>();
  for (const [num, o] of Object.entries(direct)) {
    entries.set(Number(num), [1, body.length, 0]);
    body += `${num} 0 obj\n${o}\nendobj\n`;
  }
  let header = '';
  let data = '';
  Object.entries(compressed).forEach(([num, o], i) => {
    header += `${num} ${data.length} `;
    data += `${o}\n`;
    entries.set(Number(num), [2, objStm, i]);
  });
  entries.set(objStm, [1, body.length, 0]);
  const packed = flate(header + data);
  body += `${objStm} 0 obj\n${stream(`/Type /${options.objStmType ?? 'ObjStm'} /N ${Object.keys(compressed).length} /First ${header.length} /Filter /FlateDecode`, packed)}\nendobj\n`;
  const xrefAt = body.length;
  entries.set(xrefNum, [1, xrefAt, 0]);
  const nums = [...entries.keys()].sort((a, b) => a - b);
  const index: number[] = [];
  const rows: number[] = [];
  if (!options.base) {
    index.push(0, 1);
    rows.push(0, 0, 0, 0, 0, 0xff, 0xff);
  }
  for (const n of nums) {
    const [type, field2, field3] = entries.get(n)!;
    index.push(n, 1);
    rows.push(type, (field2 >>> 24) & 0xff, (field2 >>> 16) & 0xff, (field2 >>> 8) & 0xff, field2 & 0xff, (field3 >>> 8) & 0xff, field3 & 0xff);
  }
  const prev = options.base ? ` /Prev ${lastStartxref(options.base)}` : '';
  const xrefData = flate(String.fromCharCode(...rows));
  body += `${xrefNum} 0 obj\n${stream(`/Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Index [${index.join(' ')}] /Filter /FlateDecode${prev} ${trailer}`, xrefData)}\nendobj\n`;
  body += `startxref\n${xrefAt}\n%%EOF\n`;
  return latin1(body);
}

/**
 * One revision with an uncompressed object stream whose header and data are written as given (offsets a writer
 * would never write), found through a cross-reference stream; `members` are the object numbers in header order.
 */
export function rawObjectStreamPdf(direct: Objects, objStm: { header: string; data: string; members: number[] }, trailer: string): Uint8Array {
  let body = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const entries = new Map<number, [number, number, number]>();
  for (const [num, o] of Object.entries(direct)) {
    entries.set(Number(num), [1, body.length, 0]);
    body += `${num} 0 obj\n${o}\nendobj\n`;
  }
  const objStmNum = Math.max(...Object.keys(direct).map(Number), ...objStm.members) + 1;
  objStm.members.forEach((num, i) => entries.set(num, [2, objStmNum, i]));
  entries.set(objStmNum, [1, body.length, 0]);
  body += `${objStmNum} 0 obj\n${stream(`/Type /ObjStm /N ${objStm.members.length} /First ${objStm.header.length}`, objStm.header + objStm.data)}\nendobj\n`;
  const xrefNum = objStmNum + 1;
  const xrefAt = body.length;
  entries.set(xrefNum, [1, xrefAt, 0]);
  const index = [0, 1];
  const rows = [0, 0, 0, 0, 0, 0xff, 0xff];
  for (const n of [...entries.keys()].sort((a, b) => a - b)) {
    const [type, field2, field3] = entries.get(n)!;
    index.push(n, 1);
    rows.push(type, (field2 >>> 24) & 0xff, (field2 >>> 16) & 0xff, (field2 >>> 8) & 0xff, field2 & 0xff, (field3 >>> 8) & 0xff, field3 & 0xff);
  }
  body += `${xrefNum} 0 obj\n${stream(`/Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Index [${index.join(' ')}] ${trailer}`, String.fromCharCode(...rows))}\nendobj\n`;
  return latin1(`${body}startxref\n${xrefAt}\n%%EOF\n`);
}

export function lastStartxref(pdf: Uint8Array): number {
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text(pdf));
  if (!match) throw new Error('no startxref');
  return Number(match[1]);
}

function sizeOf(pdf: Uint8Array): number {
  const sizes = [...text(pdf).matchAll(/\/Size (\d+)/g)].map((m) => Number(m[1]));
  return Math.max(...sizes);
}

/** A real PNG (8-bit RGBA gradient), written here with zlib, for the image cases. */
export function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) raw.set([(x * 255) / width, (y * 255) / height, 128, 200], y * (1 + width * 4) + 1 + x * 4);
  }
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}
