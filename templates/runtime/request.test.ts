import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from './errors.js';
import { joinUrl, prepareRequest } from './request.js';
import type { ApiRequest, OperationDefinition, ParamDefinition } from './types.js';

const BASE = 'https://api.example.com/base/v1';

function operation(overrides: Partial<OperationDefinition> = {}): OperationDefinition {
  return { method: 'GET', operationId: 'op', params: [], path: '/apps', security: [], ...overrides };
}

function param(name: string, location: ParamDefinition['in'], style = 'form', explode = true): ParamDefinition {
  return { explode, in: location, name, style };
}

const appOperation = operation({ params: [param('appId', 'path', 'simple', false)], path: '/apps/{appId}/logs' });

function pathFor(value: unknown): URL {
  return prepareRequest(appOperation, { path: { appId: value } }, BASE).url;
}

function argumentErrorOf(fn: () => unknown): ArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ArgumentError);
    return error as ArgumentError;
  }
  throw new Error('expected an ArgumentError');
}

function queryOf(params: ParamDefinition[], query: ApiRequest['query']): string {
  return prepareRequest(operation({ params }), { query }, BASE).url.search;
}

describe('prepareRequest: path parameters', () => {
  it('puts a plain value in its segment under the base path', () => {
    const url = pathFor('my-app');
    expect(url.href).toBe('https://api.example.com/base/v1/apps/my-app/logs');
  });

  it.each([
    ['../', '..%2F'],
    ['../../admin', '..%2F..%2Fadmin'],
    ['a/b', 'a%2Fb'],
    ['%2F', '%252F'],
    ['%2e%2e', '%252e%252e'],
    ['what?x=1', 'what%3Fx%3D1'],
    ['frag#ment', 'frag%23ment'],
    ['a b', 'a%20b'],
    ['\\evil', '%5Cevil'],
    ['//evil.com', '%2F%2Fevil.com'],
    ['http://evil.com', 'http%3A%2F%2Fevil.com'],
    ['@evil.com', '%40evil.com'],
    ['...', undefined],
    ['日本', '%E6%97%A5%E6%9C%AC'],
  ])('keeps %j inside one segment', (value, encoded) => {
    if (encoded === undefined) {
      // Three or more dots are refused with the dot segments: they are never a real id.
      expect(() => pathFor(value)).toThrow(ArgumentError);
      return;
    }
    const url = pathFor(value);
    expect(url.origin).toBe('https://api.example.com');
    expect(url.pathname).toBe(`/base/v1/apps/${encoded}/logs`);
    expect(url.search).toBe('');
    expect(url.hash).toBe('');
    expect(decodeURIComponent(url.pathname.split('/')[4] ?? '')).toBe(value);
  });

  it.each(['.', '..', '．．', '．', '\u2024\u2024', '.．'])('refuses the dot segment %j, naming the argument', (value) => {
    const error = argumentErrorOf(() => pathFor(value));
    expect(error.argument).toBe('appId');
    expect(error.kind).toBe('arguments');
    expect(error.message).toContain('"appId"');
    expect(error.message).toMatch(/"\." or "\.\."/);
  });

  it.each(['a\nb', 'a\rb', 'nul\u0000', 'tab\there', 'del\u007f', '\u001b[31m'])('refuses control characters in %j', (value) => {
    const error = argumentErrorOf(() => pathFor(value));
    expect(error.argument).toBe('appId');
    expect(error.message).toContain('control characters');
  });

  it.each([undefined, null, ''])('refuses a missing or empty value (%j)', (value) => {
    const error = argumentErrorOf(() => pathFor(value));
    expect(error.argument).toBe('appId');
    expect(error.message).toContain('required in the URL path');
  });

  it('refuses a missing path group entirely', () => {
    expect(argumentErrorOf(() => prepareRequest(appOperation, {}, BASE)).argument).toBe('appId');
  });

  it('encodes numbers, booleans, arrays (comma-joined) and objects', () => {
    expect(pathFor(42).pathname).toBe('/base/v1/apps/42/logs');
    expect(pathFor(true).pathname).toBe('/base/v1/apps/true/logs');
    expect(pathFor(['a', 'b/c']).pathname).toBe('/base/v1/apps/a%2Cb%2Fc/logs');
    expect(pathFor({ k: '../x' }).pathname).toBe(`/base/v1/apps/${encodeURIComponent('{"k":"../x"}')}/logs`);
  });

  it('fills several parameters in one path', () => {
    const op = operation({
      params: [param('domain', 'path', 'simple', false), param('name', 'path', 'simple', false)],
      path: '/domains/{domain}/records/{name}',
    });
    const url = prepareRequest(op, { path: { domain: 'example.org', name: '_dmarc' } }, BASE).url;
    expect(url.pathname).toBe('/base/v1/domains/example.org/records/_dmarc');
  });

  it('never lets any path value leave its segment, change the host or add a query (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (value) => {
        let url: URL;
        try {
          url = pathFor(value);
        } catch (error) {
          expect(error).toBeInstanceOf(ArgumentError);
          return;
        }
        expect(url.origin).toBe('https://api.example.com');
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
        const segments = url.pathname.split('/');
        expect(segments).toHaveLength(6);
        expect(segments.slice(0, 4)).toEqual(['', 'base', 'v1', 'apps']);
        expect(segments[5]).toBe('logs');
        expect(decodeURIComponent(segments[4] ?? '')).toBe(value);
      }),
      { numRuns: 500, seed: 20240601 },
    );
  });
});

