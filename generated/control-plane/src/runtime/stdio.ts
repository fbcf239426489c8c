// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * MCP over stdio (newline-delimited JSON-RPC), with the MCP SDK loaded only once a message
 * needs it.
 *
 * A client starts a server and asks for `initialize`, then `tools/list`: everything it needs to
 * answer those is the tool runtime, which is plain data and our own code. The SDK (zod schemas,
 * Ajv, the protocol machinery) is about two thirds of a server's start-up, so `serveStdio`
 * answers the handshake, `ping` and `tools/list` itself and loads the SDK server on the first
 * other message. It then hands the server everything in arrival order, the client's
 * `initialize` first (under an id of ours, its answer dropped) so that the server knows the
 * client's capabilities as if it had answered the handshake itself. From then on every message
 * goes to the SDK server.
 *
 * The line transport below is what lets this answer before the SDK is loaded (tools/list in
 * about half the time of the SDK's StdioServerTransport: ARCHITECTURE.md, bench/shortcuts.ts);
 * it parses each line with JSON.parse alone, as the SDK server checks what it gets.
 *
 * Only types are imported from the SDK here.
 */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { messageOf } from './errors.js';
import { isPlainObject } from './validate.js';

/** The protocol versions the SDK's server accepts, newest first (its SUPPORTED_PROTOCOL_VERSIONS; stdio.test.ts keeps them equal). */
export const PROTOCOL_VERSIONS: readonly string[] = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05', '2024-10-07'];

/** What every server here declares: tools, and a list that never changes while it runs. */
export const SERVER_CAPABILITIES = { tools: { listChanged: false } } as const;

export interface ServerInfo {
  readonly name: string;
  readonly title?: string;
  readonly version: string;
}

/** What answers the handshake and tools/list before the SDK server is there. */
export interface Handshake {
  readonly serverInfo: ServerInfo;
  listTools(): readonly object[];
}

/** Loads the SDK server and connects it to the transport given. */
export type ConnectServer = (transport: Transport) => Promise<void>;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;
const NEWLINE = 0x0a;

type Message = Record<string, unknown>;

/** Newline-delimited JSON-RPC over a pair of streams (default: this process's stdin and stdout). */
export class StdioTransport implements Transport {
  onmessage?: ((message: JSONRPCMessage) => void) | undefined;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;

  private pending: Buffer | undefined;
  private readonly draining = new Set<() => void>();
  private started = false;
  private closed = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
  ) {}

  async start(): Promise<void> {
    if (this.started) throw new Error('StdioTransport already started');
    this.started = true;
    this.input.on('data', this.onData);
    this.input.on('error', this.onStreamError);
    this.input.on('end', this.onEnd);
    // A client that goes away leaves a broken pipe: that ends the session, it is not a crash.
    this.output.on('error', this.onStreamError);
  }

  send(message: JSONRPCMessage | Message): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      if (this.output.write(`${JSON.stringify(message)}\n`)) return resolve();
      // a full pipe: wait for it to drain, or for the session to end (a client gone never drains it)
      const done = () => {
        this.output.off('drain', done);
        this.draining.delete(done);
        resolve();
      };
      this.draining.add(done);
      this.output.once('drain', done);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onStreamError);
    this.input.off('end', this.onEnd);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.pending = undefined;
    for (const done of [...this.draining]) done();
    this.onclose?.();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.pending = this.pending ? Buffer.concat([this.pending, bytes]) : bytes;
    let newline: number;
    while (this.pending && (newline = this.pending.indexOf(NEWLINE)) >= 0) {
      const line = this.pending.toString('utf8', 0, newline).replace(/\r$/, '');
      this.pending = newline + 1 < this.pending.length ? this.pending.subarray(newline + 1) : undefined;
      if (line.trim() !== '') this.receive(line);
    }
  };

  private receive(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      void this.send({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: 'Parse error: a line that is not JSON' } });
      return;
    }
    if (isJsonRpcObject(message)) return this.onmessage?.(message as JSONRPCMessage);
    const id = isPlainObject(message) && isRequestId(message.id) ? message.id : null;
    void this.send({ jsonrpc: '2.0', id, error: { code: INVALID_REQUEST, message: 'Invalid Request: not a JSON-RPC 2.0 message' } });
  }

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
    void this.close();
  };

  private readonly onEnd = (): void => {
    void this.close();
  };
}

/** The client's initialize is replayed to the SDK server under this id; the answer goes nowhere. */
const REPLAYED_INITIALIZE = 'mcpgen:replayed-initialize';

/**
 * The transport the SDK server connects to once it is loaded. Until then it answers what it can
 * and keeps the rest; `connect` is called at the first message it keeps.
 */
