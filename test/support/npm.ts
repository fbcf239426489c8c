import { execFile } from 'node:child_process';
import path from 'node:path';

/** The environment of a command a user types: this one without what `npm test` put in it (npm_config_*, npm_package_*). */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return { ...env, ...extra };
}

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end and reports how it ended. */
export function runCommand(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: userEnv(env), timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: error && code === 1 && !stderr ? error.message : stderr });
    });
  });
}

/** runCommand, where a non-zero exit fails with everything the command printed. */
export async function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  const ran = await runCommand(command, args, cwd);
  if (ran.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${ran.code}:\n${ran.stdout}\n${ran.stderr}`);
  return ran;
}

/** The JSON report npm prints last (`npm pack --json`, `npm publish --json`), after any script's output. */
export function npmReport<T>(stdout: string): T {
  const start = stdout.search(/^[[{]/m) === 0 ? 0 : Math.max(stdout.lastIndexOf('\n['), stdout.lastIndexOf('\n{')) + 1;
  return JSON.parse(stdout.slice(start)) as T;
}

/** `npm pack` in `dir` into `destination`; the tarball's path and the files it holds. */
export async function npmPack(
  dir: string,
  destination: string,
  flags: readonly string[] = [],
): Promise<{ tarball: string; files: string[] }> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination, ...flags], dir);
  const [packed] = npmReport<{ filename: string; files: { path: string }[] }[]>(stdout);
  if (!packed) throw new Error(`npm pack in ${dir} reported nothing`);
  return { tarball: path.join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}
