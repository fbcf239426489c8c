import type { HotFunction } from './cpuprofile.js';
import type { Latency, ToolsStats } from './mcp.js';
import type { Impl } from './servers.js';
import type { Task } from './subjects.js';

export interface Sample {
  readonly ms: number;
  readonly peakKb: number;
  /** Stopped at the time limit: ms is a lower bound. */
  readonly censored?: boolean;
}

export interface GenCell {
  readonly samples: Sample[];
  failure?: string;
}

export interface SpecGeneration {
  readonly spec: string;
  tools?: number;
  readonly cells: Partial<Record<Task, GenCell>>;
}

export interface ServerRow {
  readonly spec: string;
  readonly impl: Impl;
  readonly coldStartMs: number[];
  readonly firstCallMs: number[];
  readonly idleRssKb: number[];
  stdio?: { readonly tool: string; readonly latency: Latency; readonly rssKb: number; readonly tools: ToolsStats };
  http?: { readonly tool: string; readonly latency: Latency; readonly rssKb: number };
  httpNote?: string;
  failure?: string;
  rawList?: RawList;
}

export interface ServerSpecResult {
  readonly spec: string;
  readonly operations: number;
  readonly withResponseSchema: number;
  /** The direct fetch, timed among the stdio calls; directHttp among the HTTP calls. */
  direct: { readonly p50: number; readonly p99: number };
  directHttp?: { readonly p50: number; readonly p99: number };
  readonly rows: ServerRow[];
}

/** When the SDK client could not get tools/list from a server: what a raw JSON-RPC read saw. */
export interface RawList {
  readonly bytes: number;
  readonly ms: number;
  readonly complete: boolean;
}

export interface Profile {
  readonly spec: string;
  readonly command: string;
  readonly totalMs: number;
  readonly functions: readonly HotFunction[];
}

/** CPU per call of our stdio server by owner, µs: a profile of 1 + N calls less one of 1 call, over N. */
export interface ServerProfile {
  readonly spec: string;
  readonly calls: number;
  readonly perCallUs: Readonly<Record<string, number>>;
}

export interface RunResults {
  readonly started: Date;
  durationMs: number;
  readonly node: string;
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  /** 1-minute load average at the start and the end of the run (other work on the machine). */
  readonly load: number[];
  readonly versions: Record<string, string>;
  readonly calls: number;
  readonly generation: SpecGeneration[];
  servers: ServerSpecResult[];
  profiles: Profile[];
  serverProfiles: ServerProfile[];
  readonly notes: string[];
}
