/** Where the CLI writes; tests pass a recorder instead of the process streams. */
export interface Output {
  err(text: string): void;
  out(text: string): void;
}

export const processOutput: Output = {
  err: (text) => process.stderr.write(text),
  out: (text) => process.stdout.write(text),
};

/** A folder as the CLI names it: relative to the working directory when inside it. */
export function shownFolder(folder: string): string {
  const cwd = process.cwd();
  return folder.startsWith(cwd) ? folder.slice(cwd.length + 1) : folder;
}
