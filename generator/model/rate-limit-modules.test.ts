import { describe, expect, it } from 'vitest';
import { inlineSpec } from '../../test/fixtures/inline-spec.js';
import { SpecValidationError } from '../errors.js';
import { buildModel } from './index.js';

const ok = { responses: { 200: { description: 'ok' } } };
const paths = {
  '/k8s/clusters': { get: { operationId: 'listClusters', ...ok } },
  '/k8s/clusters/{id}': {
    delete: { operationId: 'deleteCluster', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], ...ok },
  },
  '/devices': { get: { operationId: 'listDevices', tags: ['Network'], ...ok } },
  '/users': { get: { operationId: 'listUsers', ...ok } },
};

function modelWith(rateLimit: unknown) {
  return buildModel(inlineSpec({ 'x-mcp': { rateLimit }, paths }));
}

describe('x-mcp rateLimit.modules', () => {
  it('puts each operation in the first module whose path glob or tag matches; the rest use the default', () => {
    const { model, warnings } = modelWith({
      requests: 100,
      perSeconds: 60,
      modules: {
        kubernetes: { paths: ['/k8s/**'], requests: 50, perSeconds: 60 },
        network: { tags: ['Network'], requests: 30, perSeconds: 60 },
      },
    });
    expect(warnings).toEqual([]);
    expect(model.rateLimitModules).toEqual({ kubernetes: { perSeconds: 60, requests: 50 }, network: { perSeconds: 60, requests: 30 } });
    const moduleOf = Object.fromEntries(model.tools.map((tool) => [tool.name, tool.rateLimitModule]));
    expect(moduleOf).toEqual({ delete_cluster: 'kubernetes', list_clusters: 'kubernetes', list_devices: 'network', list_users: undefined });
  });

  it('takes "METHOD /path" globs, and warns about a module that matches no tool', () => {
    const { model, warnings } = modelWith({
      modules: {
        deletes: { paths: ['DELETE /k8s/**'], requests: 5, perSeconds: 60 },
        nothing: { paths: ['/nowhere/*'], requests: 5, perSeconds: 60 },
      },
    });
    expect(model.tools.find((tool) => tool.name === 'delete_cluster')?.rateLimitModule).toBe('deletes');
    expect(model.tools.find((tool) => tool.name === 'list_clusters')?.rateLimitModule).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ code: 'unused-rate-limit-module', pointer: '/x-mcp/rateLimit/modules/nothing' })]);
  });

  it('refuses a module without a limit or without operations, naming where', () => {
    const failure = (() => {
      try {
        modelWith({ modules: { Bad: { requests: 5 } } });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(SpecValidationError);
    const messages = (failure as SpecValidationError).issues.map((issue) => `${issue.pointer}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/x-mcp/rateLimit/modules/Bad: rate-limit module name "Bad"'),
        expect.stringContaining('rate-limit module "Bad" needs perSeconds'),
        expect.stringContaining('rate-limit module "Bad" needs paths or tags'),
      ]),
    );
  });
});
