import { type Issue, type IssueList, joinPointer } from '../issues.js';
import { PATH_ITEM_METHODS as METHODS } from '../http-methods.js';
import { isObject, type Json, lookupRef, walkObjects } from '../json.js';

const SECURITY_TYPES = ['apiKey', 'http', 'oauth2', 'openIdConnect', 'mutualTLS'];
const MISSING_PATHS = 'the document has no paths object, so there are no operations to make tools from';

/** What the entry file must be before anything else is read: an OpenAPI document we support. */
export function checkEntryDocument(document: unknown, file: string): Issue[] {
  const issue = (code: string, pointer: string, message: string): Issue[] => [{ code, file, message, pointer, severity: 'error' }];
  if (!isObject(document)) return issue('not-an-object', '', 'the document is not a YAML/JSON object, so it is not an OpenAPI document');
  if (document.swagger !== undefined) {
    if (String(document.swagger) !== '2.0')
      return issue('unsupported-version', '/swagger', `unsupported Swagger version "${String(document.swagger)}": only 2.0 is read`);
    return isObject(document.paths) ? [] : issue('missing-paths', '/paths', MISSING_PATHS);
  }
  if (document.openapi === undefined)
    return issue('not-openapi', '', 'neither "openapi" nor "swagger" is set: this is not an OpenAPI document');
  const version = String(document.openapi);
  if (!/^3\.[01]\.\d+$/.test(version)) {
    return issue(
      'unsupported-version',
      '/openapi',
      `unsupported OpenAPI version "${version}": mcpgen reads Swagger 2.0 and OpenAPI 3.0.x / 3.1.x`,
    );
  }
  if (document.paths === undefined && (version.startsWith('3.0') || document.webhooks === undefined)) {
    return issue('missing-paths', '/paths', MISSING_PATHS);
  }
  return [];
}

/**
 * Structural checks an OpenAPI 3.x document must pass before tools can be built from it.
 * Only what would make a broken or misleading server is checked: the full OpenAPI schema
 * is the spec author's linter's job.
 */
export function validateDocument(doc: Json, issues: IssueList): void {
  if (!isObject(doc.info)) issues.error('missing-info', '/info', 'the document has no info object');

  validateServers(doc.servers, '/servers', issues);
  const schemes = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  for (const [name, scheme] of Object.entries(schemes)) validateSecurityScheme(name, scheme, issues);
  validateRequirements(doc.security, '/security', schemes, issues);

  checkRefCycles(doc, issues);

  if (doc.paths === undefined) return issues.error('missing-paths', '/paths', MISSING_PATHS);
  if (!isObject(doc.paths)) return issues.error('invalid-paths', '/paths', 'paths must be an object');
  let operations = 0;
  let brokenItems = 0;
  for (const [route, item] of Object.entries(doc.paths)) {
    const itemPointer = joinPointer('/paths', route);
    if (!route.startsWith('/')) issues.error('invalid-path', itemPointer, `path "${route}" must start with "/"`);
    if (!isObject(item)) {
      if (route.startsWith('/')) issues.error('invalid-path-item', itemPointer, `path item "${route}" must be an object of operations`);
      brokenItems += 1;
      continue;
    }
    validateParameters(item.parameters, joinPointer(itemPointer, 'parameters'), issues);
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const pointer = joinPointer(itemPointer, method);
      if (!isObject(operation)) {
        issues.error('invalid-operation', pointer, `${method.toUpperCase()} ${route} must be an operation object`);
        brokenItems += 1;
        continue;
      }
      operations += 1;
      validateParameters(operation.parameters, joinPointer(pointer, 'parameters'), issues);
      validateBodies(operation, pointer, issues);
      validateRequirements(operation.security, joinPointer(pointer, 'security'), schemes, issues);
      // An operation-level server that is unusable only costs that operation its override.
      if (operation.servers !== undefined) validateServers(operation.servers, joinPointer(pointer, 'servers'), issues, 'warning');
    }
  }
  // With broken path items or operations, their own errors say why there are none.
  if (operations === 0 && brokenItems === 0) {
    issues.error('no-operations', '/paths', 'the document defines no operations (paths is empty), so there are no tools to generate');
  }
}

