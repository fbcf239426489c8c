/**
 * `npm run eval:search`: prints top-1, top-5 and MRR of dynamic mode's search on the evaluation
 * set, per API and overall, for short queries and whole sentences. `--misses` lists every request
 * whose expected tool was not ranked first; `--no-keywords` ignores the specs' x-mcp.keywords; `--holdout`
 * scores test/fixtures/search-holdout.json instead; `--hub` searches all five APIs at once as
 * `mcpgen hub` does, the requests as asked, or with `--named` their API's name put first.
 */
import { searchOperations } from '../../templates/runtime/dynamic.js';
import {
  EVAL_APIS,
  evalCases,
  hubSearch,
  QUERY_STYLES,
  runEvaluation,
  score,
  type CaseResult,
  type SearchFunction,
  type ShippedApi,
} from './evaluate.js';

const withoutKeywords = process.argv.includes('--no-keywords');
/** The same API without its tools' x-mcp.keywords: what the ranking does on a spec that has none. */
const stripped = new WeakMap<ShippedApi, ShippedApi>();
function keywordless(api: ShippedApi): ShippedApi {
  let copy = stripped.get(api);
  if (!copy) {
    copy = { ...api, tools: new Map([...api.tools].map(([name, tool]) => [name, { ...tool, keywords: [] }])) };
    stripped.set(api, copy);
  }
  return copy;
}

const set = process.argv.includes('--holdout') ? 'search-holdout' : 'search-eval';
const hub = process.argv.includes('--hub') ? (process.argv.includes('--named') ? 'hub, API named' : 'hub') : undefined;
const search: SearchFunction = hub
  ? await hubSearch(hub !== 'hub')
  : async (api, query, limit) => (await searchOperations(withoutKeywords ? keywordless(api) : api, query, limit)).map((hit) => hit.name);
const results = await runEvaluation(search, evalCases(set));
const percent = (value: number) => `${(value * 100).toFixed(0)}%`.padStart(5);
console.log(`${set}.json${hub ? ` (${hub})` : ''}\napi           style     cases  top-1  top-5    MRR`);
for (const style of QUERY_STYLES) {
  for (const api of [...EVAL_APIS, 'all'] as const) {
    const chosen = results.filter((r) => r.style === style && (api === 'all' || r.case.api === api));
    const s = score(chosen);
    console.log(
      `${api.padEnd(13)} ${style.padEnd(9)} ${String(s.cases).padStart(5)}  ${percent(s.top1)}  ${percent(s.top5)}  ${s.mrr.toFixed(3)}`,
    );
  }
}
if (process.argv.includes('--misses')) {
  const misses = results.filter((r: CaseResult) => r.rank !== 1);
  for (const miss of misses)
    console.log(
      `${miss.case.api} [${miss.style}] "${miss.case[miss.style]}" want ${miss.case.expected.join('|')} got rank ${miss.rank ?? '-'}: ${miss.top.slice(0, 3).join(', ')}`,
    );
}
