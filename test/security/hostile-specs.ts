/**
 * Specs written by an attacker, one builder per class of attack, and what the suite needs to
 * watch them: a workspace (spec folder, a secret outside it, a marker folder) and a payload
 * that, if it ever ran as code, would leave a marker file behind.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TMP } from '../support/private-build.js';

export const SECRET = 'SECRET_7f3a9c_DO_NOT_LEAK';

export interface Workspace {
  readonly root: string;
  /** The folder of every spec given to the generator. */
  readonly specs: string;
  /** A folder next to it, holding files no spec may read. */
  readonly secret: string;
  /** Where payloads would write if they ran. */
  readonly markers: string;
  /** Output folders. */
  readonly out: string;
}

export function createWorkspace(): Workspace {
  mkdirSync(TMP, { recursive: true });
  const root = mkdtempSync(path.join(TMP, 'security-'));
  const workspace = {
    root,
    specs: path.join(root, 'specs'),
    secret: path.join(root, 'secret'),
    markers: path.join(root, 'markers'),
    out: path.join(root, 'out'),
  };
  for (const folder of [workspace.specs, workspace.secret, workspace.markers, workspace.out]) mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(workspace.secret, '.env'), `API_TOKEN=${SECRET}\n`);
  writeFileSync(path.join(workspace.secret, 'example.yaml'), `token: ${SECRET}\n`);
  symlinkSync(path.join(workspace.secret, '.env'), path.join(workspace.specs, 'notes.md'));
  symlinkSync(path.join(workspace.secret, 'example.yaml'), path.join(workspace.specs, 'shared.yaml'));
  return workspace;
}

/** JavaScript that writes `markers/<name>` when run: what every code-injection payload carries. */
export function payload(workspace: Workspace, name: string): string {
  return `globalThis.process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(path.join(workspace.markers, name))}, 'ran')`;
}

export function markersWritten(workspace: Workspace): string[] {
  return readdirSync(workspace.markers);
}

/** Every file under `folder` with a hash of its bytes (symlinks as their target text), for "untouched" checks. */
export function treeDigest(folder: string): Map<string, string> {
  const digest = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else digest.set(path.relative(folder, full), entry.isFile() ? createHash('sha256').update(readFileSync(full)).digest('hex') : 'link');
    }
  };
  walk(folder);
  return digest;
}

/** The text of every file under `folder`, joined, for "the secret went nowhere" checks. */
export function allText(folder: string): string {
  return [...treeDigest(folder).keys()]
    .map((file) => path.join(folder, file))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

function operation(operationId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { operationId, summary: `Run ${operationId}`, responses: { '200': { description: 'ok' } }, ...extra };
}

function openapi(extra: Record<string, unknown>): Record<string, unknown> {
  return { openapi: '3.0.3', info: { title: 'Fixture', version: '1.0.0' }, paths: { '/ping': { get: operation('ping') } }, ...extra };
}

/** Writes a spec (as JSON, which is YAML too) into the spec folder; returns its path. */
export function writeSpec(workspace: Workspace, name: string, document: unknown): string {
  const file = path.join(workspace.specs, name);
  writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
  return file;
}

/** A spec that is fine: the previous output every failing generation must leave as it was. */
export function cleanSpec(): Record<string, unknown> {
  return openapi({ 'x-mcp': { name: 'victim' } });
}

/** Class 1: specs that try to read files outside their folder. Pointer: where the refusal must point. */
export function fileEscapes(workspace: Workspace): { name: string; document: unknown; pointer: string }[] {
  const readme = (entry: string) => openapi({ 'x-mcp': { name: 'victim', readme: [entry] } });
  const exampleRef = (ref: string) =>
    openapi({
      paths: {
        '/ping': {
          get: operation('ping', {
            responses: { '200': { description: 'ok', content: { 'application/json': { example: { $ref: ref } } } } },
          }),
        },
      },
      'x-mcp': { name: 'victim' },
    });
  const examplePointer = '/paths/~1ping/get/responses/200/content/application~1json/example';
  return [
    { name: 'readme-parent', document: readme('../secret/.env'), pointer: '/x-mcp/readme/0' },
    { name: 'readme-proc', document: readme('/proc/self/environ'), pointer: '/x-mcp/readme/0' },
    { name: 'readme-absolute', document: readme(path.join(workspace.secret, '.env')), pointer: '/x-mcp/readme/0' },
    { name: 'readme-symlink', document: readme('notes.md'), pointer: '/x-mcp/readme/0' },
    { name: 'ref-parent', document: exampleRef('../secret/example.yaml'), pointer: examplePointer },
    { name: 'ref-absolute', document: exampleRef(path.join(workspace.secret, 'example.yaml')), pointer: examplePointer },
    { name: 'ref-symlink', document: exampleRef('shared.yaml'), pointer: examplePointer },
    { name: 'ref-proc', document: exampleRef('/proc/self/environ'), pointer: examplePointer },
  ];
}

/** The README appendix of the code-injection spec: raw HTML and a fence left open. */
export function hostileAppendix(workspace: Workspace): string {
  return `## Notes\n\n<script>${payload(workspace, 'appendix')}</script>\n<!-- a comment left open\n\n\`\`\`sh\nrm -rf /\n`;
}

/** Class 2: spec text that tries to become code, HTML or shell in every place it is written. */
export function codeInjection(workspace: Workspace): Record<string, unknown> {
  const run = (name: string) => payload(workspace, name);
  const breakout = (name: string) => `x */ ${run(name)}; /* '); ${run(`${name}-string`)}; ('\n// \u2028${run(`${name}-line`)}`;
  return {
    openapi: '3.0.3',
    info: {
      title: `Evil ${breakout('title')}`,
      version: '1.0.0',
      description: `<script>${run('description-html')}</script> <img src=x onerror="${run('description-img')}">\n\`\`\`\nan open fence`,
    },
    servers: [{ url: 'https://api.example.com/v1' }],
    'x-mcp': { name: 'evil', readme: ['appendix.md'] },
    components: {
      securitySchemes: {
        [`key ${breakout('scheme')}`]: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Key',
          'x-mcp': { header: 'x-key', valuePrefix: `'$(touch ${path.join(workspace.markers, 'shell')})' \`id\` */ ${run('prefix')}` },
        },
      },
    },
    paths: {
      '/items/{id}': {
        get: operation(`list ${breakout('operation-id')}`, {
          summary: `Sum ${breakout('summary')}`,
          description: `Desc ${breakout('description')} | a | b |`,
          tags: [`../../${breakout('tag')}`],
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: `Id ${breakout('parameter')}`,
              schema: { type: 'string', enum: [`a'*/ ${run('enum')} /*`], default: `a'*/ ${run('default')} /*` },
            },
          ],
          responses: {
            '200': {
              description: `ok ${breakout('response')}`,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    description: `Item ${breakout('schema')}`,
                    properties: { [`p'*/${run('property')}/*`]: { type: 'string', description: `Field ${breakout('field')}` } },
                  },
                },
              },
            },
          },
        }),
      },
    },
  };
}

