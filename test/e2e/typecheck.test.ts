import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { typecheckPackage } from '../../generator/build/index.js';
import { ROOT } from '../support/mcp-client.js';

describe.each(['cloudron', 'cloudways', 'alpacon', 'control-plane', 'mcpbox'])('generated/%s', (api) => {
  it('type-checks under strict TypeScript (tsc --noEmit)', () => {
    expect(typecheckPackage(path.join(ROOT, 'generated', api))).toEqual([]);
  });
});
