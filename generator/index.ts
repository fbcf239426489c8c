/** mcpgen's programmatic API (the package's entry): each stage lives in the module its name gives. */
export { buildPackage, typecheckPackage } from './build/index.js';
export { check, type CheckResult } from './check.js';
export * from './errors.js';
export { generate, type GeneratedPackage } from './generate.js';
export type { Issue } from './issues.js';
export { loadSpec } from './load/index.js';
export { buildModel } from './model/index.js';
export type { ApiModel, ToolModel } from './model/types.js';
export { type GenerateOptions, producePackage, type ProducedPackage } from './produce.js';
