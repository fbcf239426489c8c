import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel } from './log.js';
import { redactor } from './redact.js';

function capture(level?: Parameters<typeof createLogger>[1]) {
  const lines: string[] = [];
  const logger = createLogger('cloudron', level, (line) => lines.push(line));
  return { lines, logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON line per entry with level, logger name, message and fields', () => {
    const { lines, logger, records } = capture('debug');
    logger.debug('d', { n: 1 });
    logger.info('i');
    logger.warn('w', { tool: 'list_apps' });
    logger.error('e', { nested: { ok: true } });
    expect(lines.every((line) => line.endsWith('\n') && line.indexOf('\n') === line.length - 1)).toBe(true);
    expect(records()).toEqual([
      { level: 'debug', logger: 'cloudron', message: 'd', n: 1 },
      { level: 'info', logger: 'cloudron', message: 'i' },
      { level: 'warn', logger: 'cloudron', message: 'w', tool: 'list_apps' },
      { level: 'error', logger: 'cloudron', message: 'e', nested: { ok: true } },
    ]);
  });

  it('keeps a message with line breaks on one line', () => {
    const { lines, logger } = capture();
    logger.info('two\nlines');
    expect(lines).toEqual(['{"level":"info","logger":"cloudron","message":"two\\nlines"}\n']);
  });

  it('drops entries below its level; silent drops everything', () => {
    const warn = capture('warn');
    warn.logger.debug('no');
    warn.logger.info('no');
    warn.logger.warn('yes');
    warn.logger.error('yes');
    expect(warn.records().map((record) => record.level)).toEqual(['warn', 'error']);
    const silent = capture('silent');
    silent.logger.error('no');
    expect(silent.lines).toEqual([]);
  });

  it('defaults to info', () => {
    const { logger, lines } = capture();
    logger.debug('no');
    logger.info('yes');
    expect(lines).toHaveLength(1);
  });

  it('masks secrets, raw and URL-encoded, in messages and fields', () => {
    redactor.add('log-secret/value');
    const { lines, logger } = capture();
    logger.info('token log-secret/value', { url: `https://x/?t=${encodeURIComponent('log-secret/value')}`, token: 'log-secret/value' });
    expect(lines[0]).not.toContain('log-secret');
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      level: 'info',
      logger: 'cloudron',
      message: 'token [REDACTED]',
      url: 'https://x/?t=[REDACTED]',
      token: '[REDACTED]',
    });
  });

  it('masks a secret with quotes or backslashes, which JSON escapes', () => {
    redactor.add('quote"back\\slash');
    const { lines, logger } = capture();
    logger.warn('failed', { password: 'quote"back\\slash' });
    expect(lines[0]).not.toContain('back');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ password: '[REDACTED]' });
  });

  it('writes to stderr by default', () => {
    const logger = createLogger('x', 'silent');
    expect(() => logger.error('nothing written')).not.toThrow();
  });
});

describe('parseLogLevel', () => {
  it('reads the known levels', () => {
    for (const level of ['debug', 'info', 'warn', 'error', 'silent']) expect(parseLogLevel(level)).toBe(level);
    expect(parseLogLevel(undefined)).toBe('info');
  });
});
