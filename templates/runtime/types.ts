import type { RateLimit } from './rate-limiter.js';

/**
 * The data every generated package describes itself with. Generated files hold only
 * these plain objects; everything that acts on them lives in this runtime.
 */

/** The tools a server with `statusTools` serves beside the API's (status-tools.ts); an API tool may not take these names. */
export const STATUS_TOOL_NAMES = ['ping', 'credentials_info', 'token_status', 'rate_limit_status'] as const;
export type StatusToolName = (typeof STATUS_TOOL_NAMES)[number];

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';
export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';
export type JsonSchema = { readonly [key: string]: unknown };

/** `style` and `explode` are absent where they are OpenAPI's defaults for `in` (see paramStyle in request.ts). */
export interface ParamDefinition {
  readonly explode?: boolean;
  readonly in: ParamLocation;
  readonly name: string;
  readonly style?: string;
}

export interface SecurityRequirement {
  readonly scheme: string;
  readonly scopes: readonly string[];
}

/** How to send one HTTP operation: the typed client's half of a tool. */
export interface OperationDefinition {
  /** `required` absent: the body may be left out (OpenAPI's default). */
  readonly body?: { readonly mediaType: string; readonly required?: boolean };
  readonly method: HttpMethod;
  readonly operationId: string;
  /** Absent: the operation takes no parameters. */
  readonly params?: readonly ParamDefinition[];
  readonly path: string;
  /** The rate-limit module (x-mcp rateLimit.modules) whose bucket its calls take from; absent: the API's default. */
  readonly rateLimitModule?: string;
  /** Alternatives (any one may be satisfied) of requirement sets (all needed); [] = no auth. */
  readonly security: readonly (readonly SecurityRequirement[])[];
  readonly serverUrl?: string;
  /**
   * Whether sending it twice does what sending it once does, so that a lost or refused attempt
   * may be retried: the tool's `idempotentHint`, given only where it is not the method's own.
   */
  readonly idempotent?: boolean;
}

export interface ToolAnnotations {
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
  readonly readOnlyHint: boolean;
}

/**
 * How a tool's arguments become the operation's request (see arguments.ts). Generated tools
 * print only what differs from the defaults: an argument named as its parameter or property,
 * no parameters, no body.
 */
export interface ArgumentMapping {
  /** `flat`: each property is a top-level argument; `nested`: the whole body is the one `argument`. */
  readonly body?:
    | { readonly layout: 'flat'; readonly properties: readonly BodyPropertyMapping[] }
    | { readonly layout: 'nested'; readonly argument: string };
  readonly params?: readonly ParamMapping[];
}

/** A body property: its name when the argument has the same name, else both. */
export type BodyPropertyMapping = string | { readonly argument: string; readonly name: string };

export interface ParamMapping {
  /** Where the argument lives in the tool's input, e.g. ["query", "id"]; absent: the top-level argument `[name]`. */
  readonly argument?: readonly string[];
  readonly in: ParamLocation;
  readonly name: string;
}

export interface PaginationDefinition {
  readonly cursorParam?: string;
  readonly cursorPath?: string;
  readonly itemsPath?: string;
  readonly nextPath?: string;
  readonly offsetParam?: string;
  readonly pageParam?: string;
  readonly sizeParam?: string;
  readonly style: 'cursor' | 'offset' | 'page';
  readonly totalPath?: string;
}

/** Arguments the runtime reads itself, by their names in this tool's input. */
export interface ToolControls {
  readonly confirm?: string;
  readonly maxItems?: string;
  readonly wait?: string;
}

/** The MCP `Tool` shape a tools/list answer carries. */
export type ListedTool = Pick<ToolDefinition, 'annotations' | 'description' | 'inputSchema' | 'name' | 'outputSchema' | 'title'>;

export interface ToolDefinition {
  readonly annotations: ToolAnnotations;
  /** Absent: the request takes nothing from the arguments. */
  readonly arguments?: ArgumentMapping;
  /** Ask the user before calling it; absent: no. */
  readonly confirm?: boolean;
  readonly controls?: ToolControls;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  /** Words users say for this operation that its text does not hold (`x-mcp.keywords`); searched in dynamic mode. */
  readonly keywords?: readonly string[];
  readonly name: string;
  readonly operation: OperationDefinition;
  readonly output?: { readonly wrap?: 'items' | 'value' };
  readonly outputSchema?: JsonSchema;
  readonly pagination?: PaginationDefinition;
  readonly scope: 'read' | 'write';
  /** Its response names a long-running task (the API's `tasks`); absent: no. */
  readonly startsTask?: boolean;
  readonly tags?: readonly string[];
  readonly title: string;
}

