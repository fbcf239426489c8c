import type { Logger } from './log.js';
import { DRIFT_LOG_MESSAGE, type Mismatch, describeMismatches, fitToSchema, jsonTypeOf, pointerPattern } from './output-fit.js';
import { redactor } from './redact.js';
import { isNonJsonText, mediaTypeOf, type ToolResult, textError } from './results.js';
import type { ApiResponse, ToolDefinition } from './types.js';
import type { SchemaValidator } from './validate.js';

export type OutputValidation = 'off' | 'strict' | 'tolerant';

/** Distinct drift lines one server logs at most (then one line saying so): drift must not flood the log. */
export const MAX_DRIFT_REPORTS = 1000;

/** Holds a tool's results to its output schema, and logs where the API drifts from it. */
export class OutputCheck {
  private readonly driftReported = new Set<string>();

  constructor(
    private readonly validator: SchemaValidator,
    private readonly mode: OutputValidation = 'tolerant',
    private readonly logger?: Logger,
  ) {}

  /**
   * Tolerant (default): structured content keeps only what conforms to the output schema, so no
   * client refuses it; the full body stays in the text with a note, and each kind of drift is
   * logged once per tool and pointer. Strict: any drift is an error naming pointer and type.
   */
  check(name: string, tool: ToolDefinition, result: ToolResult, response: ApiResponse): ToolResult {
    if (this.mode === 'off' || !tool.outputSchema) return result;
    const schema = tool.outputSchema;
    // An error result need not carry structured content; one that does must still conform.
    if (result.isError && !result.structuredContent) return result;
    const { mismatches, structured } = fitToSchema(
      result.structuredContent,
      (value) => this.validator.errors(`out:${tool.name}`, schema, value),
      describeBody(response.data, response.contentType),
    );
    if (mismatches.length === 0) return result;
    const summary = describeMismatches(mismatches);
    if (this.mode === 'tolerant') this.reportDrift(name, mismatches);
    if (this.mode === 'strict' || !structured) {
      const problem = this.mode === 'strict' ? 'does not match its output schema' : 'cannot be given as structured content';
      const error = textError(`The API's response for ${name} ${problem}: ${summary}.`);
      error.content.push(...result.content);
      return error;
    }
    const note = `Note: the API's response does not match this tool's output schema (${summary}); structured content leaves those parts out, the text below has the full response.`;
    return { ...result, content: [{ type: 'text', text: redactor.redact(note) }, ...result.content], structuredContent: structured };
  }

  /**
   * Clients check the structured content of error results too: our error fields stay where the
   * tool's output schema allows them (always, for generated schemas; a spec's own top-level
   * `error` property of another type would not), else the text alone carries them.
   */
  conformingError(tool: ToolDefinition, result: ToolResult): ToolResult {
    const schema = tool.outputSchema;
    if (!schema || !result.structuredContent || this.mode === 'off') return result;
    if (this.validator.errors(`out:${tool.name}`, schema, result.structuredContent).length === 0) return result;
    const { structuredContent: _refused, ...withoutFields } = result;
    return withoutFields;
  }

  /** One warn line per tool, pointer (array indices as `*`) and kind of mismatch. */
  private reportDrift(name: string, mismatches: readonly Mismatch[]): void {
    for (const mismatch of mismatches) {
      const key = `${name}|${pointerPattern(mismatch.pointer)}|${mismatch.kind}`;
      if (this.driftReported.has(key) || this.driftReported.size > MAX_DRIFT_REPORTS) continue;
      this.driftReported.add(key);
      if (this.driftReported.size > MAX_DRIFT_REPORTS) {
        this.logger?.warn(`more drift than the ${MAX_DRIFT_REPORTS} lines logged; the rest is not logged`);
        continue;
      }
      this.logger?.warn(DRIFT_LOG_MESSAGE, { tool: name, ...mismatch });
    }
  }
}

/** What a body that is not a JSON object is, as a drift note names it. */
function describeBody(data: unknown, contentType: string): string {
  if (data === undefined) return 'an empty body';
  const mimeType = mediaTypeOf(contentType) ?? 'untyped';
  if (Buffer.isBuffer(data)) return `binary ${mimeType}`;
  if (isNonJsonText(data, contentType)) return `${mimeType} text`;
  return jsonTypeOf(data);
}
