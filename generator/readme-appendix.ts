import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SpecValidationError } from './errors.js';
import { type Issue, issuesSummary, joinPointer } from './issues.js';
import { checkFileAccess, type FileAccess, refusalMessage } from './load/file-access.js';
import type { ApiModel } from './model/types.js';

/** The README appendix files named by x-mcp readme, relative to the spec's folder and inside `access`. */
export function readAppendix(model: ApiModel, access: FileAccess): string[] {
  const refuse = (index: number, code: string, message: string): never => {
    const issue: Issue = { code, file: model.source.file, message, pointer: joinPointer('/x-mcp/readme', index), severity: 'error' };
    throw new SpecValidationError(issuesSummary([issue], message), [issue]);
  };
  return model.readmeAppendix.map((file, index) => {
    const { real, refused } = checkFileAccess(access, path.resolve(access.specFolder, file));
    if (refused) return refuse(index, 'file-outside-spec-folder', refusalMessage(`README appendix ${file}`, real));
    try {
      return readFileSync(real, 'utf8');
    } catch {
      return refuse(index, 'missing-readme-file', `README appendix ${file} not found`);
    }
  });
}
