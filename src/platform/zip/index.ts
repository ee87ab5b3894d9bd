export { isSafeEntryName, readZipDirectory, readZipEntry, zipWithout, ZipFormatError, type ZipDirectory, type ZipEntry } from './zip.ts';
