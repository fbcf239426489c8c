// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/mcpbox.yaml). Do not edit:
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

/** One position of a glob: a wildcard or a (lower-cased) character. */
type Step = '*' | '**' | '?' | { readonly char: string };

export function globMatcher(glob: string): (text: string) => boolean {
  const steps = stepsOf(glob.trim().toLowerCase());
  return (text) => {
    let active = closed(steps, [0]);
    for (const char of text.toLowerCase()) {
      const next: number[] = [];
      for (const index of active) {
        const step = steps[index];
        if (step === undefined) continue;
        if (step === '**' || (step === '*' && char !== '/')) next.push(index);
        else if (step === '?' ? char !== '/' : typeof step === 'object' && step.char === char) next.push(index + 1);
      }
      if (next.length === 0) return false;
      active = closed(steps, next);
    }
    return active.includes(steps.length);
  };
}

/** Whether any of the globs matches the text. */
export function matchesAnyGlob(globs: readonly string[], text: string): boolean {
  return globs.some((glob) => globMatcher(glob)(text));
}

function stepsOf(glob: string): Step[] {
  const steps: Step[] = [];
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob.charAt(index);
    if (char === '*' && glob.charAt(index + 1) === '*') {
      index += 1;
      // `***` and more mean what `**` does.
      while (glob.charAt(index + 1) === '*') index += 1;
      steps.push('**');
    } else if (char === '*' || char === '?') {
      steps.push(char);
    } else {
      steps.push({ char });
    }
  }
  return steps;
}

/** The positions reached, each once, with every star that may match nothing stepped over. */
function closed(steps: readonly Step[], positions: readonly number[]): number[] {
  const reached = new Set<number>();
  for (let position of positions) {
    while (!reached.has(position)) {
      reached.add(position);
      const step = steps[position];
      if (step !== '*' && step !== '**') break;
      position += 1;
    }
  }
  return [...reached];
}
