import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiModel } from '../model/types.js';
import { runtimeHeader } from './header.js';
import { packageRoot } from './paths.js';

let cache: { name: string; text: string }[] | undefined;

/** templates/runtime/*.ts (tests excluded), by file name, sorted: the runtime every package gets. */
export function runtimeTemplates(): readonly { readonly name: string; readonly text: string }[] {
  cache ??= readdirSync(path.join(packageRoot(), 'templates', 'runtime'))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(packageRoot(), 'templates', 'runtime', name), 'utf8') }));
  return cache;
}

/** templates/runtime/*.ts (tests excluded), copied into each package's src/runtime/ under runtimeHeader. */
export function runtimeFiles(model: ApiModel): Record<string, string> {
  const header = runtimeHeader(model.source);
  return Object.fromEntries(runtimeTemplates().map(({ name, text }) => [`src/runtime/${name}`, header + text]));
}
