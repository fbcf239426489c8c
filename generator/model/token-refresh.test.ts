import { describe, expect, it } from 'vitest';
import { inlineSpec } from '../../test/fixtures/inline-spec.js';
import { SpecValidationError } from '../errors.js';
import { buildModel } from './index.js';

function loginSpec(refresh: unknown) {
  return inlineSpec({
    security: [{ login: [] }],
    components: {
      securitySchemes: {
        login: {
          type: 'http',
          scheme: 'bearer',
          'x-mcp': {
            tokenExchange: {
              path: '/auth/login',
              fields: { username: { env: 'USERNAME' }, password: { env: 'PASSWORD', secret: true } },
              tokenPath: '/data/access_token',
              refresh,
            },
          },
        },
      },
    },
    paths: { '/me': { get: { operationId: 'getMe', responses: { 200: { description: 'ok' } } } } },
  });
}

describe('x-mcp tokenExchange.refresh', () => {
  it('is read with its defaults (field refresh_token, POST)', () => {
    const [scheme] = buildModel(loginSpec({ path: '/auth/refresh', tokenPath: '/data/refresh_token' })).model.securitySchemes;
    expect(scheme?.type).toBe('tokenExchange');
    expect(scheme?.env).toEqual(['USERNAME', 'PASSWORD']);
    expect(scheme?.tokenExchange?.refresh).toEqual({
      field: 'refresh_token',
      method: 'POST',
      path: '/auth/refresh',
      tokenPath: '/data/refresh_token',
    });
  });

  it('needs a path and a JSON-pointer tokenPath, and reports each at its pointer', () => {
    const build = () => buildModel(loginSpec({ tokenPath: 'refresh_token', header: 'x' }));
    expect(build).toThrow(SpecValidationError);
    const issues = (() => {
      try {
        build();
        return [];
      } catch (error) {
        return (error as SpecValidationError).issues.map((issue) => issue.pointer);
      }
    })();
    const at = '/components/securitySchemes/login/x-mcp/tokenExchange/refresh';
    expect(issues).toEqual(expect.arrayContaining([`${at}/path`, `${at}/tokenPath`, `${at}/header`]));
  });
});
