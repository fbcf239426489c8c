// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * The one meaning of a glob, wherever mcpgen matches names: tool names, operationIds and tags
 * (`--include`, `x-mcp include`, `<PREFIX>_CONFIRM_SKIP`, the `x-<prefix>-confirm` header) and
 * paths (`x-mcp annotations`, rate-limit modules). The whole text must match; case is ignored;
 * `*` is any run of characters but `/`, `**` any run at all, `?` one character but `/`.
 *
 * Matched by stepping every possible position in the glob at once (no RegExp): time grows with
 * text length × glob length and never more, so a glob from a request header cannot stall the
 * event loop the way a backtracking RegExp of many stars can.
 */
export function globMatcher(glob: string): (text: string) => boolean {
  // Each step a wildcard (`***` and more mean `**`) or one character.
  const steps = (
    glob
      .trim()
      .toLowerCase()
      .match(/\*\*+|[^]/gu) ?? []
  ).map((step) => (step.startsWith('**') ? '**' : step));
  const star = (index: number) => steps[index] === '*' || steps[index] === '**';
  /** The positions reached, with each star that may match nothing stepped over. */
  const closed = (positions: Iterable<number>) => {
    const reached = new Set<number>();
    for (let position of positions) {
      reached.add(position);
      while (star(position)) reached.add(++position);
    }
    return reached;
  };
  return (text) => {
    let active = closed([0]);
    for (const char of text.toLowerCase()) {
      const next: number[] = [];
      for (const index of active) {
        const step = steps[index];
        if (step === '**' || (step === '*' && char !== '/')) next.push(index);
        else if (step === char || (step === '?' && char !== '/')) next.push(index + 1);
      }
      if (next.length === 0) return false;
      active = closed(next);
    }
    return active.has(steps.length);
  };
}

/** Whether any of the globs matches the text. */
export function matchesAnyGlob(globs: readonly string[], text: string): boolean {
  return globs.some((glob) => globMatcher(glob)(text));
}
