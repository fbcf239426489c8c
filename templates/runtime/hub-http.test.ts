import { describe, expect, it } from 'vitest';
import { hubCaller, hubCredentialHeaders } from './hub-http.js';
import { scopeContext } from './hub.js';
import type { ApiDefinition } from './types.js';

const api = (name: string, envPrefix: string, securitySchemes: ApiDefinition['securitySchemes']): ApiDefinition => ({
  credentialsBy: [],
  envPrefix,
  name,
  packageName: `@mcpgen/${name}`,
  securitySchemes,
  serverArguments: [],
  serverUrl: 'https://example.com',
  serverVariables: {},
  statusTools: false,
  title: name,
  version: '1',
});

const cloudron = api('cloudron', 'CLOUDRON', { bearer: { env: ['API_TOKEN'], header: 'authorization', type: 'bearer' } });
const alpacon = api('alpacon', 'ALPACON', {
  token: { env: ['TOKEN'], header: 'authorization', type: 'apiKey', in: 'header', paramName: 'Authorization', valuePrefix: 'token=' },
});
const keyed = api('control-plane', 'CONTROL_PLANE', {
  key: { env: ['API_KEY'], header: 'x-api-key', type: 'apiKey', in: 'header', paramName: 'X-API-Key' },
});

describe('hubCredentialHeaders', () => {
  it('reads a header two APIs share for neither, and a header one API reads for it', () => {
    const headers = hubCredentialHeaders([cloudron, alpacon, keyed], false);
    expect(headers.get(cloudron)?.map((spec) => spec.header)).toEqual([undefined]);
    expect(headers.get(alpacon)?.map((spec) => spec.header)).toEqual([undefined]);
    expect(headers.get(keyed)?.map((spec) => spec.header)).toEqual(['x-api-key']);
    // Alone, Cloudron keeps its Authorization header unless the endpoint token takes it.
    expect(hubCredentialHeaders([cloudron], false).get(cloudron)?.[0]?.header).toBe('authorization');
    expect(hubCredentialHeaders([cloudron], true).get(cloudron)?.[0]?.header).toBeUndefined();
  });

  it('refuses two APIs whose alias headers would be the same', () => {
    const control = api('control', 'CONTROL', { key: { env: ['PLANE_API_KEY'], type: 'apiKey', in: 'header', paramName: 'k' } });
    expect(() => hubCredentialHeaders([keyed, control], false)).toThrow(/both read the header x-control-plane-api-key/);
  });
});

describe('hubCaller and scopeContext', () => {
  const caller = hubCaller(hubCredentialHeaders([cloudron, alpacon, keyed], false));

  it('keys every credential and approval by its API; each API is handed only its own', () => {
    const read = caller({
      authorization: 'Bearer which-api-is-this',
      'x-cloudron-api-token': 'c-secret',
      'x-alpacon-token': 'a-secret',
      'x-api-key': 'k-secret',
      'x-cloudron-confirm': 'uninstall_*, delete_app',
    });
    expect(read.credentials).toEqual({
      'cloudron/API_TOKEN': 'c-secret',
      'alpacon/TOKEN': 'a-secret',
      'control_plane/API_KEY': 'k-secret',
    });
    const context = { credentials: read.credentials ?? {}, remote: { approvedTools: read.approvedTools } };
    expect(scopeContext(context, 'cloudron')).toEqual({
      credentials: { API_TOKEN: 'c-secret' },
      remote: { approvedTools: ['uninstall_*', 'delete_app'] },
    });
    expect(scopeContext(context, 'alpacon')).toEqual({ credentials: { TOKEN: 'a-secret' }, remote: { approvedTools: [] } });
  });

  it('gives an API the caller sent nothing for no credentials of its own (the runtime decides)', () => {
    const read = caller({ 'x-alpacon-token': 'a-secret' });
    expect(scopeContext({ credentials: read.credentials ?? {} }, 'cloudron')).toEqual({});
    expect(caller({ authorization: 'Bearer ambiguous' }).credentials).toBeUndefined();
  });
});
