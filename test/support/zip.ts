// ZIP archives for tests, made by Python's zipfile: a second, independent writer (so Tinn's reader is not
// tested against itself), able to write names no careful tool would (zip slip) and data descriptors.
import { execFileSync } from 'node:child_process';

const SCRIPT = `
import json, sys, zipfile, io
files = json.loads(sys.argv[2])
method = zipfile.ZIP_STORED if sys.argv[3] == 'stored' else zipfile.ZIP_DEFLATED
if sys.argv[4] == 'streamed':
    # A stream that cannot seek makes zipfile write a data descriptor after each entry.
    class Unseekable(io.RawIOBase):
        def __init__(self, f): self.f = f
        def writable(self): return True
        def write(self, b): return self.f.write(b)
    z = zipfile.ZipFile(Unseekable(open(sys.argv[1], 'wb')), 'w', method)
else:
    z = zipfile.ZipFile(sys.argv[1], 'w', method)
for n, c in files.items():
    z.writestr(n, c)
z.close()
`;

/** Writes a ZIP at `path` with these names and text contents (deflated unless `stored`). */
export function writeZip(path: string, files: Record<string, string>, options: { stored?: boolean; streamed?: boolean } = {}): string {
  execFileSync('python3', ['-c', SCRIPT, path, JSON.stringify(files), options.stored ? 'stored' : 'deflated', options.streamed ? 'streamed' : 'plain']);
  return path;
}