export class DeferredServerTransport implements Transport {
  onmessage?: ((message: JSONRPCMessage) => void) | undefined;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;

  private state: 'early' | 'loading' | 'attached' | 'failed' = 'early';
  private initialize: Message | undefined;
  private initialized: Message | undefined;
  private readonly kept: Message[] = [];
  private failure = '';

  constructor(
    private readonly stdio: StdioTransport,
    private readonly handshake: Handshake,
    private readonly connect: ConnectServer,
  ) {
    stdio.onmessage = (message) => this.receive(message as unknown as Message);
    stdio.onclose = () => this.onclose?.();
    stdio.onerror = (error) => this.onerror?.(error);
  }

  /** Whether the SDK server is connected (for tests). */
  get attached(): boolean {
    return this.state === 'attached';
  }

  open(): Promise<void> {
    return this.stdio.start();
  }

  /** Called by the SDK server's connect: it now gets what was kept for it, in order. */
  async start(): Promise<void> {
    this.state = 'attached';
    const replay = [
      ...(this.initialize ? [{ ...this.initialize, id: REPLAYED_INITIALIZE }] : []),
      ...(this.initialized ? [this.initialized] : []),
      ...this.kept.splice(0),
    ];
    for (const message of replay) this.onmessage?.(message as JSONRPCMessage);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if ('id' in message && message.id === REPLAYED_INITIALIZE) return;
    await this.stdio.send(message);
  }

  close(): Promise<void> {
    return this.stdio.close();
  }

  private receive(message: Message): void {
    if (this.state === 'attached') return this.onmessage?.(message as JSONRPCMessage);
    if (this.state === 'failed') return this.refuse(message);
    if (this.state === 'early' && this.answerEarly(message)) return;
    this.kept.push(message);
    if (this.state === 'early') this.load();
  }

  /** Answers the handshake, ping and tools/list while nothing else has needed the SDK server. */
  private answerEarly(message: Message): boolean {
    const { id, method } = message;
    const params = message.params === undefined ? {} : message.params;
    if (!isPlainObject(params)) return false;
    if (method === 'notifications/initialized' && id === undefined) {
      this.initialized = message;
      return true;
    }
    if (!isRequestId(id)) return false;
    if (method === 'initialize' && this.initialize === undefined && isInitializeParams(params)) {
      this.initialize = message;
      const requested = params.protocolVersion;
      return this.answer(id, {
        protocolVersion: PROTOCOL_VERSIONS.includes(requested) ? requested : PROTOCOL_VERSIONS[0],
        capabilities: SERVER_CAPABILITIES,
        serverInfo: this.handshake.serverInfo,
      });
    }
    if (method === 'ping') return this.answer(id, {});
    if (method === 'tools/list' && (params.cursor === undefined || typeof params.cursor === 'string'))
      return this.answer(id, { tools: this.handshake.listTools() });
    return false;
  }

  private answer(id: RequestId, result: object): true {
    void this.stdio.send({ jsonrpc: '2.0', id, result });
    return true;
  }

  private load(): void {
    this.state = 'loading';
    this.connect(this).catch((error: unknown) => {
      this.state = 'failed';
      this.failure = `the MCP server could not start: ${messageOf(error)}`;
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      for (const message of this.kept.splice(0)) this.refuse(message);
    });
  }

  /** Answers a request with why nothing can serve it; notifications and responses are dropped. */
  private refuse(message: Message): void {
    if (!isRequestId(message.id) || typeof message.method !== 'string') return;
    void this.stdio.send({ jsonrpc: '2.0', id: message.id, error: { code: INTERNAL_ERROR, message: this.failure } });
  }
}

/** Serves over stdin/stdout until the client disconnects; the SDK server is connected when first needed. */
export async function serveStdio(handshake: Handshake, connect: ConnectServer, onError?: (error: Error) => void): Promise<void> {
  const transport = new DeferredServerTransport(new StdioTransport(), handshake, connect);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  if (onError) transport.onerror = onError;
  await transport.open();
  await closed;
}

/** An object that says it is JSON-RPC 2.0; what else a message needs is checked by its reader (here the SDK server). */
export function isJsonRpcObject(value: unknown): value is Message {
  return isPlainObject(value) && value.jsonrpc === '2.0';
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
}

function isInitializeParams(params: Message): params is Message & { protocolVersion: string } {
  const client = params.clientInfo;
  return (
    typeof params.protocolVersion === 'string' &&
    isPlainObject(params.capabilities) &&
    isPlainObject(client) &&
    typeof client.name === 'string' &&
    typeof client.version === 'string'
  );
}
