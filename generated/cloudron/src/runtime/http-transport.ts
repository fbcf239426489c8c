// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * Stateless Streamable HTTP as one SDK transport: every POST /mcp is delivered to the same
 * long-lived `Server`, so a request costs a few small objects instead of a server, a transport
 * and the web Request/Response/stream objects the SDK's own transport builds per POST. Under
 * load those per-request graphs outlived young-generation collections and made the heap climb.
 *
 * Callers pick their own JSON-RPC ids, so two POSTs may both send id 1: each request is given
 * an id of ours on the way in and its own back on the way out.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import { isJsonRpcObject } from './stdio.js';

/** More messages than this in one POST is refused. */
export const MAX_BATCH_MESSAGES = 100;

interface Exchange {
  readonly response: ServerResponse;
  /** Server-sent events (progress can stream) or one JSON body at the end. */
  readonly stream: boolean;
  readonly batch: boolean;
  /** Our ids of the requests still unanswered. */
  readonly open: Set<number>;
  readonly answers: JSONRPCMessage[];
  done: boolean;
}

interface PendingRequest {
  readonly exchange: Exchange;
  readonly callerId: RequestId;
}

type JsonRpcRequest = { jsonrpc: '2.0'; id: RequestId; method: string; params?: { _meta?: { progressToken?: unknown } } };

export class StatelessHttpTransport implements Transport {
  onmessage?: (<T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void) | undefined;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;

  private lastId = 0;
  private readonly pending = new Map<number, PendingRequest>();
  private closed = false;

  async start(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const { exchange } of this.pending.values()) {
      if (!exchange.done) finish(exchange, 503, rpcErrorBody(-32000, 'the server is shutting down'));
    }
    this.pending.clear();
    this.onclose?.();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if ('id' in message && ('result' in message || 'error' in message)) {
      const pending = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
      if (!pending) return; // its caller hung up
      this.pending.delete(message.id as number);
      const { exchange } = pending;
      exchange.open.delete(message.id as number);
      const answer = { ...message, id: pending.callerId } as JSONRPCMessage;
      if (exchange.stream) writeEvent(exchange, answer);
      else exchange.answers.push(answer);
      // A stream has written its answers already (and finish only ends it).
      if (exchange.open.size === 0) finish(exchange, 200, exchange.batch ? exchange.answers : exchange.answers[0]);
      return;
    }
    // Notifications (progress) reach the caller only on a stream, and only while its request runs.
    const related = options?.relatedRequestId;
    const exchange = typeof related === 'number' ? this.pending.get(related)?.exchange : undefined;
    if (exchange?.stream && !exchange.done) writeEvent(exchange, message);
  }

  /**
   * Delivers one POST whose body is already parsed; its answer is written to `response` when the
   * server sends it. The caller's disconnect cancels whatever it asked for.
   */
  handle(request: IncomingMessage, response: ServerResponse, body: unknown, authInfo: MessageExtraInfo['authInfo']): void {
    const refusal = refuse(request, body);
    if (refusal) {
      response
        .writeHead(refusal.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(rpcErrorBody(refusal.code, refusal.message)));
      return;
    }
    const messages = (Array.isArray(body) ? body : [body]) as JSONRPCMessage[];
    const extra: MessageExtraInfo = { authInfo, requestInfo: { headers: request.headers } };
    const requests = (messages as unknown[]).filter(isRequest);
    if (requests.length === 0) {
      for (const message of messages) this.onmessage?.(message, extra);
      response.writeHead(202).end();
      return;
    }
    const exchange: Exchange = {
      response,
      stream: requests.some((message) => message.params?._meta?.progressToken !== undefined),
      batch: Array.isArray(body),
      open: new Set(),
      answers: [],
      done: false,
    };
    response.on('close', () => {
      for (const id of exchange.open) {
        this.pending.delete(id);
        this.onmessage?.(
          { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'the HTTP client disconnected' } },
          extra,
        );
      }
      exchange.open.clear();
      exchange.done = true;
    });
    if (exchange.stream) {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
    }
    for (const message of messages) {
      if (!isRequest(message)) {
        this.onmessage?.(message, extra);
        continue;
      }
      this.lastId = this.lastId >= Number.MAX_SAFE_INTEGER ? 1 : this.lastId + 1;
      const id = this.lastId;
      this.pending.set(id, { exchange, callerId: message.id });
      exchange.open.add(id);
      this.onmessage?.({ ...message, id }, extra);
    }
  }
}

function isRequest(message: unknown): message is JsonRpcRequest {
  return typeof (message as { method?: unknown }).method === 'string' && (message as { id?: unknown }).id !== undefined;
}

/** The checks the SDK's own transport makes, with its status codes. */
function refuse(request: IncomingMessage, body: unknown): { status: number; code: number; message: string } | undefined {
  const accept = request.headers.accept ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
    return { status: 406, code: -32000, message: 'Not Acceptable: the client must accept both application/json and text/event-stream' };
  }
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    return { status: 415, code: -32000, message: 'Unsupported Media Type: Content-Type must be application/json' };
  }
  const version = request.headers['mcp-protocol-version'];
  if (typeof version === 'string' && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    return {
      status: 400,
      code: -32000,
      message: `Bad Request: unsupported protocol version ${version} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
    };
  }
  const messages = Array.isArray(body) ? body : [body];
  if (messages.length === 0 || messages.length > MAX_BATCH_MESSAGES) {
    return { status: 400, code: -32600, message: `Invalid Request: send 1 to ${MAX_BATCH_MESSAGES} JSON-RPC messages` };
  }
  const invalid = messages.findIndex((message) => !isMessage(message));
  if (invalid >= 0) {
    const where = Array.isArray(body) ? ` (message ${invalid})` : '';
    // -32700 with 400, as the SDK's transport answers (JSON-RPC itself would say -32600).
    return { status: 400, code: -32700, message: `Parse error: not a JSON-RPC 2.0 message${where}` };
  }
  if (messages.length > 1 && messages.some((message) => (message as { method?: unknown }).method === 'initialize')) {
    return { status: 400, code: -32600, message: 'Invalid Request: initialize must be sent alone' };
  }
  return undefined;
}

function isMessage(message: unknown): boolean {
  if (!isJsonRpcObject(message)) return false;
  const id = message.id;
  const idValid = id === undefined || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
  if (typeof message.method === 'string') {
    const params = message.params;
    return idValid && (params === undefined || (typeof params === 'object' && params !== null));
  }
  // A response (to a request of ours); stateless callers have none to answer, but it is valid.
  return idValid && id !== undefined && ('result' in message || 'error' in message);
}

function writeEvent(exchange: Exchange, message: JSONRPCMessage): void {
  exchange.response.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
}

/** A JSON-RPC error that answers no request in particular (a refused POST). */
export function rpcErrorBody(code: number, message: string): object {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

function finish(exchange: Exchange, status: number, body: unknown): void {
  exchange.done = true;
  if (exchange.response.headersSent) exchange.response.end();
  else exchange.response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
