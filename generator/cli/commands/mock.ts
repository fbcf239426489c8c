import { loadSpec } from '../../load/index.js';
import { startMockUpstream } from '../../mock/index.js';
import { buildModel } from '../../model/index.js';
import { untilInterrupted } from '../interrupt.js';
import type { Output } from '../output.js';

/** Serves the spec's examples until interrupted. */
export async function runMock(output: Output, spec: string, flags: { port?: number }): Promise<void> {
  const { model } = buildModel(await loadSpec(spec));
  const upstream = await startMockUpstream(model, flags);
  output.out(
    `mock ${model.name} upstream on ${upstream.url} (${model.tools.length} operations); set ${model.envPrefix}_BASE_URL=${upstream.url}\n`,
  );
  await untilInterrupted();
  await upstream.close();
}
