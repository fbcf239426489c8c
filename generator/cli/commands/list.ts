import { dynamicListSize, listedTool, modelListSize } from '../../emit/list-size.js';
import { loadSpec } from '../../load/index.js';
import { buildModel } from '../../model/index.js';
import type { ToolModel } from '../../model/types.js';
import type { Output } from '../output.js';

/** A table of the tools a spec makes, with what each costs in tools/list. */
export async function runList(output: Output, spec: string, flags: { json?: boolean }): Promise<void> {
  const { model } = buildModel(await loadSpec(spec));
  const rows = model.tools.map((tool) => ({
    annotations: hints(tool.annotations),
    bytes: Buffer.byteLength(JSON.stringify(listedTool(tool))),
    method: tool.method,
    name: tool.name,
    path: tool.path,
    scope: tool.scope,
  }));
  const total = modelListSize(model);
  const dynamic = dynamicListSize(model);
  if (flags.json) {
    output.out(`${JSON.stringify({ api: model.name, tools: rows, toolsList: total, dynamicToolsList: dynamic }, null, 2)}\n`);
    return;
  }
  const header = { annotations: 'HINTS', bytes: 'BYTES', method: 'METHOD', name: 'TOOL', path: 'PATH', scope: 'SCOPE' };
  const columns = ['name', 'method', 'path', 'annotations', 'scope', 'bytes'] as const;
  const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => String(row[column]).length)));
  const line = (row: Record<(typeof columns)[number], string | number>) =>
    columns
      .map((column, index) => String(row[column]).padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  output.out(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  output.out(
    `\n${model.name}: ${rows.length} tools; tools/list ${total.bytes} bytes (~${total.tokens} tokens); ` +
      `in dynamic mode (--tools dynamic) ${dynamic.bytes} bytes (~${dynamic.tokens} tokens). Hints: R read-only, D destructive, I idempotent, O open-world.\n`,
  );
}

function hints({ readOnlyHint, destructiveHint, idempotentHint, openWorldHint }: ToolModel['annotations']): string {
  return [readOnlyHint && 'R', destructiveHint && 'D', idempotentHint && 'I', openWorldHint && 'O'].map((hint) => hint || '-').join('');
}
