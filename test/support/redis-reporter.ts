import type { Reporter, TestModule } from 'vitest/node';
import { NO_REDIS_REASON } from './redis.js';

/**
 * Says loudly, after vitest's own summary, which tests were skipped for want of a redis-server, so
 * that a run without one cannot pass for a full run. Suites skipped for that reason carry
 * NO_REDIS_REASON in their names (describeWithRedis).
 */
export default class RedisSkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = testModules.flatMap((module) =>
      [...module.children.allTests('skipped')].filter((test) => test.fullName.includes(NO_REDIS_REASON)),
    );
    if (skipped.length === 0) return;
    const files = new Set(skipped.map((test) => test.module.relativeModuleId));
    process.stdout.write(
      `\n!!! ${skipped.length} Redis tests in ${files.size} files were SKIPPED: ${NO_REDIS_REASON}. ` +
        `Install redis-server and rerun; with CI=true they fail instead.\n\n`,
    );
  }
}