describe('prepareRequest: query parameters', () => {
  it('form + explode sends an array as repeated keys', () => {
    expect(queryOf([param('tags', 'query', 'form', true)], { tags: ['a', 'b c', 'd&e'] })).toBe('?tags=a&tags=b%20c&tags=d%26e');
  });

  it("reads a query parameter without style or explode as OpenAPI's default, form + explode", () => {
    expect(queryOf([{ in: 'query', name: 'tags' }], { tags: ['a', 'b'] })).toBe('?tags=a&tags=b');
    expect(queryOf([{ in: 'query', name: 'ids', style: 'pipeDelimited' }], { ids: ['1', '2'] })).toBe('?ids=1|2');
    expect(prepareRequest(operation({ params: undefined }), { query: { tags: ['a'] } }, BASE).url.search).toBe('');
  });

  it('form without explode joins an array with commas, commas inside items encoded', () => {
    expect(queryOf([param('ids', 'query', 'form', false)], { ids: ['1', 'x,y', 3] })).toBe('?ids=1,x%2Cy,3');
  });

  it('form + explode spreads an object into its own keys', () => {
    expect(queryOf([param('filter', 'query', 'form', true)], { filter: { status: 'open', sort: 'a b', skip: null } })).toBe(
      '?status=open&sort=a%20b',
    );
  });

  it('form without explode flattens an object to key,value pairs', () => {
    expect(queryOf([param('filter', 'query', 'form', false)], { filter: { status: 'open', limit: 5 } })).toBe(
      '?filter=status,open,limit,5',
    );
  });

  it('deepObject nests objects and arrays in brackets', () => {
    const search = queryOf([param('filter', 'query', 'deepObject', true)], {
      filter: { status: 'open', tags: ['a', 'b'], range: { min: 1, max: null }, skip: undefined },
    });
    expect([...new URLSearchParams(search)]).toEqual([
      ['filter[status]', 'open'],
      ['filter[tags][0]', 'a'],
      ['filter[tags][1]', 'b'],
      ['filter[range][min]', '1'],
      ['filter[range][max]', ''],
    ]);
  });

  it('deepObject with a top-level array indexes it', () => {
    const search = queryOf([param('sort', 'query', 'deepObject', true)], { sort: ['name', '-date'] });
    expect([...new URLSearchParams(search)]).toEqual([
      ['sort[0]', 'name'],
      ['sort[1]', '-date'],
    ]);
  });

  it('deepObject operator filters build exactly field[op]=value, and a value cannot add a parameter', () => {
    const params = [param('status', 'query', 'deepObject', true), param('created_at', 'query', 'deepObject', true)];
    const search = queryOf(params, { status: { in: 'running,pending' }, created_at: { gt: '2023-01-01' } });
    expect(decodeURIComponent(search)).toBe('?status[in]=running,pending&created_at[gt]=2023-01-01');
    const hostile = queryOf([param('status', 'query', 'deepObject', true)], { status: { eq: 'x&admin=true', 'ne]=a&b[': '#y' } });
    expect([...new URLSearchParams(hostile)]).toEqual([
      ['status[eq]', 'x&admin=true'],
      ['status[ne]=a&b[]', '#y'],
    ]);
  });

  it('spaceDelimited and pipeDelimited join arrays with their separators', () => {
    expect(queryOf([param('ids', 'query', 'spaceDelimited', false)], { ids: [1, 2, 3] })).toBe('?ids=1%202%203');
    expect(queryOf([param('ids', 'query', 'pipeDelimited', false)], { ids: ['a', 'b|c'] })).toBe('?ids=a|b%7Cc');
  });

  it('encodes scalars, skips undefined and null, keeps the order of the definition', () => {
    const params = [param('q', 'query'), param('page', 'query'), param('all', 'query'), param('none', 'query'), param('gone', 'query')];
    expect(queryOf(params, { q: 'a&b=c#d', page: 2, all: false, none: null, gone: undefined })).toBe('?q=a%26b%3Dc%23d&page=2&all=false');
  });

  it('encodes a query parameter name that needs it', () => {
    expect(queryOf([param('a b', 'query')], { 'a b': 'x' })).toBe('?a%20b=x');
  });

  it('no query value can add a parameter, a fragment or change the host', () => {
    const url = prepareRequest(operation({ params: [param('q', 'query')] }), { query: { q: 'x&admin=true#frag//@evil.com' } }, BASE).url;
    expect(url.origin).toBe('https://api.example.com');
    expect(url.hash).toBe('');
    expect([...url.searchParams]).toEqual([['q', 'x&admin=true#frag//@evil.com']]);
  });
});

