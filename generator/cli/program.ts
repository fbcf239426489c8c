import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, McpgenError, OverBudgetError, SpecLoadError, SpecValidationError, StaleOutputError } from '../errors.js';
import { formatIssue } from '../issues.js';
import { type JsonReport, printReport, reportForRefusedArguments } from './json-report.js';
import type { CheckFlags } from './commands/check.js';
import type { GenerateFlags } from './commands/generate.js';
import type { HubFlags } from './commands/hub.js';
import type { Output } from './output.js';

// Each command's module is imported when it runs: `generate` must not pay for the MCP SDK
// client that `demo` needs, nor `list` for the TypeScript compiler.

export const EXIT = { ok: 0, failed: 1, usage: 2, spec: 3, emit: 4 } as const;

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  check found stale, missing or orphaned generated files, or a tools/list over --max-tools-bytes,
     or lint --strict reported warnings
  2  bad usage or configuration
  3  a spec could not be loaded or is not usable (every problem is listed with file and JSON pointer)
  4  writing or building the output failed (the previous output is left as it was)`;

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('must be a positive integer');
  return number;
}

/** The options of generate and check after their own: which files the spec may read, --json, and the exit codes. */
function withSpecReadingOptions(command: Command): Command {
  return command
    .option('--allow-remote-refs', 'fetch http(s) $refs instead of refusing them')
    .addOption(
      new Option(
        '--allow-files <dir>',
        "also let $refs and README appendices read files in this folder (repeatable); default: the spec's folder only",
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option('--json', 'print one JSON document on stdout (see README)')
    .addHelpText('after', EXIT_CODES_HELP);
}

type JsonFlag = { readonly json?: boolean };

/** What a run carries between the commands and runProgram: its exit code, and the --json report if asked for. */
export interface RunState {
  exitCode: number;
  report?: JsonReport;
}

/** Starts the --json report of a command when the flag is given; the command fills it. */
function jsonReport(state: RunState, command: JsonReport['command'], json: boolean | undefined): JsonReport | undefined {
  if (!json) return undefined;
  state.report = { command, specs: [] };
  return state.report;
}

/** The mcpgen command line, built without running anything so tests can drive it. */
export function createProgram(output: Output, state: RunState): Command {
  const program = new Command('mcpgen')
    .description('Generate MCP servers (typed client + one tool per operation) from OpenAPI specs')
    .version('0.1.0')
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.out(text), writeErr: (text) => output.err(text) });

  withSpecReadingOptions(
    program
      .command('generate')
      .description('generate packages: every spec in specs/ into generated/<api>/, or the given specs')
      .argument('[spec...]', 'spec files (YAML or JSON; Swagger 2.0, OpenAPI 3.0 or 3.1) or folders of them')
      .option('-o, --out <dir>', 'output folder (one spec only); default generated/<api>')
      .option('--no-build', 'do not build dist/ (generate again without it to build; npm pack refuses an unbuilt package)'),
  ).action(async (specs: string[], options: GenerateFlags & JsonFlag) => {
    const { runGenerate } = await import('./commands/generate.js');
    await runGenerate(output, specs, options, jsonReport(state, 'generate', options.json));
  });

  program
    .command('init')
    .description('start a project: write specs/<name>.yaml (a starter spec), ignore generated/*/dist/, print the next commands')
    .argument('[name]', "the API's name (lower-case letters, digits, dashes); default: this folder's name")
    .action(async (name: string | undefined) => {
      const { runInit } = await import('./commands/init.js');
      runInit(output, name);
    });

  withSpecReadingOptions(
    program
      .command('check')
      .description('exit 1 and name each stale, missing or orphaned file when generated/ differs from what the specs produce')
      .argument('[spec...]', 'spec files or folders of them; default every spec in specs/')
      .option('-o, --out <dir>', 'package folder to compare (one spec only)')
      .addOption(
        new Option('--max-tools-bytes <n>', 'also fail when a tools/list answer is larger than n bytes').argParser(positiveInteger),
      ),
  ).action(async (specs: string[], options: CheckFlags & JsonFlag) => {
    const { runCheck } = await import('./commands/check.js');
    await runCheck(output, specs, options, jsonReport(state, 'check', options.json));
  });

  program
    .command('watch')
    .description('regenerate a spec whenever it changes; a broken save is reported and the previous output kept')
    .argument('[spec...]', 'spec files; default every spec in specs/')
    .option('--no-build', 'do not build dist/')
    .action(async (specs: string[], options: { build: boolean }) => {
      const { runWatch } = await import('./commands/watch.js');
      await runWatch(output, specs, options);
    });

  program
    .command('list')
    .description('print the tools a spec makes: name, method, path, annotations, and the tools/list size')
    .argument('<spec>', 'spec file')
    .option('--json', 'print JSON instead of a table')
    .action(async (spec: string, options: { json?: boolean }) => {
      const { runList } = await import('./commands/list.js');
      await runList(output, spec, options);
    });

  program
    .command('hub')
    .description(
      "serve several generated packages as one MCP server (stdio, or Streamable HTTP with --http), each API's tools prefixed with its name",
    )
    .argument('<package...>', 'generated package folders (e.g. generated/<api>), built')
    .option(
      '--tools <mode>',
      'direct (every tool of every API), dynamic (search, describe and invoke across all APIs) or code (search and execute a program across all APIs)',
    )
    .option('--http <port>', 'serve Streamable HTTP on this port (0: any free one) instead of stdio; settings from MCPGEN_HUB_*')
    .option('--host <host>', 'the address to listen on with --http (default 127.0.0.1)')
    .option('--list-tools', 'print the names of the tools the hub would serve, then exit')
    .option(
      '--code-max-workers <n>',
      "code mode: programs run at once (default 8, ~30 MB each; more wait); other limits from MCPGEN_HUB_CODE_* as a package's",
    )
    .action(async (folders: string[], options: HubFlags) => {
      const { runHub } = await import('./commands/hub.js');
      await runHub(output, folders, options);
    });

  program
    .command('lint')
    .description('report what would make bad tools: missing descriptions, misleading methods, renamed tools...')
    .argument('<spec...>', 'spec files or folders of them')
    .option('--strict', 'exit 1 on warnings too')
    .option('--json', 'print one JSON document on stdout (see README)')
    .action(async (specs: string[], options: { strict?: boolean } & JsonFlag) => {
      const { runLint } = await import('./commands/lint.js');
      state.exitCode = await runLint(output, specs, options, jsonReport(state, 'lint', options.json));
    });

  program
    .command('mock')
    .description("serve a spec's response examples on 127.0.0.1, as a stand-in upstream API")
    .argument('<spec>', 'spec file')
    .addOption(new Option('-p, --port <port>', 'port (default: any free port)').argParser(positiveInteger))
    .action(async (spec: string, options: { port?: number }) => {
      const { runMock } = await import('./commands/mock.js');
      await runMock(output, spec, options);
    });

  program
    .command('drift')
    .description("report where APIs' responses drift from their specs, from generated servers' logs (JSON lines, warn level or lower)")
    .argument('<log...>', "log files (a server's stderr)")
    .option('--json', 'print JSON instead of text')
    .action(async (logs: string[], options: { json?: boolean }) => {
      const { runDrift } = await import('./commands/drift.js');
      runDrift(output, logs, options);
    });

  program
    .command('demo')
    .description("generate and build every server, then call the given spec's server over MCP against a mock of its API")
    .argument('<spec>', 'the spec whose server to show (npm start passes one)')
    .action(async (spec: string) => {
      const { runDemo } = await import('./commands/demo.js');
      await runDemo(output, spec);
    });

  return program;
}

/** Runs the CLI and returns the exit code; the only place that turns errors into codes. */
export async function runProgram(argv: readonly string[], output: Output): Promise<number> {
  const state: RunState = { exitCode: EXIT.ok };
  const program = createProgram(output, state);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (state.report) printReport(output, state.report, state.exitCode);
    return state.exitCode;
  } catch (error) {
    const exitCode = reportError(error, output);
    const report = state.report ?? (exitCode === EXIT.usage ? reportForRefusedArguments(argv) : undefined);
    if (report) printReport(output, report, exitCode, error);
    return exitCode;
  }
}

function reportError(error: unknown, output: Output): number {
  // commander has printed its message already; help and --version exit with 0
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof StaleOutputError || error instanceof OverBudgetError) {
    output.err(`${error.message}\n`);
    return EXIT.failed;
  }
  if (error instanceof McpgenError) {
    output.err(`mcpgen: ${error.describe()}\n`);
    for (const warning of error.issues.filter((issue) => issue.severity === 'warning')) output.err(`  ${formatIssue(warning)}\n`);
    if (error instanceof ConfigError) return EXIT.usage;
    if (error instanceof SpecLoadError || error instanceof SpecValidationError) return EXIT.spec;
    return EXIT.emit;
  }
  output.err(`mcpgen: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.emit;
}
