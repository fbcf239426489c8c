import path from 'node:path';
import { loadSpec } from '../../generator/load/index.js';
import { type MockUpstream, startMockUpstream } from '../../generator/mock/index.js';
import { buildModel } from '../../generator/model/index.js';
import { builtServer, ROOT } from './mcp-client.js';

export interface MockUpstreams {
  /** By API name (the spec's file name). */
  readonly upstreams: Map<string, MockUpstream>;
  /** `<PREFIX>_BASE_URL` of each API, pointing at its mock. */
  readonly baseUrls: Record<string, string>;
  close(): Promise<void>;
}

/** Builds each shipped package (if not yet) and starts an `mcpgen mock` upstream for its spec. */
export async function startMockUpstreams(apis: readonly string[]): Promise<MockUpstreams> {
  const upstreams = new Map<string, MockUpstream>();
  const baseUrls: Record<string, string> = {};
  for (const api of apis) {
    builtServer(api);
    const { model } = buildModel(await loadSpec(path.join(ROOT, 'specs', `${api}.yaml`)));
    const upstream = await startMockUpstream(model);
    upstreams.set(api, upstream);
    baseUrls[`${model.envPrefix}_BASE_URL`] = upstream.url;
  }
  return {
    upstreams,
    baseUrls,
    close: async () => {
      for (const upstream of upstreams.values()) await upstream.close();
    },
  };
}
