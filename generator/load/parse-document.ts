import yaml from 'js-yaml';
import { SpecLoadError } from '../errors.js';
import { checkDocumentBounds } from './document-bounds.js';

/**
 * Parses JSON or YAML text; a syntax error names the file, line and column, and a document
 * built to hurt the walks after this one (too deep, an alias bomb) is refused by name.
 */
export function parseDocument(text: string, file: string): unknown {
  const json = /\.json$/i.test(file) || /^\s*[{[]/.test(text);
  const document = parseText(text, file, json);
  checkDocumentBounds(document, file, { mayShareNodes: !json && YAML_ANCHOR.test(text) });
  return document;
}

/** Where a YAML anchor (`&name`) may stand; only a document with one can share nodes through aliases. */
const YAML_ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/m;

function parseText(text: string, file: string, json: boolean): unknown {
  try {
    if (json) return JSON.parse(text);
    return yaml.load(text, { filename: file, schema: yaml.JSON_SCHEMA });
  } catch (error) {
    const reason = describeSyntaxError(error, text);
    throw new SpecLoadError(`${file}: ${json ? 'invalid JSON' : 'invalid YAML'}: ${reason}`, [
      { code: json ? 'invalid-json' : 'invalid-yaml', file, message: reason, pointer: '', severity: 'error' },
    ]);
  }
}

function describeSyntaxError(error: unknown, text: string): string {
  if (error instanceof yaml.YAMLException) {
    const mark = error.mark;
    return `${error.reason} (line ${mark.line + 1}, column ${mark.column + 1})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (position?.[1]) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `${message.replace(/ in JSON at position \d+.*$/, '')} (line ${line}, column ${column})`;
  }
  return message;
}
