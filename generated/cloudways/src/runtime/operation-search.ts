// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import MiniSearch, { type SearchResult } from 'minisearch';
import { stemmer } from 'stemmer';
import type { ToolDefinition } from './types.js';

/**
 * Full-text search over a server's operations for dynamic mode, on MiniSearch (BM25+ ranking,
 * per-field boosts, prefix and fuzzy matching) with English stemming (Porter, the `stemmer`
 * package). Queries may be a few words or the user's whole sentence: stop words are dropped, each
 * remaining word counts once, words most operations share (the API's own name) count less, and
 * common operations vocabulary also finds its synonyms ("remove" finds delete_*), at a lower weight.
 */

/** Field → boost: where a word appears says how much it is about the operation. */
const FIELD_BOOSTS = {
  name: 3,
  title: 3,
  keywords: 3,
  tags: 1.5,
  parameters: 1,
  description: 2,
  path: 0.5,
} as const;
type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];

/** A synonym found by expansion counts this much of the word the user wrote. */
const SYNONYM_WEIGHT = 0.4;
/** The API's own name, which most operations share, counts this much of another word. */
const IGNORED_WEIGHT = 0.25;
/**
 * How much an operation gains when the query names all of its name's words ("list servers" is
 * list_servers more than list_server_sizes): its score is multiplied by 1 + this × the share covered.
 */
const NAME_COVERAGE_WEIGHT = 0.5;
/**
 * A word in the names or titles of more than this share of the operations ("server" in a server API)
 * says little about which one is meant; it counts COMMON_WEIGHT of another word.
 */
const COMMON_SHARE = 0.1;
const COMMON_WEIGHT = 0.5;
/** A query that names no action (a question: "which apps are stopped?") favours reads by this factor... */
const READ_INTENT_BOOST = 1.25;
/** ...and, among them, those that need no argument (a list, not one item by its id) by this one. */
const ENTRY_POINT_BOOST = 1.2;
/**
 * A question ("which groups exist?", "did the clone finish?") asks to read, whatever verbs it
 * names: reads gain this factor instead of READ_INTENT_BOOST. One factor for every API and
 * question; set from the evaluation set as a whole (2: sentence MRR 0.747, 2.5: 0.762, 3: 0.776).
 */
const QUESTION_READ_BOOST = 2.5;
/** A request phrased as a question ("can you restart it?", "how do I add a user?") asks for the action. */
const POLITE_REQUEST = /\b(can|could|would|will)\s+(you|u)\b|\bplease\b|\bhow\s+(do|can|should|would)\s+(i|we)\b/i;
/** How a question starts (or it ends with "?"). */
const QUESTION_START =
  /^\s*(who|whom|whose|what|which|when|where|why|how|is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b/i;
/** Words of a query searched for, at most: a pasted page costs no more than a paragraph. */
export const MAX_QUERY_TERMS = 40;
/** Shorter words match only whole (so "my" does not find "mysql"); longer ones also as prefixes. */
const MIN_PREFIX_LENGTH = 4;
/** Words this long may match with one typo (two from ten letters). */
const MIN_FUZZY_LENGTH = 5;

/**
 * English function words and request filler: they say how something is asked, not what.
 * Verbs that name operations (get, list, set, show...) are not here.
 */
const STOP_WORDS = new Set(
  `a about above after again all also am an and any anymore are as at be because been before being below between both but by
  can could did do does doing don done each else even ever every for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just let like me mine more most much must my myself no nor not now of off on once
  only or other our ours ourselves out over own please right same she should so some such than thank thanks that the their theirs
  them themselves then there these they this those through to too under until up us very want was way we were what when where which
  while who whom why will with would you your yours yourself yourselves`.split(/\s+/),
);

/**
 * Words that name the same thing in operations APIs. Generic vocabulary only: synonyms that belong
 * to one API go in its spec as `x-mcp.keywords`.
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['create', 'add', 'new', 'make'],
  ['delete', 'remove', 'destroy', 'drop', 'erase', 'uninstall', 'rid'],
  ['update', 'change', 'modify', 'edit', 'set', 'configure'],
  ['get', 'show', 'view', 'read', 'fetch', 'see', 'display'],
  ['list', 'show', 'enumerate'],
  ['start', 'launch', 'boot'],
  ['stop', 'halt', 'shutdown', 'shut'],
  ['restart', 'reboot', 'reload'],
  ['clone', 'copy', 'duplicate'],
  ['memory', 'ram'],
  ['app', 'application'],
  ['cpu', 'processor'],
  ['alert', 'alarm', 'warn', 'warning'],
  ['server', 'machine', 'host', 'box', 'instance', 'vm'],
  ['user', 'account', 'people', 'person', 'member'],
  ['disk', 'storage', 'drive'],
  ['mail', 'email'],
  ['certificate', 'cert', 'ssl', 'tls'],
  ['log', 'logs', 'journal'],
  ['config', 'configuration', 'settings'],
  ['password', 'passphrase', 'credential'],
  ['domain', 'hostname'],
];

/** Splits text into lower-case words at case changes and anything not a letter or digit. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z]|[0-9](?=[A-Z][a-z]))([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z]{2,})/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1);
}

/** The index form of a word: its Porter stem (words with digits, like ipv4 or 2fa, stay whole). */
export function stem(word: string): string {
  return /\d/.test(word) ? word : stemmer(word);
}

const SYNONYMS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const group of SYNONYM_GROUPS)
    for (const word of group) map.set(word, [...(map.get(word) ?? []), ...group.filter((other) => other !== word)]);
  return map;
})();

