import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import ssh2 from 'ssh2';
import { generateEd25519KeyPair, isAppError, verifySshSignature, type AppError, type Logger } from '../../platform/index.ts';
import { AuthnProblems, type SftpLogin } from '../../modules/authn/index.ts';
import type { Tinn } from '../compose.ts';
import { AccountFiles, normalize, Refused, type Entry, type Upload } from './account-files.ts';

const { Server, utils } = ssh2;
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

export interface SftpOptions {
  host: string;
  port: number;
  /** OpenSSH private key file of the server's host key; an ed25519 key is made there on first start. */
  hostKeyFile: string;
  /** Where archives being uploaded wait until they are closed (local disk, whatever the blob store). */
  workDir: string;
}

/**
 * AES only, no ChaCha20: ssh2 runs ChaCha20-Poly1305 in JavaScript without its native binding, two to three
 * times slower than Node's AES (stack-notes §5). The client's order decides among what the server offers:
 * OpenSSH takes AES-CTR (with an encrypt-then-MAC HMAC) before AES-GCM; AES-CTR stays for clients without
 * GCM (older Java and Windows tools).
 */
const CIPHERS: ssh2.CipherAlgorithm[] = ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'];

/**
 * The server's host key: read, or made and kept (0600) on first start so clients see the same key every time.
 * Made in a file of its own and linked into place, so two processes starting on one data directory agree on
 * whichever key came first and neither ever reads half a key.
 */
export function loadHostKey(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(dirname(file), { recursive: true });
  const pair = generateEd25519KeyPair('tinn-sftp-host');
  const mine = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(mine, pair.private, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(mine, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(mine);
  }
  return readFileSync(file, 'utf8');
}

type Handle =
  | { kind: 'dir'; entries: Entry[]; sent: boolean }
  | { kind: 'read'; entry: Extract<Entry, { kind: 'stream' }>; stream: Readable | undefined; position: number; pending: Buffer }
  | { kind: 'memory'; content: Buffer }
  | { kind: 'write'; upload: Upload };

const fileAttrs = (size: number, mtime: Date) => {
  const t = Math.floor(mtime.getTime() / 1000);
  return { mode: 0o100644, uid: 0, gid: 0, size, atime: t, mtime: t };
};
const DIR_ATTRS = { mode: 0o40755, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 };

function attrsOf(entry: Entry) {
  if (entry.kind === 'dir') return DIR_ATTRS;
  return fileAttrs(entry.kind === 'stream' ? entry.size : entry.content.length, entry.mtime);
}

function longname(entry: Entry): string {
  const a = attrsOf(entry);
  const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
  const date = new Date(a.mtime * 1000).toISOString().slice(0, 16).replace('T', ' ');
  return `${entry.kind === 'dir' ? 'drwxr-xr-x' : '-rw-r--r--'} 1 tinn tinn ${String(a.size).padStart(12)} ${date} ${name}`;
}

/** Reads up to `length` bytes at the handle's position from its stream (sequential reads, as SFTP clients issue them). */
async function readSequential(h: Extract<Handle, { kind: 'read' }>, length: number): Promise<Buffer> {
  const stream = h.stream!;
  while (h.pending.length < length) {
    const chunk = stream.read() as Buffer | null;
    if (chunk) {
      h.pending = h.pending.length === 0 ? chunk : Buffer.concat([h.pending, chunk]);
      continue;
    }
    if (stream.readableEnded || stream.destroyed) break;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        stream.off('readable', done);
        stream.off('end', done);
        stream.off('error', fail);
        resolve();
      };
      const fail = (err: Error) => {
        stream.off('readable', done);
        stream.off('end', done);
        reject(err);
      };
      stream.once('readable', done);
      stream.once('end', done);
      stream.once('error', fail);
    });
  }
  const out = h.pending.subarray(0, length);
  h.pending = h.pending.subarray(out.length);
  h.position += out.length;
  return out;
}

/**
 * How long a confirmed login answers for its session's requests before the database is asked again: a deleted
 * key or account, a new password or a narrower allow-list ends an open session within this, whichever process
 * made the change. A few queries per session every two seconds at most.
 */
export const LOGIN_CONFIRM_TTL_MS = 2000;