/** Class 3: documents built to hang or crash the loader. */
export function aliasBomb(): string {
  const lines = ['openapi: 3.0.3', "info: {title: bomb, version: '1.0.0'}", 'x-bomb:', '  a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < 10; level += 1) {
    lines.push(`  a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]`);
  }
  lines.push('paths:', '  /x:', '    get:', '      operationId: getX', '      responses:', "        '200': {description: ok}");
  return `${lines.join('\n')}\n`;
}

export function depthBomb(levels: number): string {
  const open = '{"type":"object","properties":{"a":'.repeat(levels);
  const close = '}}'.repeat(levels);
  const schema = `${open}{"type":"string"}${close}`;
  return `{"openapi":"3.0.3","info":{"title":"deep","version":"1.0.0"},"paths":{"/x":{"get":{"operationId":"getX","responses":{"200":{"description":"ok","content":{"application/json":{"schema":${schema}}}}}}}}}`;
}

/** A request body that is a chain of `levels` schemas, each the only property of the one before: deep through `$ref`s, flat as a document. */
export function refChain(levels: number): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (let index = 0; index < levels; index += 1) {
    schemas[`S${index}`] =
      index < levels - 1 ? { type: 'object', properties: { next: { $ref: `#/components/schemas/S${index + 1}` } } } : { type: 'string' };
  }
  return openapi({
    components: { schemas },
    paths: {
      '/x': {
        post: operation('postX', {
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } } },
        }),
      },
    },
  });
}

/** Class 4: names that would write one file twice, a path too long, or a Windows device. */
export function hostileNames(): Record<string, unknown> {
  return openapi({
    'x-mcp': { name: 'names' },
    paths: {
      '/a': { get: operation('Get-X', { tags: ['Pets'] }) },
      '/b': { get: operation('get_x', { tags: ['pets'] }) },
      '/c': { get: operation('getX', { tags: ['PETS'] }) },
      '/d': { get: operation('con', { tags: ['con'] }) },
      '/e': { get: operation('nul.txt', { tags: ['aux'] }) },
      '/f': { get: operation('long', { tags: ['t'.repeat(300)] }) },
      '/g': { get: operation('o'.repeat(300)) },
    },
  });
}

export function explicitNameCollision(): Record<string, unknown> {
  return openapi({
    paths: {
      '/a': { get: operation('getX', { 'x-mcp': { name: 'get-x' } }) },
      '/b': { get: operation('get_x') },
    },
  });
}

/** Class 5: an x-mcp header name that is no HTTP token. */
export function badHeaderName(header: string): Record<string, unknown> {
  return openapi({
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key', 'x-mcp': { header } } } },
    security: [{ key: [] }],
  });
}