describe('prepareRequest: headers and cookies', () => {
  const op = operation({
    params: [param('X-Request-Id', 'header', 'simple', false), param('session', 'cookie'), param('theme', 'cookie')],
  });

  it('sends header values as text, arrays comma-joined', () => {
    const prepared = prepareRequest(op, { header: { 'X-Request-Id': ['a', 'b'] } }, BASE);
    expect(prepared.headers['X-Request-Id']).toBe('a,b');
    expect(prepareRequest(op, { header: { 'X-Request-Id': 7 } }, BASE).headers['X-Request-Id']).toBe('7');
  });

  it.each(['a\r\nX-Admin: 1', 'a\nb', 'a\rb', 'a\u0000b'])('refuses the header value %j, naming it', (value) => {
    const error = argumentErrorOf(() => prepareRequest(op, { header: { 'X-Request-Id': value } }, BASE));
    expect(error.argument).toBe('X-Request-Id');
    expect(error.message).toContain('header injection');
  });

  it.each(['日本', 'bell\u0007', 'del\u007f'])('refuses a header value fetch cannot send (%j) as an argument error', (value) => {
    const error = argumentErrorOf(() => prepareRequest(op, { header: { 'X-Request-Id': value } }, BASE));
    expect(error.argument).toBe('X-Request-Id');
  });

  it('accepts Latin-1 text and tabs in a header value', () => {
    expect(prepareRequest(op, { header: { 'X-Request-Id': 'café\tok' } }, BASE).headers['X-Request-Id']).toBe('café\tok');
  });

  it('sends cookies in one header, values encoded so they cannot add a cookie or a line', () => {
    const prepared = prepareRequest(op, { cookie: { session: 'abc; admin=1\r\nX: y', theme: 'dark' } }, BASE);
    expect(prepared.headers.cookie).toBe('session=abc%3B%20admin%3D1%0D%0AX%3A%20y; theme=dark');
  });

  it('sends no cookie header without cookies', () => {
    expect(prepareRequest(op, {}, BASE).headers).toEqual({});
  });
});