export interface AnalyzedQuery {
  /** Stems of the words the query holds, each once. */
  readonly terms: readonly string[];
  /** Stems of their synonyms that the query does not already hold. */
  readonly synonyms: readonly string[];
}

/** The terms a query searches for: no stop words, each stem once, and the synonyms of its words. */
export function analyzeQuery(query: string): AnalyzedQuery {
  const kept = words(query).filter((word) => !STOP_WORDS.has(word));
  const terms = [...new Set(kept.map(stem))].slice(0, MAX_QUERY_TERMS);
  const synonyms = new Set(
    kept
      .filter((word) => terms.includes(stem(word)))
      .flatMap((word) => SYNONYMS.get(word) ?? [])
      .map(stem),
  );
  for (const term of terms) synonyms.delete(term);
  return { terms, synonyms: [...synonyms] };
}

type IndexedOperation = { id: string } & Record<Field, string>;

/** Part of the operations, such as one API of a hub: its name, and the prefix of its operations' names. */
export interface CatalogPart {
  readonly name: string;
  readonly prefix: string;
}

/** The searchable text of one operation, by field. */
function document(name: string, tool: ToolDefinition): IndexedOperation {
  const properties = (tool.inputSchema as { properties?: Record<string, unknown> }).properties ?? {};
  return {
    id: name,
    name: `${name} ${compounds(name)}`,
    title: tool.title,
    keywords: (tool.keywords ?? []).join(' '),
    tags: (tool.tags ?? []).join(' '),
    parameters: Object.keys(properties).join(' '),
    description: tool.description,
    path: tool.operation.path.replace(/\{[^}]*\}/g, ' '),
  };
}

/** Adjacent words of a name run together, so "timezone" finds set_time_zone. */
function compounds(name: string): string {
  const parts = words(name);
  return parts
    .slice(1)
    .map((part, index) => `${parts[index]}${part}`)
    .join(' ');
}

/** One server's operations, indexed once; searched with `search`. */
export class OperationIndex {
  private readonly index = new MiniSearch<IndexedOperation>({
    fields: FIELDS,
    tokenize: words,
    processTerm: (word) => (STOP_WORDS.has(word) ? null : stem(word)),
  });
  private readonly ignored: ReadonlySet<string>;
  /** Each operation's name as stems: get_users → get, user. */
  private readonly nameTerms = new Map<string, ReadonlySet<string>>();
  private readonly readOnly = new Set<string>();
  /** Operations without required arguments: where a question starts (get_users, not get_user). */
  private readonly entryPoints = new Set<string>();
  /** Stems of the verbs that start the names of operations that change something: create, delete, restart... */
  private readonly actionVerbs = new Set<string>();
  /** Stems in the names or titles of more than COMMON_SHARE of the operations. */
  private readonly common = new Set<string>();
  /** Each part's name as words (control-plane → control, plane), and its operations' prefix. */
  private readonly parts: readonly { readonly words: readonly string[]; readonly prefix: string }[];

