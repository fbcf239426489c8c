import { describe, expect, it } from 'vitest';
import { searchOperations } from '../../templates/runtime/dynamic.js';
import { evalCases, type EvalSet, hubSearch, runEvaluation, score } from './evaluate.js';

const search = async (...args: Parameters<typeof searchOperations>) => (await searchOperations(...args)).map((hit) => hit.name);

// search-eval: the requests the ranking was developed on; search-holdout: 100 more across all five
// APIs, written by someone who saw neither the ranking nor the first set, scored once it was done.
describe.each<EvalSet>(['search-eval', 'search-holdout'])('search evaluation set test/fixtures/%s.json', (set) => {
  it('holds at least 60 requests, each with a short query, a sentence and known tools', async () => {
    const cases = evalCases(set);
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const entry of cases) {
      expect(entry.sentence).not.toBe(entry.short);
      expect(entry.expected.length).toBeGreaterThan(0);
    }
    // runEvaluation throws on an expected tool the shipped package does not have.
    await expect(runEvaluation(search, cases)).resolves.toHaveLength(cases.length * 2);
  });

  it("meets issue 17's targets: short queries MRR ≥ 0.9 and top-5 ≥ 95%, whole sentences MRR ≥ 0.75", async () => {
    const results = await runEvaluation(search, evalCases(set));
    const short = score(results.filter((result) => result.style === 'short'));
    const sentence = score(results.filter((result) => result.style === 'sentence'));
    expect(short.mrr).toBeGreaterThanOrEqual(0.9);
    expect(short.top5).toBeGreaterThanOrEqual(0.95);
    expect(sentence.mrr).toBeGreaterThanOrEqual(0.75);
  });

  it('meets them through the hub of all five APIs too, when the request names its API', async () => {
    const results = await runEvaluation(await hubSearch(true), evalCases(set));
    const short = score(results.filter((result) => result.style === 'short'));
    const sentence = score(results.filter((result) => result.style === 'sentence'));
    expect(short.mrr).toBeGreaterThanOrEqual(0.9);
    expect(short.top5).toBeGreaterThanOrEqual(0.95);
    expect(sentence.mrr).toBeGreaterThanOrEqual(0.75);
  });
});