export interface TokenExchangeDefinition {
  readonly contentType: string;
  readonly expiresInPath?: string;
  readonly fields: readonly { readonly env: string; readonly header?: string; readonly name: string; readonly secret: boolean }[];
  /** Where tokens are logged out at shutdown (x-mcp tokenExchange.logout): the access token as bearer, the refresh token in `field`. */
  readonly logout?: { readonly field?: string; readonly method: string; readonly path: string };
  /** How to spend a refresh token (x-mcp tokenExchange.refresh): one JSON field, answered like the login. */
  readonly refresh?: { readonly field: string; readonly method: string; readonly path: string; readonly tokenPath: string };
  readonly method: string;
  readonly path: string;
  readonly refreshBeforeSeconds: number;
  readonly tokenPath: string;
}

export interface SecuritySchemeDefinition {
  readonly env: readonly string[];
  readonly header?: string;
  readonly in?: 'cookie' | 'header' | 'query';
  readonly paramName?: string;
  readonly tokenExchange?: TokenExchangeDefinition;
  readonly tokenUrl?: string;
  readonly type: 'apiKey' | 'basic' | 'bearer' | 'oauth2' | 'tokenExchange' | 'unsupported';
  readonly valuePrefix?: string;
}

export interface TasksDefinition {
  readonly donePath: string;
  readonly doneValues: readonly unknown[];
  readonly errorPath?: string;
  readonly idPath: string;
  readonly messagePath?: string;
  readonly pendingPath?: string;
  readonly pollParam: string;
  readonly pollTool: string;
  readonly progressPath?: string;
  readonly successPath?: string;
}

export interface ServerVariableDefinition {
  readonly default: string;
  readonly enum?: readonly string[];
}

/** Where an enveloped API keeps a tool's payload and its page information (root x-mcp envelope). */
export interface EnvelopeDefinition {
  readonly dataPath: string;
  readonly metadataPath?: string;
}

/** Everything about the API that is not per operation. */
export interface ApiDefinition {
  readonly credentialsBy: readonly string[];
  readonly credentialsFileEnv?: string;
  readonly envelope?: EnvelopeDefinition;
  readonly envPrefix: string;
  readonly name: string;
  readonly packageName: string;
  readonly rateLimit?: RateLimit;
  /** Client-side limits of their own per module of operations (each operation names its module). */
  readonly rateLimitModules?: { readonly [module: string]: RateLimit };
  readonly securitySchemes: { readonly [key: string]: SecuritySchemeDefinition };
  readonly serverArguments: readonly { readonly env: string; readonly variable: string }[];
  readonly serverUrl: string;
  readonly serverVariables: { readonly [name: string]: ServerVariableDefinition };
  /** Serve ping, token_status and rate_limit_status beside the API's tools. */
  readonly statusTools: boolean;
  readonly tasks?: TasksDefinition;
  readonly title: string;
  readonly version: string;
}

/** What a typed client method sends: openapi-typescript's parameter groups plus the body. */
export interface ApiRequest {
  readonly body?: unknown;
  readonly cookie?: { readonly [name: string]: unknown };
  readonly header?: { readonly [name: string]: unknown };
  readonly path?: { readonly [name: string]: unknown };
  readonly query?: { readonly [name: string]: unknown };
}

export interface ApiResponse<T = unknown> {
  readonly contentType: string;
  readonly data: T;
  readonly headers: Headers;
  readonly status: number;
}

type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : undefined;
type SuccessCodes = 200 | 201 | 202 | 203 | 204 | 206 | '2XX';

/** The request a typed client method takes, from an openapi-typescript operation type. */
export type RequestOf<Op> = (Op extends { parameters: infer P } ? Omit<P, NeverKeys<P>> : unknown) &
  (Op extends { requestBody?: never }
    ? unknown
    : Op extends { requestBody: { content: infer C } }
      ? { body: C[keyof C] }
      : Op extends { requestBody?: { content: infer C } }
        ? { body?: C[keyof C] }
        : unknown);

/** The success body a typed client method resolves to. */
export type ResponseOf<Op> = Op extends { responses: infer R }
  ? { [K in keyof R]: K extends SuccessCodes ? ContentOf<R[K]> : never }[keyof R]
  : unknown;

type NeverKeys<T> = { [K in keyof T]-?: [T[K]] extends [never] ? K : [T[K]] extends [undefined] ? K : never }[keyof T];
