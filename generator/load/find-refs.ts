import { joinPointer } from '../issues.js';

export interface RefSite {
  /** JSON pointer of the object holding the `$ref`. */
  readonly pointer: string;
  readonly ref: string;
}

/** Every `$ref` string in a parsed document, with where it sits. */
export function findRefs(node: unknown, pointer = '', found: RefSite[] = []): RefSite[] {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      findRefs(item, joinPointer(pointer, index), found);
    });
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push({ pointer, ref: value });
      else if (typeof value === 'object') findRefs(value, joinPointer(pointer, key), found);
    }
  }
  return found;
}

export function isRemoteRef(ref: string): boolean {
  return /^(https?:)?\/\//i.test(ref);
}