describe('prepareRequest: bodies', () => {
  const withBody = (mediaType: string) => operation({ body: { mediaType, required: true }, method: 'POST' });

  it('JSON: serialised with the media type', () => {
    const prepared = prepareRequest(withBody('application/json'), { body: { name: 'x', list: [1, 2] } }, BASE);
    expect(prepared.body).toBe('{"name":"x","list":[1,2]}');
    expect(prepared.headers['content-type']).toBe('application/json');
    expect(prepared.method).toBe('POST');
  });

  it('JSON: keeps a specific JSON media type and replaces a wildcard one', () => {
    expect(prepareRequest(withBody('application/merge-patch+json'), { body: {} }, BASE).headers['content-type']).toBe(
      'application/merge-patch+json',
    );
    expect(prepareRequest(withBody('application/*+json'), { body: {} }, BASE).headers['content-type']).toBe('application/json');
  });

  it('form-urlencoded: nested objects in brackets, arrays with [] and indexes', () => {
    const prepared = prepareRequest(
      withBody('application/x-www-form-urlencoded'),
      {
        body: {
          a: { b: 1, c: { d: 'x y' } },
          list: ['p', 'q&r'],
          'tags[]': ['t'],
          items: [{ id: 1 }, { id: 2 }],
          empty: null,
          gone: undefined,
          flag: true,
        },
      },
      BASE,
    );
    expect(prepared.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(prepared.body as string)]).toEqual([
      ['a[b]', '1'],
      ['a[c][d]', 'x y'],
      ['list[]', 'p'],
      ['list[]', 'q&r'],
      ['tags[]', 't'],
      ['items[0][id]', '1'],
      ['items[1][id]', '2'],
      ['empty', ''],
      ['flag', 'true'],
    ]);
  });

  it('multipart: a FormData whose boundary fetch sets', () => {
    const prepared = prepareRequest(withBody('multipart/form-data'), { body: { name: 'n', meta: { k: 'v' } } }, BASE);
    expect(prepared.body).toBeInstanceOf(FormData);
    expect([...(prepared.body as FormData).entries()]).toEqual([
      ['name', 'n'],
      ['meta[k]', 'v'],
    ]);
    expect(prepared.headers['content-type']).toBeUndefined();
  });

  it('text: sent as is with its media type', () => {
    const prepared = prepareRequest(withBody('text/plain; charset=utf-8'), { body: 'hello\nworld' }, BASE);
    expect(prepared.body).toBe('hello\nworld');
    expect(prepared.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('binary: base64 text from the tool becomes bytes', () => {
    const prepared = prepareRequest(withBody('application/octet-stream'), { body: Buffer.from([0, 1, 254, 255]).toString('base64') }, BASE);
    expect(Buffer.from(prepared.body as Uint8Array)).toEqual(Buffer.from([0, 1, 254, 255]));
    expect(prepared.headers['content-type']).toBe('application/octet-stream');
  });

  it('sends no body when none is given, or when the operation takes none', () => {
    const none = prepareRequest(withBody('application/json'), {}, BASE);
    expect(none.body).toBeUndefined();
    expect(none.headers['content-type']).toBeUndefined();
    expect(prepareRequest(operation(), { body: { x: 1 } }, BASE).body).toBeUndefined();
  });
});

describe('prepareRequest: text that is not valid Unicode', () => {
  // JSON carries unpaired surrogates ("\\ud800") but encodeURIComponent throws on them.
  const op = operation({
    body: { mediaType: 'application/x-www-form-urlencoded', required: false },
    method: 'POST',
    params: [param('appId', 'path', 'simple', false), param('q', 'query'), param('session', 'cookie')],
    path: '/apps/{appId}',
  });

  it.each([
    ['appId', { path: { appId: 'a\ud800' } }],
    ['q', { path: { appId: 'a' }, query: { q: ['ok', '\udc00x'] } }],
    ['session', { path: { appId: 'a' }, cookie: { session: 'x\ud83e' } }],
    ['nested', { path: { appId: 'a' }, body: { title: 'ok', nested: { deep: ['\udc00'] } } }],
  ] as const)('an unpaired surrogate in %s is an argument error naming it', (argument, request) => {
    const error = argumentErrorOf(() => prepareRequest(op, request, BASE));
    expect(error.argument).toBe(argument);
    expect(error.message).toContain('unpaired surrogate');
  });
});

describe('joinUrl', () => {
  it('keeps the base path, with or without a trailing slash', () => {
    expect(joinUrl('http://127.0.0.1:8080/api/v1', '/apps').href).toBe('http://127.0.0.1:8080/api/v1/apps');
    expect(joinUrl('http://127.0.0.1:8080/api/v1/', '/apps').href).toBe('http://127.0.0.1:8080/api/v1/apps');
    expect(joinUrl('http://127.0.0.1:8080', '/apps').href).toBe('http://127.0.0.1:8080/apps');
  });

  it('refuses a path that would climb out of the base path', () => {
    const error = argumentErrorOf(() => joinUrl('https://api.example.com/api/v1', '/../../admin'));
    expect(error.argument).toBe('path');
    expect(error.message).toContain('would leave the API base URL (https://api.example.com/api/v1)');
  });

  it('drops credentials in the base URL and keeps the origin', () => {
    const url = joinUrl('https://user:pass@api.example.com/api', '/x');
    expect(url.href).toBe('https://api.example.com/api/x');
  });

  it('a prepared request always targets the base origin and path', () => {
    const op = operation({ params: [param('id', 'path', 'simple', false), param('q', 'query')], path: '/things/{id}' });
    for (const id of ['//evil.com', 'https:', '..%2F..', 'x@evil.com:80']) {
      const url = prepareRequest(op, { path: { id }, query: { q: 'http://evil.com/' } }, 'http://127.0.0.1:9/root').url;
      expect(url.origin).toBe('http://127.0.0.1:9');
      expect(url.protocol).toBe('http:');
      expect(url.pathname.startsWith('/root/things/')).toBe(true);
    }
  });
});
