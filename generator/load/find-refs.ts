import { walkObjects } from '../json.js';

export interface RefSite {
  /** JSON pointer of the object holding the `$ref`. */
  readonly pointer: string;
  readonly ref: string;
}

/** Every `$ref` string in a parsed document, with where it sits. */
export function findRefs(document: unknown): RefSite[] {
  const found: RefSite[] = [];
  walkObjects(document, (object, pointer) => {
    if (typeof object.$ref === 'string') found.push({ pointer, ref: object.$ref });
  });
  return found;
}

export function isRemoteRef(ref: string): boolean {
  return /^(https?:)?\/\//i.test(ref);
}
