import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { driftReport, formatDriftReport } from './report.js';

const drift = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'warn', logger: 'cloudron', message: 'response drifts from its output schema', ...fields });

const idLine = drift({ tool: 'get_app', pointer: '/apps/0/id', kind: 'type', expected: 'string', actual: 'integer' });

describe('driftReport', () => {
  it('groups drift lines per API, tool, pointer pattern and kind, across logs, and skips other lines', () => {
    const first = [
      JSON.stringify({ level: 'info', logger: 'cloudron', message: 'listening' }),
      idLine,
      drift({ tool: 'get_app', pointer: '', kind: 'type', expected: 'object', actual: 'null' }),
      '',
    ].join('\n');
    const second = [drift({ tool: 'get_app', pointer: '/apps/3/id', kind: 'type', expected: 'string', actual: 'null' })].join('\n');
    const report = driftReport([
      { name: 'a.log', text: first },
      { name: 'b.log', text: second },
    ]);
    expect(report).toEqual({
      lines: 4,
      entries: [
        {
          api: 'cloudron',
          tool: 'get_app',
          pointer: '',
          kind: 'type',
          expected: 'object',
          actual: ['null'],
          count: 1,
          firstSeen: 'a.log:3',
        },
        {
          api: 'cloudron',
          tool: 'get_app',
          pointer: '/apps/*/id',
          kind: 'type',
          expected: 'string',
          actual: ['integer', 'null'],
          count: 2,
          firstSeen: 'a.log:2',
        },
      ],
    });
    expect(formatDriftReport(report)).toBe(
      [
        'cloudron get_app',
        '  (root)  type: expected object, got null  (1×, first at a.log:3)',
        '  /apps/*/id  type: expected string, got integer | null  (2×, first at a.log:2)',
        '',
        "2 mismatch(es) in 1 tool(s). Fix each in the spec's 2xx response schema at that pointer (or correct the API if the spec is right), then regenerate.",
        '',
      ].join('\n'),
    );
  });

  it('says so when there is no drift', () => {
    expect(formatDriftReport(driftReport([{ name: 'x.log', text: '{"message":"ok"}\n' }]))).toBe('No drift in 1 log line(s).\n');
  });

  it.each([
    ['a line that is not JSON', `${idLine}\nnode: warning something`, 'bad.log:2: not a JSON log line: node: warning something'],
    ['a JSON value that is not an object', '[1,2]', 'bad.log:1: a log line must be a JSON object'],
    [
      'a drift line missing a field',
      drift({ tool: 'get_app', kind: 'type', expected: 'string', actual: 'null' }),
      'bad.log:1: a drift line without a string "pointer" (is this log from an older server?)',
    ],
  ])('refuses %s, naming file and line', (_name, text, message) => {
    const run = () => driftReport([{ name: 'bad.log', text }]);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });
});
