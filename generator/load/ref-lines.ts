import yaml from 'js-yaml';
import { pointerTokens, readTokens } from '../../templates/runtime/json-pointer.js';
import { isObject } from '../json.js';
import { findRefs, type RefSite } from './find-refs.js';

export interface LocatedRefSite extends RefSite {
  /** 1-based line of the `$ref` key; undefined if the text could not be re-read. */
  readonly line: number | undefined;
}

/**
 * Every `$ref` in a file's text with the line it stands on, for error messages. js-yaml (which
 * also reads JSON) reports each node as it opens and closes; the line of a `$ref` key is kept
 * per nesting depth and given to the mapping holding it when that mapping closes. Only run when
 * something is already wrong, so the second parse costs nothing on the normal path. `known` are
 * the sites already found, returned without lines should this parse fail.
 */
export function locateRefs(text: string, known: readonly RefSite[]): LocatedRefSite[] {
  const withoutLines = () => known.map((site) => ({ ...site, line: undefined }));
  // keyed by the mapping holding each `$ref`, found again by the site's pointer
  const lineOf = new Map<unknown, number>();
  const openLines: number[] = [];
  const refKeyLines: number[] = [];
  let document: unknown;
  try {
    document = yaml.load(text, {
      schema: yaml.JSON_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          openLines.push(state.line);
          return;
        }
        const line = openLines.pop() ?? 0;
        const depth = openLines.length;
        const result: unknown = state.result;
        if (result === '$ref') refKeyLines[depth] = line + 1;
        else if (isObject(result) && typeof result.$ref === 'string') {
          const keyLine = refKeyLines[depth + 1];
          if (keyLine !== undefined) lineOf.set(result, keyLine);
        }
      },
    });
  } catch {
    return withoutLines();
  }
  const sites = findRefs(document);
  // A text js-yaml reads differently from the parser that found `known`: report them without lines.
  if (sites.length !== known.length) return withoutLines();
  return sites.map((site) => ({ ...site, line: lineOf.get(readTokens(document, pointerTokens(site.pointer))) }));
}
