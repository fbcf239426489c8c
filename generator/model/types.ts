/**
 * The MCP-shaped intermediate representation: plain, JSON-serialisable data that the
 * emit stage reads instead of the OpenAPI document. Every decision about tool names,
 * annotations, input schemas and argument collisions is made while building it. Where a shape
 * is what the runtime reads (templates/runtime/types.ts), the model uses or extends that one.
 */
import type {
  ApiDefinition,
  HttpMethod,
  ParamDefinition,
  SecurityRequirement,
  SecuritySchemeDefinition,
  ServerVariableDefinition,
  ToolControls,
  ToolDefinition,
} from '../../templates/runtime/types.js';

export type { HttpMethod, ParamLocation, ToolAnnotations } from '../../templates/runtime/types.js';

/** Unlike the runtime's, `true` and `false` too: a spec may use them anywhere a schema goes. */
export type JsonSchema = { readonly [key: string]: unknown } | boolean;

/** One operation parameter and the tool argument that carries it. */
export interface ParamModel extends ParamDefinition {
  /** Where the tool argument lives in the tool's input object, e.g. ["appId"] or ["query", "id"]. */
  readonly argument: readonly string[];
  readonly required: boolean;
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

/** A tool as the generator knows it: the runtime's tool definition, plus what emitting it needs. */
export interface ToolModel extends Pick<
  ToolDefinition,
  'annotations' | 'confirm' | 'description' | 'name' | 'pagination' | 'scope' | 'startsTask' | 'title'
> {
  readonly body?: BodyModel;
  readonly controls: ToolControls;
  readonly deprecated: boolean;
  /** Identifier used for the exported constant and client method (camelCase). */
  readonly identifier: string;
  readonly inputSchema: JsonSchema;
  /** `x-mcp.keywords` of the path item and operation: extra words dynamic mode's search finds it by. */
  readonly keywords: readonly string[];
  readonly method: HttpMethod;
  readonly operationId?: string;
  readonly output?: OutputModel;
  readonly params: readonly ParamModel[];
  readonly path: string;
  /** JSON pointer of the operation in the spec, for messages. */
  readonly pointer: string;
  /** The x-mcp rateLimit module whose bucket its calls take from; absent: the API's default limit. */
  readonly rateLimitModule?: string;
  /** Alternatives (OR) of requirement sets (AND); empty list: no auth. Undefined: API default. */
  readonly security: readonly (readonly SecurityRequirement[])[];
  /** Override of the server URL for this operation only. */
  readonly serverUrl?: string;
  /** Folder name the tool file goes in (from its first tag). */
  readonly group: string;
  readonly tags: readonly string[];
}

export interface SecuritySchemeModel extends SecuritySchemeDefinition {
  /** The scheme's name under components.securitySchemes. */
  readonly key: string;
}

export interface ServerModel {
  readonly url: string;
  readonly variables: readonly (ServerVariableDefinition & { readonly name: string })[];
}

export interface ApiInfoModel {
  readonly description: string;
  readonly title: string;
  readonly version: string;
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

/** The API as the generator knows it: what the runtime's ApiDefinition says of it, and more. */
export interface ApiModel extends Pick<
  ApiDefinition,
  | 'credentialsBy'
  | 'credentialsFileEnv'
  | 'envelope'
  | 'envPrefix'
  | 'name'
  | 'rateLimit'
  | 'rateLimitModules'
  | 'serverArguments'
  | 'statusTools'
  | 'tasks'
> {
  readonly info: ApiInfoModel;
  readonly package: PackageModel;
  /** Markdown files, relative to the spec, appended to the generated README. */
  readonly readmeAppendix: readonly string[];
  readonly securitySchemes: readonly SecuritySchemeModel[];
  readonly servers: readonly ServerModel[];
  /** Spec file path relative to the project root, and the sha256 of its bytes (all files). */
  readonly source: { readonly file: string; readonly hash: string };
  readonly tools: readonly ToolModel[];
}
