import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Reading ZIP archives (APPNOTE 6.3) from a file without unpacking them: the central directory, one small
 * entry's bytes, and a copy of the archive without some entries whose compressed data is copied as it is
 * (no recompression, so a 2 GB archive costs one sequential read). ZIP64, encryption and archives spanning
 * disks are refused; so are entry names that could leave a folder when unpacked (zip slip).
 */
export class ZipFormatError extends Error {
  readonly reason: 'notZip' | 'zip64' | 'encrypted' | 'unsafeName' | 'tooLarge' | 'corrupt';
  constructor(reason: ZipFormatError['reason'], message: string) {
    super(message);
    this.name = 'ZipFormatError';
    this.reason = reason;
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** The central directory record as it stands in the archive. */
  record: Buffer;
}

export interface ZipDirectory {
  /** In central-directory order. */
  entries: ZipEntry[];
  directoryOffset: number;
  fileSize: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError('corrupt', 'the archive ends early');
  return buffer;
}

/** A name that stays inside the folder it is unpacked in: relative, no `..`, no backslashes, drive letters or control characters. */
export function isSafeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 1024 || name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name) || /[\u0000-\u001f\u007f]/.test(name)) return false;
  return name.split('/').every((segment, i, all) => segment !== '..' && segment !== '.' && (segment !== '' || i === all.length - 1));
}

/** The archive's central directory. Throws ZipFormatError for anything but a plain, unencrypted, single-disk ZIP with safe names. */
export async function readZipDirectory(path: string): Promise<ZipDirectory> {
  const fh = await open(path, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    if (fileSize < 22) throw new ZipFormatError('notZip', 'not a ZIP archive');
    const tailLength = Math.min(fileSize, 22 + 0xffff);
    const tail = await readAt(fh, fileSize - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new ZipFormatError('notZip', 'not a ZIP archive (no end of central directory)');
    if (at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) throw new ZipFormatError('zip64', 'ZIP64 archives are not taken');
    const disk = tail.readUInt16LE(at + 4);
    const count = tail.readUInt16LE(at + 10);
    const directorySize = tail.readUInt32LE(at + 12);
    const directoryOffset = tail.readUInt32LE(at + 16);
    if (disk !== 0 || tail.readUInt16LE(at + 6) !== 0 || count !== tail.readUInt16LE(at + 8)) throw new ZipFormatError('corrupt', 'archives over several disks are not taken');
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw new ZipFormatError('zip64', 'ZIP64 archives are not taken');
    if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > fileSize) throw new ZipFormatError('corrupt', 'the central directory is damaged');
    const directory = await readAt(fh, directoryOffset, directorySize);
    const entries: ZipEntry[] = [];
    const unsafe: string[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('corrupt', 'the central directory is damaged');
      const nameLength = directory.readUInt16LE(p + 28);
      const length = 46 + nameLength + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
      if (p + length > directory.length) throw new ZipFormatError('corrupt', 'the central directory is damaged');
      const entry: ZipEntry = {
        name: directory.toString('utf8', p + 46, p + 46 + nameLength),
        flags: directory.readUInt16LE(p + 8),
        method: directory.readUInt16LE(p + 10),
        crc32: directory.readUInt32LE(p + 16),
        compressedSize: directory.readUInt32LE(p + 20),
        size: directory.readUInt32LE(p + 24),
        localHeaderOffset: directory.readUInt32LE(p + 42),
        record: Buffer.from(directory.subarray(p, p + length)),
      };
      if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localHeaderOffset === 0xffffffff) throw new ZipFormatError('zip64', 'ZIP64 archives are not taken');
      if (entry.flags & 1) throw new ZipFormatError('encrypted', `${entry.name} is encrypted`);
      if (entry.localHeaderOffset >= directoryOffset) throw new ZipFormatError('corrupt', 'the central directory is damaged');
      if (!isSafeEntryName(entry.name)) unsafe.push(entry.name);
      entries.push(entry);
      p += length;
    }
    if (unsafe.length > 0) throw new ZipFormatError('unsafeName', `names that would leave the folder they are unpacked in: ${unsafe.slice(0, 5).map((n) => JSON.stringify(n)).join(', ')}`);
    return { entries, directoryOffset, fileSize };
  } finally {
    await fh.close();
  }
}

/** One entry's content (stored or deflated), at most `maxBytes`, checked against its CRC-32. */
export async function readZipEntry(path: string, entry: ZipEntry, maxBytes: number): Promise<Buffer> {
  if (entry.size > maxBytes) throw new ZipFormatError('tooLarge', `${entry.name} has more than ${maxBytes} bytes`);
  const fh = await open(path, 'r');
  try {
    const header = await readAt(fh, entry.localHeaderOffset, 30);
    if (header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError('corrupt', `${entry.name}: damaged local header`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const raw = entry.compressedSize === 0 ? Buffer.alloc(0) : await readAt(fh, start, entry.compressedSize);
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: maxBytes });
      } catch {
        throw new ZipFormatError('corrupt', `${entry.name} does not inflate`);
      }
    } else throw new ZipFormatError('corrupt', `${entry.name}: compression method ${entry.method} is not taken (stored or deflated only)`);
    if (data.length !== entry.size || crc32(data) !== entry.crc32) throw new ZipFormatError('corrupt', `${entry.name} does not match its CRC-32`);
    return data;
  } finally {
    await fh.close();
  }
}

/**
 * The archive without the named entries, as a stream, and its exact size. Kept entries are copied byte for
 * byte (local header, data, any data descriptor) and a new central directory points at them.
 */
export function zipWithout(path: string, directory: ZipDirectory, drop: ReadonlySet<string>): { size: number; content: Readable } {
  const byOffset = [...directory.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const ranges: { entry: ZipEntry; start: number; end: number }[] = byOffset.map((entry, i) => ({ entry, start: entry.localHeaderOffset, end: byOffset[i + 1]?.localHeaderOffset ?? directory.directoryOffset }));
  const kept = ranges.filter((r) => !drop.has(r.entry.name));
  const newOffsets = new Map<ZipEntry, number>();
  let offset = 0;
  for (const r of kept) {
    newOffsets.set(r.entry, offset);
    offset += r.end - r.start;
  }
  const records = directory.entries
    .filter((e) => !drop.has(e.name))
    .map((e) => {
      const record = Buffer.from(e.record);
      record.writeUInt32LE(newOffsets.get(e)!, 42);
      return record;
    });
  const central = Buffer.concat(records);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  const size = offset + central.length + end.length;
  async function* bytes() {
    const fh = await open(path, 'r');
    try {
      const chunk = Buffer.alloc(1024 * 1024);
      for (const r of kept) {
        for (let at = r.start; at < r.end; ) {
          const { bytesRead } = await fh.read(chunk, 0, Math.min(chunk.length, r.end - at), at);
          if (bytesRead === 0) throw new ZipFormatError('corrupt', 'the archive ends early');
          yield Buffer.from(chunk.subarray(0, bytesRead));
          at += bytesRead;
        }
      }
    } finally {
      await fh.close();
    }
    yield central;
    yield end;
  }
  return { size, content: Readable.from(bytes(), { objectMode: false }) };
}
