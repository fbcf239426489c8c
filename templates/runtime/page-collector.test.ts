import { describe, expect, it } from 'vitest';
import { collectAskedPages } from './page-collector.js';
import type { ApiRequest, PaginationDefinition, ToolDefinition } from './types.js';

function listTool(pagination: PaginationDefinition | undefined): ToolDefinition {
  return {
    annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true, readOnlyHint: true },
    arguments: { params: [] },
    confirm: false,
    controls: { maxItems: 'max_items' },
    description: 'Lists apps.',
    inputSchema: { type: 'object' },
    name: 'list_apps',
    operation: { method: 'GET', operationId: 'listApps', params: [], path: '/apps', security: [] },
    pagination,
    scope: 'read',
    startsTask: false,
    title: 'List apps',
  };
}

const PAGED: PaginationDefinition = { itemsPath: '/apps', pageParam: 'page', sizeParam: 'per_page', style: 'page' };
const identity = (body: unknown) => body;

/** An API of `total` apps served `per_page` at a time; records the requests it gets. */
function pagedApi(total: number) {
  const requests: ApiRequest[] = [];
  const page = (request: ApiRequest) => {
    const number = Number(request.query?.page ?? 1);
    const size = Number(request.query?.per_page);
    const ids = Array.from({ length: total }, (_, index) => index + 1).slice((number - 1) * size, number * size);
    return { apps: ids.map((id) => ({ id })), count: ids.length };
  };
  const fetchPage = async (request: ApiRequest) => {
    requests.push(request);
    return page(request);
  };
  return { fetchPage, page, requests };
}

describe('collectAskedPages', () => {
  it('fetches the next pages until max_items are collected, and says whether more remain', async () => {
    const api = pagedApi(7);
    const first = { query: { per_page: 2 } };
    const collected = await collectAskedPages(listTool(PAGED), { max_items: 5 }, first, api.page(first), api.fetchPage, identity);
    expect(api.requests.map((request) => request.query?.page)).toEqual([2, 3]);
    expect(collected?.data).toEqual({
      apps: [1, 2, 3, 4, 5].map((id) => ({ id })),
      count: 2,
      pagination: { items: 5, more: true, pages: 3 },
    });
    expect(collected?.note).toBe('Collected 5 item(s) from 3 page(s); more remain.');
  });

  it('stops when a page comes back short, with no more remaining', async () => {
    const api = pagedApi(3);
    const first = { query: { per_page: 2 } };
    const collected = await collectAskedPages(listTool(PAGED), { max_items: 10 }, first, api.page(first), api.fetchPage, identity);
    expect(collected?.data).toMatchObject({ pagination: { items: 3, more: false, pages: 2 } });
    expect(collected?.note).toBe('Collected 3 item(s) from 2 page(s); no more remain.');
  });

  it('follows a cursor, and hands the collected body to payloadOf before adding its pagination field', async () => {
    const cursor: PaginationDefinition = { cursorParam: 'after', cursorPath: '/data/next', itemsPath: '/data/items', style: 'cursor' };
    const pages: Record<string, unknown> = {
      '': { data: { items: ['a', 'b'], next: 'c1' } },
      c1: { data: { items: ['c'], next: null } },
    };
    const seen: unknown[] = [];
    const collected = await collectAskedPages(
      listTool(cursor),
      { max_items: 10 },
      {},
      pages[''],
      async (request) => {
        seen.push(request.query?.after);
        return pages[String(request.query?.after)];
      },
      (body) => (body as { data: unknown }).data,
    );
    expect(seen).toEqual(['c1']);
    expect(collected?.data).toMatchObject({ next: 'c1', pagination: { items: 3, more: false, pages: 2 } });
  });

  it('is undefined when the call does not ask for items or the tool does not page', async () => {
    const api = pagedApi(4);
    expect(await collectAskedPages(listTool(PAGED), {}, {}, api.page({ query: { per_page: 2 } }), api.fetchPage, identity)).toBeUndefined();
    expect(await collectAskedPages(listTool(undefined), { max_items: 3 }, {}, {}, api.fetchPage, identity)).toBeUndefined();
    expect(api.requests).toEqual([]);
  });
});
