import { readFileSync, writeFileSync } from 'node:fs';
const sort = (v) => Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map(k => [k, sort(v[k])])) : v;
for (const f of process.argv.slice(2)) writeFileSync(f + '.sorted', JSON.stringify(sort(JSON.parse(readFileSync(f,'utf8'))), null, 1));
