import type { Issue } from '../issues.js';
import { defaultAnnotations } from '../model/annotations.js';
import type { ApiModel, ToolModel } from '../model/types.js';
import { lintPatterns } from './patterns.js';

const READ_WORDS = /^(get|list|fetch|show|search|find|query|read|check|count|describe|lookup|view)\b/i;
const DESTRUCTIVE_WORDS = /\b(delete|remove|destroy|purge|reset|wipe|erase|drop|terminate|revoke|uninstall)\b/i;

/**
 * Rules that catch specs which would make misleading tools. They read the model, so they
 * see names, titles and annotations exactly as a client will.
 */
export function lintModel(model: ApiModel): Issue[] {
  const issues: Issue[] = [];
  const warn = (tool: ToolModel, code: string, message: string) =>
    issues.push({ code, file: model.source.file, message: `${tool.name}: ${message}`, pointer: tool.pointer, severity: 'warning' });

  for (const tool of model.tools) {
    const words = `${tool.title} ${tool.operationId ?? ''}`.trim();
    const overridden = JSON.stringify(tool.annotations) !== JSON.stringify(defaultAnnotations(tool.method));
    if (tool.method === 'POST' && !tool.annotations.readOnlyHint && READ_WORDS.test(tool.title) && !overridden) {
      warn(
        tool,
        'post-looks-read-only',
        `POST titled "${tool.title}" looks read-only; if it changes nothing, add x-mcp: { annotations: { readOnlyHint: true } }`,
      );
    }
    if ((tool.method === 'GET' || tool.method === 'HEAD') && DESTRUCTIVE_WORDS.test(words)) {
      warn(
        tool,
        'get-looks-destructive',
        `${tool.method} "${words}" sounds destructive, yet ${tool.method} is read-only by definition; check the method or set x-mcp annotations`,
      );
    }
    if (tool.method === 'POST' && DESTRUCTIVE_WORDS.test(words) && !tool.annotations.destructiveHint && !overridden) {
      warn(
        tool,
        'post-looks-destructive',
        `POST "${words}" sounds destructive; add x-mcp: { annotations: { destructiveHint: true } } so clients ask first`,
      );
    }
    if (tool.description === tool.title || tool.description.length < 20) {
      warn(
        tool,
        'thin-description',
        'description says little beyond the title; tell the model what it does, when to use it and what it returns',
      );
    }
    if (!tool.operationId)
      warn(
        tool,
        'missing-operation-id',
        `no operationId: the tool name "${tool.name}" comes from the method and path and changes if the path does`,
      );
  }
  lintPatterns(model, warn);
  return issues;
}
