// OpenSSH for the SFTP scenario: a reference sshd (Debian's openssh-server) started for one run on a free
// loopback port, with its own host key, config and authorized key in a 0700 temp dir, and OpenSSH's `sftp`
// client run in batch mode (`sftp -b`), timed, with the cipher and MAC it negotiated read from its -v output.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './children.ts';

export const SSHD = '/usr/sbin/sshd';
export const SFTP_SERVER = '/usr/lib/openssh/sftp-server';
/** Where a root sshd checks for its privilege separation directory (Debian's service creates it at boot). */
const PRIVSEP_DIR = '/run/sshd';

/** What is missing to run the scenario, with how to install it; empty when everything is there. */
export function missingOpenSsh(): string[] {
  const missing: string[] = [];
  if (!existsSync(SSHD) || !existsSync(SFTP_SERVER)) missing.push(`${SSHD} and ${SFTP_SERVER} (Debian: apt-get install -y openssh-server; no system sshd service is needed, the scenario starts its own)`);
  for (const tool of ['sftp', 'ssh-keygen', 'python3']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      missing.push(`${tool} (Debian: apt-get install -y ${tool === 'python3' ? 'python3' : 'openssh-client'})`);
    }
  }
  return missing;
}

/** A new ed25519 key pair without passphrase at `path` and `path.pub`. */
export function makeKey(path: string, comment: string): { privateKey: string; publicKey: string } {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  return { privateKey: path, publicKey: execFileSync('cat', [`${path}.pub`], { encoding: 'utf8' }).trim() };
}

export interface ReferenceSshd {
  port: number;
  /** The login name the client uses: the user this benchmark runs as. */
  user: string;
  /** Where the client's uploads land (absolute paths are given to `put`). */
  uploadDir: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

/** Resolves once a TCP connection to the port reads an SSH banner; fails after `timeoutMs`. */
async function waitForBanner(port: number, child: ChildProcess, output: () => string, timeoutMs = 10_000): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    const banner = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let text = '';
      const done = () => {
        socket.destroy();
        resolve(text);
      };
      socket.setTimeout(1000, done);
      socket.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        if (text.includes('\n')) done();
      });
      socket.on('error', done);
      socket.on('close', done);
    });
    if (banner.startsWith('SSH-2.0-')) return;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sshd exited before listening. Output:\n${output()}`);
    if (performance.now() - t0 > timeoutMs) throw new Error(`sshd did not answer on port ${port} within ${timeoutMs} ms. Output:\n${output()}`);
    await sleep(50);
  }
}

/**
 * `sshd -D -e -f <dir>/sshd_config` on a free loopback port: host key made for the run, the client's public
 * key as the only authorized key, public-key login only, no PAM, and the sftp subsystem Debian's own
 * `sftp-server`, which writes where the client's absolute paths say (here `<dir>/upload`). `dir` is made 0700
 * so sshd's strict modes would hold; StrictModes is off anyway, since /tmp is world-writable.
 */
export async function startReferenceSshd(dir: string, clientPublicKey: string): Promise<ReferenceSshd> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o700);
  const uploadDir = join(dir, 'upload');
  await mkdir(uploadDir);
  const hostKey = join(dir, 'host_ed25519_key');
  makeKey(hostKey, 'bench-reference-host');
  const authorizedKeys = join(dir, 'authorized_keys');
  await writeFile(authorizedKeys, `${clientPublicKey}\n`, { mode: 0o600 });
  const port = await freePort();
  const user = os.userInfo().username;
  const config = join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      `Subsystem sftp ${SFTP_SERVER}`,
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  // A root sshd refuses to start without its privilege separation directory, which only Debian's service makes.
  if (process.getuid?.() === 0 && !existsSync(PRIVSEP_DIR)) await mkdir(PRIVSEP_DIR, { mode: 0o755 });
  execFileSync(SSHD, ['-t', '-f', config]);
  let output = '';
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const keep = (d: Buffer) => {
    output = (output + d.toString('utf8')).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  await waitForBanner(port, child, () => output);
  return {
    port,
    user,
    uploadDir,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(5000, true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** OpenSSH's client version (`ssh -V`, which prints to stderr) and the Debian package versions, for the notes. */
export function openSshVersions(): { client: string; serverPackage: string } {
  const text = (cmd: string, args: string[]) => {
    try {
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    } catch {
      return 'unknown';
    }
  };
  return { client: text('ssh', ['-V']), serverPackage: `openssh-server ${text('dpkg-query', ['-W', '-f', '${Version}', 'openssh-server']) || 'unknown'}` };
}

export interface SftpRun {
  ms: number;
  /** What the client negotiated, from its -v output: client→server cipher and MAC. */
  cipher: string;
  mac: string;
  stderr: string;
}

/**
 * `sftp -v -b <batch> -i <key> -P <port> <options> <user>@127.0.0.1`, timed from spawn to exit; throws with the
 * client's output when it exits non-zero (sftp -b stops at the first failing command).
 */
export async function runSftpBatch(args: { batch: string; key: string; port: number; user: string; options: string[] }): Promise<SftpRun> {
  const argv = ['-v', '-b', args.batch, '-i', args.key, '-P', String(args.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', ...args.options, `${args.user}@127.0.0.1`];
  const t0 = performance.now();
  const child = spawn('sftp', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const code = await new Promise<number | string>((resolve) => {
    child.once('exit', (c, s) => resolve(c ?? s ?? 'unknown'));
    child.once('error', (err) => resolve(`spawn failed: ${err.message}`));
  });
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`sftp -b ${args.batch} to port ${args.port} exited with ${code}:\n${stdout.slice(-2000)}\n${stderr.slice(-3000)}`);
  const kex = /kex: client->server cipher: (\S+) MAC: (\S+)/.exec(stderr);
  return { ms, cipher: kex?.[1] ?? 'unknown', mac: kex?.[2] ?? 'unknown', stderr };
}