function validateServers(servers: unknown, pointer: string, issues: IssueList, severity: 'error' | 'warning' = 'error'): void {
  const report = (code: string, at: string, message: string) =>
    severity === 'error' ? issues.error(code, at, message) : issues.warn(code, at, `${message}; the API's server is used instead`);
  if (servers === undefined) return;
  if (!Array.isArray(servers)) return report('invalid-servers', pointer, 'servers must be an array');
  servers.forEach((server, index) => {
    const at = joinPointer(pointer, index, 'url');
    if (!isObject(server) || typeof server.url !== 'string') return report('invalid-server-url', at, 'a server needs a url string');
    const variables = isObject(server.variables) ? server.variables : {};
    for (const [, name = ''] of server.url.matchAll(/\{([^}]+)\}/g)) {
      if (!(name in variables))
        report('undeclared-server-variable', at, `server url uses {${name}} but server.variables does not declare it`);
    }
    const concrete = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const variable = variables[name];
      return isObject(variable) && variable.default !== undefined ? String(variable.default) : 'x';
    });
    if (/^[a-z][a-z0-9+.-]*:/i.test(concrete)) {
      const parsed = URL.canParse(concrete) ? new URL(concrete) : undefined;
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
        report('invalid-server-url', at, `server url "${server.url}" is not a valid http(s) URL`);
      }
    } else if (!concrete.startsWith('/') && concrete !== '' && !concrete.startsWith('.')) {
      report('invalid-server-url', at, `server url "${server.url}" is neither an absolute http(s) URL nor a path`);
    }
  });
}

function validateParameters(parameters: unknown, pointer: string, issues: IssueList): void {
  if (parameters === undefined) return;
  if (!Array.isArray(parameters)) return issues.error('invalid-parameters', pointer, 'parameters must be an array');
  parameters.forEach((parameter, index) => {
    const at = joinPointer(pointer, index);
    if (!isObject(parameter)) return issues.error('invalid-parameter', at, 'a parameter must be an object');
    if (typeof parameter.$ref === 'string') return;
    if (typeof parameter.name !== 'string' || parameter.name === '') issues.error('parameter-without-name', at, 'parameter has no name');
    if (!['path', 'query', 'header', 'cookie'].includes(String(parameter.in))) {
      issues.error(
        'invalid-parameter-location',
        joinPointer(at, 'in'),
        `parameter "${String(parameter.name)}" has unknown location "${String(parameter.in)}"`,
      );
    }
    if (parameter.schema !== undefined && !isSchema(parameter.schema)) {
      issues.error('invalid-schema', joinPointer(at, 'schema'), `parameter "${String(parameter.name)}" has a schema that is not an object`);
    } else if (parameter.content !== undefined) {
      validateContent(parameter.content, joinPointer(at, 'content'), issues);
    } else if (parameter.schema === undefined) {
      issues.error(
        'parameter-without-schema',
        at,
        `parameter "${String(parameter.name)}" has neither schema nor content, so its type is unknown`,
      );
    }
  });
}

/**
 * The shapes of request bodies and responses that the type generator and the model read
 * without checking: a wrong one gets a located error here instead of a crash there.
 */
function validateBodies(operation: Json, pointer: string, issues: IssueList): void {
  const { requestBody, responses } = operation;
  if (requestBody !== undefined && !isObject(requestBody)) {
    issues.error('invalid-request-body', joinPointer(pointer, 'requestBody'), 'requestBody must be an object');
  } else if (isObject(requestBody)) {
    validateContent(requestBody.content, joinPointer(pointer, 'requestBody', 'content'), issues);
  }
  if (responses !== undefined && !isObject(responses)) {
    return issues.error('invalid-responses', joinPointer(pointer, 'responses'), 'responses must be an object keyed by status code');
  }
  for (const [status, response] of Object.entries(responses ?? {})) {
    if (status.startsWith('x-')) continue;
    const at = joinPointer(pointer, 'responses', status);
    if (!isObject(response)) issues.error('invalid-response', at, `response "${status}" must be an object`);
    else validateContent(response.content, joinPointer(at, 'content'), issues);
  }
}

