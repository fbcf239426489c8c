/**
 * The MCP-shaped intermediate representation: plain, JSON-serialisable data that the
 * emit stage reads instead of the OpenAPI document. Every decision about tool names,
 * annotations, input schemas and argument collisions is made while building it.
 */

export type JsonSchema = { readonly [key: string]: unknown } | boolean;

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ToolAnnotations {
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
  readonly readOnlyHint: boolean;
}

/** One operation parameter and the tool argument that carries it. */
export interface ParamModel {
  /** Where the tool argument lives in the tool's input object, e.g. ["appId"] or ["query", "id"]. */
  readonly argument: readonly string[];
  readonly explode: boolean;
  readonly in: ParamLocation;
  readonly name: string;
  readonly required: boolean;
  readonly style: string;
}

/**
 * How the body is carried by the tool's arguments: `flat` spreads the object's properties into
 * the top level (argument and property names differ only when sanitised), `nested` puts the
 * whole body under `argument`.
 */
export type BodyModel = { readonly mediaType: string; readonly required: boolean } & (
  | { readonly layout: 'flat'; readonly properties: readonly { readonly argument: string; readonly name: string }[] }
  | { readonly layout: 'nested'; readonly argument: string }
);

export interface OutputModel {
  /** Example response body from the spec, used by the mock upstream. */
  readonly example?: unknown;
  readonly mediaType: string;
  /** JSON schema of the tool's structuredContent (always an object at the top). */
  readonly schema?: JsonSchema;
  readonly status: number;
  /** `value` when a non-object response is wrapped as { value: ... }, else undefined. */
  readonly wrap?: 'items' | 'value';
}

export interface PaginationModel {
  readonly itemsPath?: string;
  readonly nextPath?: string;
  readonly pageParam?: string;
  readonly cursorParam?: string;
  readonly cursorPath?: string;
  readonly offsetParam?: string;
  readonly sizeParam?: string;
  readonly style: 'cursor' | 'offset' | 'page';
  readonly totalPath?: string;
}

export interface SecurityRequirementModel {
  readonly scheme: string;
  readonly scopes: readonly string[];
}

/** Arguments the runtime itself reads, by the names they got in this tool's input. */
export interface ToolControls {
  /** `true` confirms a destructive call (when the client cannot be asked by elicitation). */
  readonly confirm?: string;
  /** Collect further pages up to this many items. */
  readonly maxItems?: string;
  /** Wait for the task the call starts to finish. */
  readonly wait?: string;
}

export interface ToolModel {
  readonly annotations: ToolAnnotations;
  readonly body?: BodyModel;
  readonly confirm: boolean;
  readonly controls: ToolControls;
  readonly deprecated: boolean;
  readonly description: string;
  /** Identifier used for the exported constant and client method (camelCase). */
  readonly identifier: string;
  readonly inputSchema: JsonSchema;
  /** `x-mcp.keywords` of the path item and operation: extra words dynamic mode's search finds it by. */
  readonly keywords: readonly string[];
  readonly method: HttpMethod;
  readonly name: string;
  readonly operationId?: string;
  readonly output?: OutputModel;
  readonly pagination?: PaginationModel;
  readonly params: readonly ParamModel[];
  readonly path: string;
  /** JSON pointer of the operation in the spec, for messages. */
  readonly pointer: string;
  /** The x-mcp rateLimit module whose bucket its calls take from; absent: the API's default limit. */
  readonly rateLimitModule?: string;
  readonly scope: 'read' | 'write';
  /** Alternatives (OR) of requirement sets (AND); empty list: no auth. Undefined: API default. */
  readonly security: readonly (readonly SecurityRequirementModel[])[];
  /** Override of the server URL for this operation only. */
  readonly serverUrl?: string;
  /** Folder name the tool file goes in (from its first tag). */
  readonly group: string;
  readonly startsTask: boolean;
  readonly tags: readonly string[];
  readonly title: string;
}

export interface TokenExchangeField {
  readonly env: string;
  readonly header?: string;
  readonly name: string;
  readonly secret: boolean;
}

