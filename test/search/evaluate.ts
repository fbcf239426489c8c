/**
 * Scores dynamic mode's operation search on test/fixtures/search-eval.json (or search-holdout.json): for every request,
 * the rank of the first expected tool among the search results, as top-1, top-5 and MRR
 * (mean of 1/rank, 0 when not in the top 10), per API and query style.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { META_TOOLS, type SearchCatalog } from '../../templates/runtime/dynamic.js';
import { createHubRuntime, hubNamespace } from '../../templates/runtime/hub.js';
import type { ApiDefinition, ToolDefinition } from '../../templates/runtime/types.js';

export type QueryStyle = 'short' | 'sentence';
export const QUERY_STYLES: readonly QueryStyle[] = ['short', 'sentence'];
export const EVAL_APIS = ['cloudron', 'cloudways', 'alpacon', 'control-plane', 'mcpbox'] as const;
export type EvalApi = (typeof EVAL_APIS)[number];

export interface EvalCase {
  readonly api: EvalApi;
  readonly expected: readonly string[];
  readonly sentence: string;
  readonly short: string;
}

export interface Scores {
  readonly cases: number;
  readonly mrr: number;
  readonly top1: number;
  readonly top5: number;
}

export interface CaseResult {
  readonly case: EvalCase;
  readonly rank: number | undefined;
  readonly style: QueryStyle;
  readonly top: readonly string[];
}

/** Names of the best matches for a request to `apiName` (`api` its shipped tools), best first. */
export type SearchFunction = (api: ShippedApi, query: string, limit: number, apiName: EvalApi) => Promise<readonly string[]>;

/** A shipped API as its server searches it: its tools, its name and title ranking low. */
export type ShippedApi = SearchCatalog;

const RANKS_COUNTED = 10;

/** The evaluation sets in test/fixtures: `search-eval` (the one the ranking was developed on) and `search-holdout`. */
export type EvalSet = 'search-eval' | 'search-holdout';

export function evalCases(set: EvalSet = 'search-eval'): EvalCase[] {
  const file = fileURLToPath(new URL(`../fixtures/${set}.json`, import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: EvalCase[] }).cases;
}

type ShippedModule = { api: ApiDefinition; tools: readonly ToolDefinition[] };
const PACKAGES: Record<EvalApi, () => Promise<ShippedModule>> = {
  alpacon: () => import('../../generated/alpacon/src/index.js'),
  cloudron: () => import('../../generated/cloudron/src/index.js'),
  cloudways: () => import('../../generated/cloudways/src/index.js'),
  'control-plane': () => import('../../generated/control-plane/src/index.js'),
  mcpbox: () => import('../../generated/mcpbox/src/index.js'),
};

/** A shipped package's tools, by name, as a served runtime holds them. */
export async function shippedApi(api: EvalApi): Promise<ShippedApi> {
  const module = await PACKAGES[api]();
  return {
    ignoredWords: [module.api.name, module.api.title],
    tools: new Map(module.tools.map((tool) => [tool.name, tool])),
  };
}

/**
 * The search of `mcpgen hub --tools dynamic` over all five shipped APIs (a real hub runtime, its
 * search_operations tool), for the requests as asked or with their API's name put first, as a
 * model says which API it means. A hit of the request's API is named as in that API; another
 * API's keeps its prefix, and is never the expected tool.
 */
export async function hubSearch(nameTheApi: boolean): Promise<SearchFunction> {
  const packages = await Promise.all(EVAL_APIS.map((api) => PACKAGES[api]()));
  // only searched, never called: an address nothing listens on
  const env = Object.fromEntries(packages.map(({ api }) => [`${api.envPrefix}_BASE_URL`, 'http://127.0.0.1:9']));
  const hub = createHubRuntime(packages, { env, toolsMode: 'dynamic' });
  return async (_api, query, limit, apiName) => {
    const result = await hub.call(META_TOOLS.search, { query: nameTheApi ? `${apiName} ${query}` : query, limit });
    const prefix = `${hubNamespace({ name: apiName })}_`;
    const hits = (result.structuredContent as { results: { name: string }[] }).results;
    return hits.map(({ name }) => (name.startsWith(prefix) ? name.slice(prefix.length) : name));
  };
}

export async function runEvaluation(search: SearchFunction, cases = evalCases()): Promise<CaseResult[]> {
  const apis = new Map<EvalApi, ShippedApi>();
  for (const api of EVAL_APIS) apis.set(api, await shippedApi(api));
  const results: CaseResult[] = [];
  for (const evalCase of cases) {
    const shipped = apis.get(evalCase.api);
    if (!shipped) throw new Error(`search-eval.json: unknown api "${evalCase.api}"`);
    const unknown = evalCase.expected.filter((name) => !shipped.tools.has(name));
    if (unknown.length > 0) throw new Error(`search-eval.json: ${evalCase.api} has no tool ${unknown.join(', ')} ("${evalCase.short}")`);
    for (const style of QUERY_STYLES) {
      const top = await search(shipped, evalCase[style], RANKS_COUNTED, evalCase.api);
      const index = top.findIndex((name) => evalCase.expected.includes(name));
      results.push({ case: evalCase, rank: index < 0 ? undefined : index + 1, style, top });
    }
  }
  return results;
}

export function score(results: readonly CaseResult[]): Scores {
  const count = results.length;
  const share = (test: (rank: number) => boolean) => results.filter((r) => r.rank !== undefined && test(r.rank)).length / count;
  return {
    cases: count,
    mrr: results.reduce((sum, r) => sum + (r.rank === undefined ? 0 : 1 / r.rank), 0) / count,
    top1: share((rank) => rank === 1),
    top5: share((rank) => rank <= 5),
  };
}