function validateContent(content: unknown, pointer: string, issues: IssueList): void {
  if (content === undefined) return;
  if (!isObject(content)) return issues.error('invalid-content', pointer, 'content must be an object keyed by media type');
  for (const [mediaType, media] of Object.entries(content)) {
    const at = joinPointer(pointer, mediaType);
    if (!isObject(media)) issues.error('invalid-media-type', at, `media type "${mediaType}" must be an object`);
    else if (media.schema !== undefined && !isSchema(media.schema))
      issues.error('invalid-schema', joinPointer(at, 'schema'), `the schema of "${mediaType}" is not an object`);
  }
}

/** A schema is an object, or (OpenAPI 3.1) true or false. */
function isSchema(value: unknown): boolean {
  return isObject(value) || typeof value === 'boolean';
}

function validateSecurityScheme(name: string, scheme: unknown, issues: IssueList): void {
  const pointer = joinPointer('/components/securitySchemes', name);
  if (!isObject(scheme) || typeof scheme.$ref === 'string') return;
  if (!SECURITY_TYPES.includes(String(scheme.type))) {
    issues.error(
      'unsupported-security-type',
      joinPointer(pointer, 'type'),
      `security scheme "${name}" has unsupported type "${String(scheme.type)}" (expected one of ${SECURITY_TYPES.join(', ')})`,
    );
    return;
  }
  if (scheme.type === 'http' && !['basic', 'bearer'].includes(String(scheme.scheme).toLowerCase())) {
    issues.error(
      'unsupported-security-type',
      joinPointer(pointer, 'scheme'),
      `security scheme "${name}": HTTP auth scheme "${String(scheme.scheme)}" is not supported (basic and bearer are)`,
    );
  }
  if (scheme.type === 'apiKey' && (typeof scheme.name !== 'string' || !['header', 'query', 'cookie'].includes(String(scheme.in)))) {
    issues.error('invalid-security-scheme', pointer, `apiKey scheme "${name}" needs a name and in: header, query or cookie`);
  }
}

function validateRequirements(requirements: unknown, pointer: string, schemes: Json, issues: IssueList): void {
  if (!Array.isArray(requirements)) return;
  requirements.forEach((requirement, index) => {
    if (!isObject(requirement)) return;
    for (const name of Object.keys(requirement)) {
      if (!(name in schemes))
        issues.error(
          'unknown-security-scheme',
          joinPointer(pointer, index, name),
          `security requirement names "${name}", which components.securitySchemes does not define`,
        );
    }
  });
}

/**
 * A `$ref` chain that comes back to where it started without reaching any schema content
 * (A → B → A) describes nothing and would send validators into endless recursion.
 */
function checkRefCycles(doc: Json, issues: IssueList): void {
  const verdicts = new Map<string, boolean>();
  const cycles = (ref: string): boolean => {
    const known = verdicts.get(ref);
    if (known !== undefined) return known;
    const seen = new Set<string>();
    let current: string | undefined = ref;
    // follow refs to bare refs ({ $ref } alone) until one comes back (a cycle) or content is reached
    while (current !== undefined && !seen.has(current)) {
      seen.add(current);
      const target = lookupRef(doc, current);
      current = isObject(target) && typeof target.$ref === 'string' && Object.keys(target).length === 1 ? target.$ref : undefined;
    }
    const cyclic = current !== undefined;
    for (const visited of seen) verdicts.set(visited, cyclic);
    return cyclic;
  };
  const reported = new Set<string>();
  walkObjects(doc, (node, pointer) => {
    if (typeof node.$ref === 'string' && cycles(node.$ref) && !reported.has(node.$ref)) {
      reported.add(node.$ref);
      issues.error('circular-ref', pointer, `$ref "${node.$ref}" only leads back to itself through other $refs; it never reaches a schema`);
    }
  });
}
