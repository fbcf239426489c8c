import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Command {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface Measured {
  /** Wall time from spawn to exit, milliseconds. */
  readonly ms: number;
  /** Peak resident set of the largest process in the tree, KiB. */
  readonly peakKb: number;
  readonly code: number | null;
  /** Stopped at the time limit: `ms` is then a lower bound. */
  readonly timedOut?: boolean;
  /** The last lines of stderr and stdout, for failure reports. */
  readonly tail: string;
}

const GNU_TIME = '/usr/bin/time';
const haveGnuTime = existsSync(GNU_TIME);

/**
 * Runs one command as a child process and measures its wall time and peak memory: GNU time's
 * `%M` (ru_maxrss of the largest process in the tree) when /usr/bin/time exists, else by
 * sampling VmHWM in /proc/<pid>/status of the process and its descendants every 20 ms.
 */
export async function measure(command: Command, timeoutMs = 300_000): Promise<Measured> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-time-'));
  const timeFile = path.join(dir, 'time');
  const [file, args] = haveGnuTime
    ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command.command, ...command.args]]
    : [command.command, [...command.args]];
  const started = performance.now();
  const child = spawn(file, args, { cwd: command.cwd, env: command.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let sampledKb = 0;
  const sampler = haveGnuTime
    ? undefined
    : setInterval(() => {
        if (child.pid) sampledKb = Math.max(sampledKb, ...treePids(child.pid).map((pid) => statusKb(pid, 'VmHWM')));
      }, 20);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // GNU time's child (and npm's) would outlive a kill of the direct child alone.
    for (const pid of child.pid ? treePids(child.pid).reverse() : []) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  const ms = performance.now() - started;
  clearTimeout(timer);
  if (sampler) clearInterval(sampler);
  let peakKb = sampledKb;
  if (haveGnuTime && existsSync(timeFile)) {
    const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
    peakKb = Number(lines[lines.length - 1]) || 0;
  }
  rmSync(dir, { recursive: true, force: true });
  return { ms, peakKb, code, ...(timedOut ? { timedOut } : {}), tail: output.split('\n').slice(-40).join('\n') };
}

/** Runs several commands one after the other: times add up, the peak is the largest. Stops at the first failure. */
export async function measureSequence(commands: readonly Command[], timeoutMs?: number): Promise<Measured> {
  let ms = 0;
  let peakKb = 0;
  for (const command of commands) {
    const result = await measure(command, timeoutMs === undefined ? undefined : Math.max(1, timeoutMs - ms));
    ms += result.ms;
    peakKb = Math.max(peakKb, result.peakKb);
    if (result.timedOut) return { ms, peakKb, code: result.code, timedOut: true, tail: result.tail };
    if (result.code !== 0) return { ms, peakKb, code: result.code, tail: `${command.command} ${command.args.join(' ')}\n${result.tail}` };
  }
  return { ms, peakKb, code: 0, tail: '' };
}

/** A process and all its descendants, from /proc. */
export function treePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields resume after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const found = [root];
  for (let index = 0; index < found.length; index++) found.push(...(children.get(found[index] as number) ?? []));
  return found;
}

/** A `Vm*` field of /proc/<pid>/status in KiB (0 when the process is gone). */
export function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of a process tree now, KiB (a wrapper such as tsx's CLI counts with its child). */
export function treeRssKb(pid: number): number {
  return treePids(pid).reduce((sum, each) => sum + statusKb(each, 'VmRSS'), 0);
}

/** CPU time (user + system) a process tree has used so far, ms: less noisy than wall time on a shared machine. */
export function treeCpuMs(pid: number): number {
  const tick = 10; // USER_HZ is 100 on Linux
  let total = 0;
  for (const each of treePids(pid)) {
    try {
      const stat = readFileSync(`/proc/${each}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}
