import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertSwagger2 } from './swagger2.js';

describe('convertSwagger2', () => {
  let requests = 0;
  const server = http.createServer((_request, response) => {
    requests += 1;
    response.setHeader('content-type', 'application/json');
    response.end('{"type":"string"}');
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('never fetches a remote $ref: bundling has already decided about those', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.json`;
    const converted = await convertSwagger2({
      swagger: '2.0',
      info: { title: 'remote ref', version: '1.0.0' },
      host: 'api.example.com',
      paths: { '/a': { get: { responses: { '200': { description: 'ok', schema: { $ref: url } } } } } },
    });
    expect(requests).toBe(0);
    expect(converted).toMatchObject({
      paths: { '/a': { get: { responses: { '200': { content: { 'application/json': { schema: { $ref: url } } } } } } } },
    });
  });
});
