import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { describe } from 'vitest';

/** Whether `redis-server` is on PATH (.ci/run installs it; tests needing it skip with this reason otherwise). */
export const REDIS_SERVER = findRedisServer();
export const NO_REDIS_REASON = 'redis-server is not installed (apt-get install redis-server; .ci/run does this)';
/** Under CI a missing redis-server is a failure, not a skip: the Redis tests run and fail with NO_REDIS_REASON. */
const REDIS_REQUIRED = process.env.CI === 'true';

/**
 * `describe` for tests that need a real redis-server: skipped when there is none (the suite's name
 * then carries NO_REDIS_REASON, which test/support/redis-reporter.ts counts and reports at the end
 * of the run), run anyway under CI=true so that they fail there.
 */
export function describeWithRedis(name: string, suite: () => void): void {
  const skip = !REDIS_SERVER && !REDIS_REQUIRED;
  describe.skipIf(skip)(skip ? `${name} (skipped: ${NO_REDIS_REASON})` : name, suite);
}

function findRedisServer(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A private redis-server on 127.0.0.1, without persistence; stop() and start() again on the same port. */
export class RedisServer {
  private child: ChildProcess | undefined;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!REDIS_SERVER) throw new Error(`${NO_REDIS_REASON}; under CI=true the Redis tests must run`);
    if (this.port === 0) this.port = await freePort();
    this.child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return this;
      } catch {
        probe.disconnect();
        if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /** Kills the server (SIGKILL: as if it crashed) and waits for it to be gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  /** A client for reading raw keys in tests. */
  client(): Redis {
    const client = new Redis(this.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    return client;
  }
}
