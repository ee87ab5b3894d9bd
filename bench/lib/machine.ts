import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  node: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
}

export interface GitInfo {
  /** `git rev-parse HEAD`, or null outside a repository. */
  commit: string | null;
  /** Whether the working tree had uncommitted changes: the numbers may then not belong to `commit` alone. */
  dirty: boolean | null;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: os.platform(),
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemoryBytes: os.totalmem(),
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function gitInfo(): GitInfo {
  const commit = git(['rev-parse', 'HEAD']);
  const status = commit === null ? null : git(['status', '--porcelain']);
  return { commit, dirty: status === null ? null : status.length > 0 };
}