/** A login that also returns a refresh token: how to spend it for new tokens. */
export interface TokenRefreshModel {
  /** Request field (JSON body) that carries the refresh token. */
  readonly field: string;
  readonly method: string;
  readonly path: string;
  /** JSON pointer to the refresh token in the login and refresh answers. */
  readonly tokenPath: string;
}

export interface TokenExchangeModel {
  readonly contentType: string;
  readonly expiresInPath?: string;
  readonly fields: readonly TokenExchangeField[];
  /** Logs the tokens out at shutdown: `Authorization: Bearer <access token>`, and the refresh token in `field` when set. */
  readonly logout?: { readonly field?: string; readonly method: string; readonly path: string };
  readonly refresh?: TokenRefreshModel;
  readonly method: string;
  readonly path: string;
  readonly refreshBeforeSeconds: number;
  readonly tokenPath: string;
}

export interface SecuritySchemeModel {
  /** Environment variable suffixes that carry this scheme's credential(s). */
  readonly env: readonly string[];
  /** HTTP header a caller sends the credential in (multi-tenant HTTP mode). */
  readonly header?: string;
  readonly in?: 'cookie' | 'header' | 'query';
  readonly key: string;
  /** Header, query or cookie name for apiKey schemes. */
  readonly paramName?: string;
  readonly scheme?: string;
  readonly tokenExchange?: TokenExchangeModel;
  readonly tokenUrl?: string;
  readonly type: 'apiKey' | 'basic' | 'bearer' | 'oauth2' | 'tokenExchange' | 'unsupported';
  readonly valuePrefix?: string;
}

export interface ServerVariableModel {
  readonly default: string;
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly name: string;
}

export interface ServerModel {
  readonly description?: string;
  readonly url: string;
  readonly variables: readonly ServerVariableModel[];
}

export interface TasksModel {
  readonly donePath: string;
  readonly doneValues: readonly unknown[];
  readonly errorPath?: string;
  readonly idPath: string;
  readonly messagePath?: string;
  readonly pendingPath?: string;
  readonly pollParam: string;
  /** Tool name of the poll operation. */
  readonly pollTool: string;
  readonly progressPath?: string;
  readonly successPath?: string;
}

export interface ServerArgumentModel {
  readonly env: string;
  readonly variable: string;
}

export interface ApiInfoModel {
  readonly description: string;
  readonly title: string;
  readonly version: string;
}

/** Root x-mcp envelope: tools return the body at dataPath, with metadataPath beside it as `metadata`. */
export interface EnvelopeModel {
  readonly dataPath: string;
  readonly metadataPath?: string;
}

/** The generated package.json's identity (model/package.ts). */
export interface PackageModel {
  readonly description: string;
  readonly license: string;
  readonly name: string;
  readonly repository?: string;
  /** Always valid semver. */
  readonly version: string;
}

export interface ApiModel {
  readonly credentialsBy: readonly string[];
  readonly credentialsFileEnv?: string;
  readonly envelope?: EnvelopeModel;
  readonly envPrefix: string;
  readonly info: ApiInfoModel;
  readonly name: string;
  readonly package: PackageModel;
  readonly rateLimit?: { readonly perSeconds: number; readonly requests: number };
  /** Limits of their own for groups of operations (x-mcp rateLimit.modules); tools name theirs in rateLimitModule. */
  readonly rateLimitModules?: { readonly [name: string]: { readonly perSeconds: number; readonly requests: number } };
  readonly readScopes: readonly string[];
  /** Markdown files, relative to the spec, appended to the generated README. */
  readonly readmeAppendix: readonly string[];
  readonly securitySchemes: readonly SecuritySchemeModel[];
  readonly serverArguments: readonly ServerArgumentModel[];
  readonly servers: readonly ServerModel[];
  /** Spec file path relative to the project root, and the sha256 of its bytes (all files). */
  readonly source: { readonly file: string; readonly hash: string };
  /** Serve ping, token_status and rate_limit_status beside the API's tools. */
  readonly statusTools: boolean;
  readonly tasks?: TasksModel;
  readonly tools: readonly ToolModel[];
}
