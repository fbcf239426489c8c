/**
 * A drift report from generated servers' logs: every "response drifts from its output schema"
 * warn line, grouped by API, tool, pointer (array indices as `*`) and kind of mismatch, so that
 * a spec author sees where the spec's response schemas and the real API part ways.
 */
import { ConfigError } from '../errors.js';
import { isObject, type Json } from '../json.js';
import { DRIFT_LOG_MESSAGE, pointerPattern } from '../../templates/runtime/output-fit.js';

export interface DriftEntry {
  /** The logger's name: the API's `x-mcp` name. */
  readonly api: string;
  readonly tool: string;
  /** The pointer with array indices as `*`. */
  readonly pointer: string;
  readonly kind: string;
  readonly expected: string;
  /** What came instead, each distinct value once, in the order first seen. */
  readonly actual: readonly string[];
  /** How many log lines report it (one per server process, as servers log each once). */
  readonly count: number;
  /** Where it was first seen: `file:line`. */
  readonly firstSeen: string;
}

export interface DriftReport {
  readonly entries: readonly DriftEntry[];
  /** Log lines read, drift or not. */
  readonly lines: number;
}

const FIELDS = ['tool', 'pointer', 'kind', 'expected', 'actual'] as const;

/** Reads JSON-lines logs; a line that is not a JSON object, or a drift line missing a field, is an error naming file and line. */
export function driftReport(logs: readonly { readonly name: string; readonly text: string }[]): DriftReport {
  const groups = new Map<string, { entry: Omit<DriftEntry, 'actual' | 'count'>; actual: Set<string>; count: number }>();
  let lines = 0;
  for (const log of logs) {
    log.text.split('\n').forEach((raw, index) => {
      const line = raw.trim();
      if (line === '') return;
      lines += 1;
      const where = `${log.name}:${index + 1}`;
      const record = parseLine(line, where);
      if (record.message !== DRIFT_LOG_MESSAGE) return;
      for (const field of FIELDS) {
        if (typeof record[field] !== 'string')
          throw new ConfigError(`${where}: a drift line without a string "${field}" (is this log from an older server?)`);
      }
      const fields = record as Record<(typeof FIELDS)[number], string>;
      const api = typeof record.logger === 'string' ? record.logger : '';
      const pointer = pointerPattern(fields.pointer);
      const key = JSON.stringify([api, fields.tool, pointer, fields.kind]);
      const group = groups.get(key) ?? {
        entry: { api, tool: fields.tool, pointer, kind: fields.kind, expected: fields.expected, firstSeen: where },
        actual: new Set<string>(),
        count: 0,
      };
      group.actual.add(fields.actual);
      group.count += 1;
      groups.set(key, group);
    });
  }
  const entries = [...groups.values()]
    .map(({ entry, actual, count }) => ({ ...entry, actual: [...actual], count }))
    .sort((a, b) => a.api.localeCompare(b.api) || a.tool.localeCompare(b.tool) || a.pointer.localeCompare(b.pointer));
  return { entries, lines };
}

function parseLine(line: string, where: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ConfigError(`${where}: not a JSON log line: ${line.length > 80 ? `${line.slice(0, 80)}…` : line}`);
  }
  if (!isObject(value)) throw new ConfigError(`${where}: a log line must be a JSON object`);
  return value;
}

/** The report as a reader wants it: per API and tool, one line per pointer and kind. */
export function formatDriftReport(report: DriftReport): string {
  if (report.entries.length === 0) return `No drift in ${report.lines} log line(s).\n`;
  const out: string[] = [];
  let heading = '';
  for (const entry of report.entries) {
    const title = `${entry.api ? `${entry.api} ` : ''}${entry.tool}`;
    if (title !== heading) {
      out.push(`${out.length > 0 ? '\n' : ''}${title}`);
      heading = title;
    }
    const what = entry.kind === 'missing' ? 'missing' : `${entry.kind}: expected ${entry.expected}, got ${entry.actual.join(' | ')}`;
    out.push(`  ${entry.pointer || '(root)'}  ${what}  (${entry.count}×, first at ${entry.firstSeen})`);
  }
  const tools = new Set(report.entries.map((entry) => `${entry.api}|${entry.tool}`)).size;
  out.push(
    `\n${report.entries.length} mismatch(es) in ${tools} tool(s). Fix each in the spec's 2xx response schema at that pointer ` +
      `(or correct the API if the spec is right), then regenerate.`,
  );
  return `${out.join('\n')}\n`;
}
