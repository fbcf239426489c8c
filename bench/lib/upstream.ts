import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  readonly url: string;
  /** Requests received per path (query string dropped). */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * The stand-in API every server under test calls: a node:http server on 127.0.0.1 that answers
 * every request 200 with a small JSON body, the body chosen by path suffix (so each server's
 * output validation sees a conforming response), `{}` otherwise.
 */
export async function startUpstream(bodies: Readonly<Record<string, unknown>>): Promise<Upstream> {
  const hits = new Map<string, number>();
  const encoded = Object.entries(bodies).map(([suffix, body]) => [suffix, Buffer.from(JSON.stringify(body))] as const);
  const empty = Buffer.from('{}');
  const server = createServer((request, response) => {
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    request.resume();
    request.on('end', () => {
      const body = encoded.find(([suffix]) => pathname.endsWith(suffix))?.[1] ?? empty;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
