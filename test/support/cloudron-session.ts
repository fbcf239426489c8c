import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { builtServer, type StdioSession } from './mcp-client.js';
import { RecordingUpstream } from './recording-upstream.js';

export interface CloudronSessions {
  /** The recording upstream on 127.0.0.1, reset before each test. */
  readonly upstream: RecordingUpstream;
  /** Sessions a test opens; closed after each test. */
  readonly sessions: StdioSession[];
  /** The built Cloudron server's dist/bin.js (known once the file's beforeAll ran). */
  bin(): string;
}

/** The hooks a test file of the built Cloudron server needs: an upstream, the bin, sessions closed after each test. */
export function useCloudronSessions(): CloudronSessions {
  const upstream = new RecordingUpstream();
  const sessions: StdioSession[] = [];
  let bin = '';
  beforeAll(async () => {
    await upstream.start();
    bin = builtServer('cloudron');
  });
  afterAll(async () => {
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
  });
  return { upstream, sessions, bin: () => bin };
}