  /**
   * `ignoredWords`: words most operations share, such as the API's name, which rank little.
   * `parts`: where the operations come from several APIs (a hub), a query naming one of them
   * (every word of its name) gets that API's operations first.
   */
  constructor(tools: ReadonlyMap<string, ToolDefinition>, ignoredWords: Iterable<string> = [], parts: readonly CatalogPart[] = []) {
    this.parts = parts.map((part) => ({ words: words(part.name), prefix: part.prefix }));
    this.index.addAll([...tools].map(([name, tool]) => document(name, tool)));
    this.ignored = new Set([...ignoredWords].flatMap(words).map(stem));
    const counts = new Map<string, number>();
    for (const [name, tool] of tools) {
      for (const term of new Set(words(`${name} ${tool.title}`).map(stem))) counts.set(term, (counts.get(term) ?? 0) + 1);
      const stems = words(name).map(stem);
      this.nameTerms.set(name, new Set(stems));
      const required = (tool.inputSchema as { required?: unknown }).required;
      if (!Array.isArray(required) || required.length === 0) this.entryPoints.add(name);
      if (tool.annotations.readOnlyHint) this.readOnly.add(name);
      else if (stems[0] !== undefined) this.actionVerbs.add(stems[0]);
    }
    for (const [term, count] of counts) if (count > tools.size * COMMON_SHARE) this.common.add(term);
  }

  /** Best matches first (a named part's before the rest); ties go to the shorter (more general) name. */
  search(query: string, limit: number): { readonly name: string; readonly score: number }[] {
    const question = (QUESTION_START.test(query) || query.trim().endsWith('?')) && !POLITE_REQUEST.test(query);
    const { terms, synonyms } = analyzeQuery(question ? this.withoutStates(query) : query);
    if (terms.length === 0) return [];
    const expansions = new Set(synonyms);
    const asksForAction = !question && [...terms, ...synonyms].some((term) => this.actionVerbs.has(term));
    const readBoost = question ? QUESTION_READ_BOOST : READ_INTENT_BOOST;
    const weight = (term: string) =>
      (expansions.has(term) ? SYNONYM_WEIGHT : this.ignored.has(term) ? IGNORED_WEIGHT : 1) * (this.common.has(term) ? COMMON_WEIGHT : 1);
    const named = this.namedPart(query);
    const results: SearchResult[] = this.index.search(query, {
      // The query is analysed above; MiniSearch searches the terms as they are.
      tokenize: () => [...terms, ...synonyms],
      processTerm: (term) => term,
      boost: FIELD_BOOSTS,
      boostTerm: weight,
      prefix: (term) => term.length >= MIN_PREFIX_LENGTH,
      fuzzy: (term) => (term.length >= MIN_FUZZY_LENGTH ? 0.2 : false),
      maxFuzzy: 2,
      combineWith: 'OR',
    });
    return results
      .map((result) => {
        const name = String(result.id);
        const nameTerms = this.nameTerms.get(name) ?? new Set<string>();
        const covered = [...nameTerms].filter((term) => terms.includes(term) || expansions.has(term)).length;
        const coverage = nameTerms.size === 0 ? 0 : covered / nameTerms.size;
        const reads = !asksForAction && this.readOnly.has(name);
        const intent = reads ? readBoost * (this.entryPoints.has(name) ? ENTRY_POINT_BOOST : 1) : 1;
        return { name, score: result.score * (1 + NAME_COVERAGE_WEIGHT * coverage) * intent };
      })
      .sort((a, b) => named(b.name) - named(a.name) || b.score - a.score || a.name.length - b.name.length || (a.name < b.name ? -1 : 1))
      .slice(0, limit);
  }

  /** 1 for the operations of the one part the query names, 0 for the rest (and for all when it names none, or several). */
  private namedPart(query: string): (name: string) => number {
    const asked = new Set(words(query));
    const parts = this.parts.filter((part) => part.words.every((word) => asked.has(word)));
    const prefix = parts.length === 1 ? parts[0]?.prefix : undefined;
    return prefix === undefined ? () => 0 : (name) => (name.startsWith(prefix) ? 1 : 0);
  }

  /**
   * A question without its action verbs' past participles: there they name a state ("which apps
   * are installed?", "is the device disconnected?"), not the action. The query as asked if nothing else is left.
   */
  private withoutStates(query: string): string {
    const kept = words(query).filter((word) => !(word.endsWith('ed') && this.actionVerbs.has(stem(word))));
    return kept.some((word) => !STOP_WORDS.has(word)) ? kept.join(' ') : query;
  }
}
