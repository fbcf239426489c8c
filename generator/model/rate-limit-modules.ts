import type { IssueList } from '../issues.js';
import { globMatches } from './annotations.js';
import type { RateLimitModuleExtension } from './extensions.js';
import type { ApiModel, ToolModel } from './types.js';

/**
 * Puts each tool in the first rate-limit module (x-mcp rateLimit.modules) whose path globs
 * ("/path/**" or "METHOD /path/*", as in x-mcp annotations) or tags match it; tools in no module
 * take from the API's default limit. Resolved here, so the runtime only looks a name up.
 */
export function assignRateLimitModules(
  tools: readonly ToolModel[],
  modules: readonly RateLimitModuleExtension[],
  issues: IssueList,
): { readonly tools: ToolModel[]; readonly modules: ApiModel['rateLimitModules'] } {
  if (modules.length === 0) return { modules: undefined, tools: [...tools] };
  const used = new Set<string>();
  const assigned = tools.map((tool) => {
    const module = modules.find(
      (candidate) =>
        candidate.paths.some((glob) => globMatches(glob, tool.method, tool.path)) || candidate.tags.some((tag) => tool.tags.includes(tag)),
    );
    if (!module) return tool;
    used.add(module.name);
    return { ...tool, rateLimitModule: module.name };
  });
  for (const module of modules) {
    if (!used.has(module.name)) {
      issues.warn(
        'unused-rate-limit-module',
        module.pointer,
        `rate-limit module "${module.name}" matches no tool: check its paths and tags`,
      );
    }
  }
  const limits = Object.fromEntries(modules.map((module) => [module.name, { perSeconds: module.perSeconds, requests: module.requests }]));
  return { modules: limits, tools: assigned };
}
