/** Resolves at the first SIGINT or SIGTERM, or when `stop` aborts (as tests do): how a long-running command ends. */
export function untilInterrupted(stop?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    stop?.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
