// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { readPointer } from './json-pointer.js';
import { withField } from './results.js';
import type { ApiRequest, PaginationDefinition, ToolDefinition } from './types.js';

/** Hard stop however many items were asked for: a runaway API must not loop forever. */
const MAX_PAGES = 50;

/**
 * A paging tool called with its `maxItems` argument: fetches page after page (page/per_page,
 * offset/limit or cursor, as the spec declares) until that many items are collected or the API
 * says there are no more. Returns the tool's payload (`payloadOf` the first body, its item list
 * replaced by every item collected) with a `pagination` field, and a note for the model.
 * Undefined when the tool does not page or the call did not ask for more.
 */
export async function collectAskedPages(
  tool: ToolDefinition,
  args: Readonly<Record<string, unknown>>,
  first: ApiRequest,
  firstData: unknown,
  fetchPage: (request: ApiRequest) => Promise<unknown>,
  payloadOf: (body: unknown) => unknown,
): Promise<{ readonly data: unknown; readonly note: string } | undefined> {
  const { pagination } = tool;
  const maxItems = tool.controls?.maxItems ? args[tool.controls.maxItems] : undefined;
  if (!pagination || typeof maxItems !== 'number') return undefined;
  const items = [...itemsOf(pagination, firstData)];
  let data = firstData;
  let request = first;
  let pages = 1;
  let more = hasMore(pagination, firstData, items.length, pageSize(pagination, first), items.length);
  while (more && items.length < maxItems && pages < MAX_PAGES) {
    const next = nextRequest(pagination, request, data, itemsOf(pagination, data).length);
    if (!next) break;
    request = next;
    data = await fetchPage(request);
    pages += 1;
    const pageItems = itemsOf(pagination, data);
    items.push(...pageItems);
    more = pageItems.length > 0 && hasMore(pagination, data, items.length, pageSize(pagination, request), pageItems.length);
  }
  const kept = items.slice(0, maxItems);
  more ||= items.length > maxItems;
  return {
    data: withField(payloadOf(withItems(pagination, firstData, kept)), 'pagination', { pages, items: kept.length, more }),
    note: `Collected ${kept.length} item(s) from ${pages} page(s)${more ? '; more remain' : '; no more remain'}.`,
  };
}

export function itemsOf(pagination: PaginationDefinition, data: unknown): unknown[] {
  if (pagination.itemsPath) {
    const found = readPointer(data, pagination.itemsPath);
    return Array.isArray(found) ? found : [];
  }
  if (Array.isArray(data)) return data;
  if (data !== null && typeof data === 'object') {
    const arrays = Object.values(data).filter(Array.isArray);
    if (arrays.length === 1 && arrays[0]) return arrays[0];
  }
  return [];
}

function withItems(pagination: PaginationDefinition, data: unknown, items: unknown[]): unknown {
  if (Array.isArray(data)) return items;
  if (data === null || typeof data !== 'object') return data;
  const copy = { ...(data as Record<string, unknown>) };
  const key = pagination.itemsPath ? pagination.itemsPath.split('/')[1] : Object.keys(copy).find((name) => Array.isArray(copy[name]));
  if (key !== undefined && (!pagination.itemsPath || pagination.itemsPath.split('/').length === 2)) copy[key] = items;
  return copy;
}

function pageSize(pagination: PaginationDefinition, request: ApiRequest): number | undefined {
  const size = pagination.sizeParam ? Number(request.query?.[pagination.sizeParam]) : Number.NaN;
  return Number.isFinite(size) && size > 0 ? size : undefined;
}

function hasMore(pagination: PaginationDefinition, data: unknown, collected: number, size: number | undefined, onPage: number): boolean {
  if (pagination.style === 'cursor') {
    const cursor = pagination.cursorPath ? readPointer(data, pagination.cursorPath) : undefined;
    return cursor !== undefined && cursor !== null && cursor !== '';
  }
  if (pagination.nextPath) {
    const next = readPointer(data, pagination.nextPath);
    return next !== undefined && next !== null && next !== '' && next !== false;
  }
  if (pagination.totalPath) {
    const total = Number(readPointer(data, pagination.totalPath));
    if (Number.isFinite(total)) return collected < total;
  }
  // Without a marker, a full page suggests another may follow.
  return size !== undefined ? onPage >= size : onPage > 0;
}

function nextRequest(pagination: PaginationDefinition, request: ApiRequest, data: unknown, onPage: number): ApiRequest | undefined {
  const query = { ...(request.query ?? {}) } as Record<string, unknown>;
  if (pagination.style === 'page' && pagination.pageParam) {
    const page = Number(query[pagination.pageParam] ?? 1);
    query[pagination.pageParam] = (Number.isFinite(page) ? page : 1) + 1;
  } else if (pagination.style === 'offset' && pagination.offsetParam) {
    const offset = Number(query[pagination.offsetParam] ?? 0);
    query[pagination.offsetParam] = (Number.isFinite(offset) ? offset : 0) + onPage;
  } else if (pagination.style === 'cursor' && pagination.cursorParam && pagination.cursorPath) {
    const cursor = readPointer(data, pagination.cursorPath);
    if (cursor === undefined || cursor === null || cursor === '') return undefined;
    query[pagination.cursorParam] = cursor;
  } else {
    return undefined;
  }
  return { ...request, query };
}