/**
 * An SFTP session's login, confirmed with authn's `confirmSftpLogin` (the database) before the session's
 * requests are served, at most every LOGIN_CONFIRM_TTL_MS by the Tinn clock. One check at a time: requests
 * arriving meanwhile wait for it, in order. Once it fails the login stays revoked; an unexpected failure (the
 * database unreachable) fails only the requests that waited for it, and the next request checks again.
 */
class LoginCheck {
  private readonly tinn: Tinn;
  private readonly login: SftpLogin;
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;
  revoked: AppError | undefined;

  constructor(tinn: Tinn, login: SftpLogin) {
    this.tinn = tinn;
    this.login = login;
  }

  /** Whether a check within the last LOGIN_CONFIRM_TTL_MS found the login holding (no need to wait); a clock set back asks again. */
  get isConfirmed(): boolean {
    const age = this.tinn.clock.now().getTime() - this.confirmedAt;
    return !this.revoked && age >= 0 && age < LOGIN_CONFIRM_TTL_MS;
  }

  /**
   * Resolves while the login holds; rejects with AUTN-00036 once it does not. Callers during a check get the
   * same promise, so they go on in the order they asked. `fresh` asks the database even within the bound,
   * after any check already under way (which may have read before the caller asked).
   */
  confirm(options: { fresh?: boolean } = {}): Promise<void> {
    if (this.revoked) return Promise.reject(this.revoked);
    if (this.pending) return options.fresh ? this.pending.then(() => this.confirm(options), () => this.confirm(options)) : this.pending;
    if (!options.fresh && this.isConfirmed) return Promise.resolve();
    this.pending = this.check().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async check(): Promise<void> {
    const startedAt = this.tinn.clock.now().getTime();
    try {
      await this.tinn.authn.confirmSftpLogin(this.login);
      this.confirmedAt = startedAt;
    } catch (err) {
      if (isAppError(err, AuthnProblems.sftpLoginRevoked)) this.revoked = err;
      throw err;
    }
  }
}

/**
 * The sftp role: an SSH server (ssh2) that speaks only SFTP, for data systems (SystemID and password or an
 * SSH key), enterprise users (SSH key) and service-owner systems (name and password or key). Each account
 * sees its own virtual tree (AccountFiles); nothing of the server's filesystem is reachable.
 */
export async function startSftpServer(tinn: Tinn, options: SftpOptions, log: Logger): Promise<{ port: number; close(): Promise<void> }> {
  mkdirSync(options.workDir, { recursive: true, mode: 0o700 });
  const server = new Server({ hostKeys: [loadHostKey(options.hostKeyFile)], algorithms: { cipher: CIPHERS } }, (client, info) => {
    const ip = info.ip;
    let login: SftpLogin | undefined;
    // Nagle's algorithm off (TCP_NODELAY): ssh2 writes each SSH packet on its own, so with Nagle every small
    // SFTP status reply (one per 32 KiB WRITE) waited for the client's ACK of the previous one and an upload
    // idled most of the time (bench/scenarios/sftp-upload.ts: about 0.2 of OpenSSH's sftp-server before, on par
    // for the transfer after). ssh2 has the method on the server's Connection; @types/ssh2 lacks it.
    (client as unknown as { setNoDelay(noDelay: boolean): void }).setNoDelay(true);
    client.on('error', (err) => log.debug({ err, ip }, 'sftp client error'));
    client.on('authentication', (ctx) => {
      const context = { ip };
      const reject = () => ctx.reject(['publickey', 'password']);
      void (async () => {
        try {
          if (ctx.method === 'password') {
            login = await tinn.authn.authenticateSftpPassword(ctx.username, ctx.password, context);
            return ctx.accept();
          }
          if (ctx.method === 'publickey') {
            const found = await tinn.authn.authenticateSftpKey(ctx.username, ctx.key.data, context);
            // Without a signature the client only asks whether the key would do; with one it proves it holds the key.
            if (!ctx.signature) return ctx.accept();
            if (!ctx.blob || !verifySshSignature(found.publicKey, ctx.blob, ctx.signature, ctx.hashAlgo)) return reject();
            await tinn.authn.recordSftpKeyLogin(found.actor, context);
            login = found.login;
            return ctx.accept();
          }
          reject();
        } catch (err) {
          if (!isAppError(err)) log.error({ err }, 'sftp authentication failed unexpectedly');
          reject();
        }
      })();
    });
    client.on('ready', () => {
      // One per connection: every SFTP channel of it shares the login and its checks.
      const check = new LoginCheck(tinn, login!);
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          serveSftp(sftp, new AccountFiles(tinn, login!.actor, options.workDir), check, () => client.end(), log);
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host: options.host, port }, 'sftp listening');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Serves one SFTP channel of an account while its login holds; `endConnection` ends the SSH connection once it no longer does. */
function serveSftp(sftp: any, files: AccountFiles, login: LoginCheck, endConnection: () => void, log: Logger): void {
  const handles = new Map<number, Handle>();
  let next = 0;
  const handleOf = (buffer: Buffer) => (buffer.length === 4 ? handles.get(buffer.readUInt32BE(0)) : undefined);
  const newHandle = (reqid: number, h: Handle) => {
    const id = next++;
    handles.set(id, h);
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(id, 0);
    sftp.handle(reqid, buffer);
  };
  let ending = false;
  /** Answers a request that failed: refusals and Tinn's problems as SFTP statuses (never a crash). */
  const fail = (reqid: number, err: unknown) => {
    if (err instanceof Refused) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, err.message);
    if (isAppError(err, AuthnProblems.sftpLoginRevoked)) {
      sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, `${err.problem.code} ${err.problem.title}`);
      // After this answer and those of the requests that waited for the same check (the client learns why).
      if (!ending) setImmediate(endConnection);
      ending = true;
      return;
    }
    if (isAppError(err)) {
      const status = err.problem.kind === 'not-found' || err.problem.kind === 'gone' ? STATUS_CODE.NO_SUCH_FILE : err.problem.kind === 'forbidden' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE;
      return sftp.status(reqid, status, `${err.problem.code} ${err.detail ?? err.problem.title}`);
    }
    log.error({ err }, 'sftp request failed');
    sftp.status(reqid, STATUS_CODE.FAILURE, 'internal error');
  };
  /** Runs a request, turning refusals and Tinn's problems into SFTP statuses (never a crash). */
  const run = (reqid: number, work: () => Promise<void>) => {
    work().catch((err: unknown) => fail(reqid, err));
  };
  /**
   * Serves the requests `op` while the login holds. Within the bound a request is served at once, as before
   * any check; otherwise it waits for the check (in arrival order) and is denied when the login was revoked.
   */
  const on = (op: string, serve: (reqid: number, ...args: any[]) => void) =>
    sftp.on(op, (reqid: number, ...args: any[]) => {
      if (login.isConfirmed) return serve(reqid, ...args);
      login
        .confirm()
        .then(
          () => serve(reqid, ...args),
          (err: unknown) => fail(reqid, err),
        )
        .catch((err: unknown) => log.error({ err }, 'sftp request failed'));
    });
  const stat = (reqid: number, path: string) =>
    run(reqid, async () => {
      const entry = await files.find(normalize(path));
      if (!entry) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
      sftp.attrs(reqid, attrsOf(entry));
    });

  // OpenSSH's client sends EOF after its batch and waits for the server to end the channel (stack-notes §5).
  sftp.on('end', () => sftp.end());
  sftp.on('close', () => {
    for (const h of handles.values()) {
      if (h.kind === 'write') void h.upload.abandon();
      if (h.kind === 'read') h.stream?.destroy();
    }
    handles.clear();
  });

  on('REALPATH', (reqid: number, path: string) => {
    const p = normalize(path);
    sftp.name(reqid, [{ filename: p, longname: p, attrs: {} }]);
  });
  on('STAT', stat);
  on('LSTAT', stat);
  on('FSTAT', (reqid: number, buffer: Buffer) => {
    const h = handleOf(buffer);
    if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE, 'no such handle');
    if (h.kind === 'read') return sftp.attrs(reqid, attrsOf(h.entry));
    if (h.kind === 'memory') return sftp.attrs(reqid, fileAttrs(h.content.length, new Date()));
    sftp.attrs(reqid, h.kind === 'dir' ? DIR_ATTRS : fileAttrs(0, new Date()));
  });
  on('OPENDIR', (reqid: number, path: string) =>
    run(reqid, async () => {
      const entries = await files.list(normalize(path));
      if (!entries) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
      newHandle(reqid, { kind: 'dir', entries, sent: false });
    }),
  );
  on('READDIR', (reqid: number, buffer: Buffer) => {
    const h = handleOf(buffer);
    if (!h || h.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE, 'no such handle');
    if (h.sent || h.entries.length === 0) return sftp.status(reqid, STATUS_CODE.EOF);
    h.sent = true;
    sftp.name(reqid, h.entries.map((e) => ({ filename: e.path.slice(e.path.lastIndexOf('/') + 1), longname: longname(e), attrs: attrsOf(e) })));
  });
  on('OPEN', (reqid: number, filename: string, flags: number) =>
    run(reqid, async () => {
      const path = normalize(filename);
      if (flags & OPEN_MODE.WRITE) return newHandle(reqid, { kind: 'write', upload: await files.beginUpload(path) });
      const entry = await files.find(path);
      if (!entry || entry.kind === 'dir') return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
      if (entry.kind === 'memory') return newHandle(reqid, { kind: 'memory', content: entry.content });
      newHandle(reqid, { kind: 'read', entry, stream: await entry.open(0), position: 0, pending: Buffer.alloc(0) });
    }),
  );
  on('READ', (reqid: number, buffer: Buffer, offset: number, length: number) =>
    run(reqid, async () => {
      const h = handleOf(buffer);
      if (!h || (h.kind !== 'read' && h.kind !== 'memory')) return sftp.status(reqid, STATUS_CODE.FAILURE, 'no such handle');
      if (h.kind === 'memory') {
        if (offset >= h.content.length) return sftp.status(reqid, STATUS_CODE.EOF);
        return sftp.data(reqid, h.content.subarray(offset, offset + length));
      }
      if (offset >= h.entry.size) return sftp.status(reqid, STATUS_CODE.EOF);
      if (offset !== h.position) {
        // A seek (a resumed download): start again from there.
        h.stream?.destroy();
        h.stream = await h.entry.open(offset);
        h.position = offset;
        h.pending = Buffer.alloc(0);
      }
      const data = await readSequential(h, Math.min(length, h.entry.size - offset));
      if (data.length === 0) return sftp.status(reqid, STATUS_CODE.EOF);
      sftp.data(reqid, data);
    }),
  );
  on('WRITE', (reqid: number, buffer: Buffer, offset: number, data: Buffer) =>
    run(reqid, async () => {
      const h = handleOf(buffer);
      if (!h || h.kind !== 'write') return sftp.status(reqid, STATUS_CODE.FAILURE, 'no such handle');
      await h.upload.write(offset, data);
      sftp.status(reqid, STATUS_CODE.OK);
    }),
  );
  on('CLOSE', (reqid: number, buffer: Buffer) =>
    run(reqid, async () => {
      const h = handleOf(buffer);
      if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE, 'no such handle');
      handles.delete(buffer.readUInt32BE(0));
      if (h.kind === 'read') h.stream?.destroy();
      if (h.kind === 'write') {
        // Nothing is handed on for a login revoked meanwhile: asked of the database now, not within the bound.
        await login.confirm({ fresh: true }).catch(async (err: unknown) => {
          await h.upload.abandon();
          throw err;
        });
        // The file is processed before the close is answered, so when `put` returns its receipt is there.
        await h.upload.finish();
      }
      sftp.status(reqid, STATUS_CODE.OK);
    }),
  );
  on('REMOVE', (reqid: number, filename: string) =>
    run(reqid, async () => {
      const entry = await files.find(normalize(filename));
      if (!entry) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
      await files.remove(entry);
      sftp.status(reqid, STATUS_CODE.OK);
    }),
  );
  // Attributes are Tinn's to keep: accepted and ignored, so clients that set times after a put do not fail.
  on('SETSTAT', (reqid: number) => sftp.status(reqid, STATUS_CODE.OK));
  on('FSETSTAT', (reqid: number) => sftp.status(reqid, STATUS_CODE.OK));
  for (const op of ['MKDIR', 'RMDIR', 'RENAME', 'SYMLINK', 'READLINK']) {
    on(op, (reqid: number) => sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'the folders are fixed'));
  }
}
