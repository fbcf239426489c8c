import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../load/index.js';
import { buildModel } from '../model/index.js';
import { type MockUpstream, startMockUpstream } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('mock upstream of a spec with a login that returns refresh tokens', () => {
  let mock: MockUpstream;

  beforeAll(async () => {
    const { model } = buildModel(await loadSpec('specs/control-plane.yaml', { root: ROOT }));
    mock = await startMockUpstream(model);
  });

  afterAll(() => mock.close());

  it('answers the login and the refresh with tokens where the spec reads them', async () => {
    for (const route of ['/api/v1/auth/login', '/api/v1/auth/refresh']) {
      const body = (await (await fetch(`${mock.url}${route}`, { method: 'POST', body: '{}' })).json()) as {
        data?: Record<string, unknown>;
      };
      expect(body.data).toMatchObject({
        access_token: expect.stringMatching(/^mock-token-/),
        refresh_token: expect.stringMatching(/^mock-refresh-/),
        expires_in: 3600,
      });
    }
  });

  it('serves the enveloped example to a caller with a credential, and 401 without', async () => {
    expect((await fetch(`${mock.url}/api/v1/kubernetes/clusters`)).status).toBe(401);
    const answer = await fetch(`${mock.url}/api/v1/kubernetes/clusters`, { headers: { 'x-api-key': 'k' } });
    expect(await answer.json()).toMatchObject({ status: 'success', data: [{ id: 'cls_prod_eu1' }], metadata: { total: 1 } });
  });
});
