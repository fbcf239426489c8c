/** Where the CLI writes; tests pass a recorder instead of the process streams. */
export interface Output {
  err(text: string): void;
  out(text: string): void;
}

export const processOutput: Output = {
  err: (text) => process.stderr.write(text),
  out: (text) => process.stdout.write(text),
};
