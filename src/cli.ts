/** Command-line wiring only: parse arguments, call a command, map failures to exit codes. */
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CaptureError } from './capture/errors.js';
import { EXIT } from './commands/exit.js';
import type { PacketSelection, TimeBound, TimeMode } from './render/packet-detail.js';
import { ANALYZE_FORMATS, analyzeCommand, type AnalyzeOptions } from './commands/analyze.js';
import type { Listen } from './monitor/listen.js';
import type { LiveOptions } from './commands/live.js';
import type { CheckOptions } from './commands/check.js';
import { DEFAULT_CHECK_SECONDS, checkFailed, printUnknown } from './commands/check-failed.js';
import type { Expectations } from './monitor/verdict.js';
import { RULES } from './analyze/rules/index.js';
import { SEVERITIES, type Severity } from './report/types.js';
import type { PacketKind } from './dissect/types.js';
import { OutputError } from './util/output.js';
import { safeText } from './util/text.js';
import { VERSION } from './version.js';
import { SHELLS, completion, type Shell } from './cli-docs.js';
import { sayError } from './util/say.js';
import {
  KINDS,
  collect,
  collectVrid,
  duration,
  expectMaster,
  kindList,
  listenAddress,
  nonNegativeInt,
  positiveInt,
  ruleSettings,
  timeBound,
  vlanId,
  vrid,
} from './cli-options.js';

/**
 * What commander hands each action: one field per option, typed by its parser, choices and default
 * (commander itself types them as any).
 */
interface RuleFlags {
  failOn: Severity | 'none';
  rule: string[];
  set: string[];
  time: 'utc' | 'epoch';
  showSecrets: boolean;
}
interface PacketsFlags {
  format: 'text' | 'ndjson';
  count: boolean;
  limit?: number;
  only?: PacketKind[];
  time: TimeMode;
  showSecrets: boolean;
  vrid?: number;
  router?: string;
  vlan?: number;
  from?: TimeBound;
  to?: TimeBound;
  verbose: boolean;
  hex: boolean;
}
interface AnalyzeFlags extends RuleFlags {
  format?: AnalyzeOptions['format'];
  output?: string;
  baseline?: string;
}
interface CheckFlags {
  format: CheckOptions['format'];
  checkmkHeader: boolean;
  duration?: number;
  failOn: Severity | 'none';
  rule: string[];
  set: string[];
  expectMaster: Expectations['masters'];
  expectGroups?: number;
  expectVrid: number[];
  filter?: string;
  snaplen: number;
}
interface LiveFlags extends RuleFlags {
  format?: LiveOptions['format'];
  metrics?: Listen;
  filter?: string;
  write?: string;
  duration?: number;
  count?: number;
  snaplen: number;
  stateEvery: number;
}

/**
 * The commands and their options: what parses the command line, prints --help, and generates the
 * man page and the completion scripts (cli-docs.ts).
 * @public (scripts/man.mjs builds the man page from it)
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('vrrpscope')
    .description('VRRP/ARP capture analyzer: who was master when, and what broke')
    .version(VERSION)
    .exitOverride()
    // Usage errors: one line, prefixed like every other vrrpscope message, pointing at the help.
    // commander echoes unknown options, commands and values: escaped like everything from outside.
    .configureOutput({ outputError: (str, write) => write(`vrrpscope: ${safeText(str.trim())} (see --help)\n`) });

  program
    .command('packets')
    .description('list the VRRP, CARP, ARP, ICMPv6 ND (and ICMP errors quoting VRRP) packets in captures')
    .argument('<file...>', 'pcap or pcapng files; - reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'ndjson']).default('text'))
    .option('--count', 'print only the number of frames read and decoded per kind (one JSON object)', false)
    .option('-n, --limit <n>', 'stop after printing n packets', positiveInt)
    .option('--only <kinds>', `list only these kinds (comma-separated: ${KINDS.join(',')})`, kindList)
    .option('--vrid <n>', 'only packets of this VRID (VRRP; CARP vhid; ICMP errors quoting it)', vrid)
    .option('--router <address>', 'only packets from this router: IP source, ARP sender, or MAC', (v: string) => v)
    .option('--vlan <id>', 'only packets carrying this VLAN tag (at any depth)', vlanId)
    .option(
      '--from <time>',
      'only packets from this time: +SECONDS after the first frame, epoch, or date-time',
      timeBound,
    )
    .option('--to <time>', 'only packets up to this time (same forms as --from)', timeBound)
    .addOption(
      new Option(
        '--time <mode>',
        'timestamps in text output: UTC or local date-time, epoch, relative to the first frame, delta from the previous packet shown',
      )
        .choices(['utc', 'local', 'epoch', 'relative', 'delta'])
        .default('utc'),
    )
    .option('-v, --verbose', 'text: every field of every layer under each packet', false)
    .option('-x, --hex', 'text: the frame bytes in hex and printable ASCII under each packet', false)
    .option('--show-secrets', 'print VRRPv2 plain-text passwords instead of hiding them', false)
    .action(async (files: string[], o: PacketsFlags) => {
      const select: PacketSelection = {};
      if (o.vrid !== undefined) select.vrid = o.vrid;
      if (o.router !== undefined) select.router = o.router;
      if (o.vlan !== undefined) select.vlan = o.vlan;
      if (o.from !== undefined) select.from = o.from;
      if (o.to !== undefined) select.to = o.to;
      const { packetsCommand } = await import('./commands/packets.js');
      process.exitCode = await packetsCommand(files, {
        format: o.format,
        count: o.count,
        limit: o.limit,
        only: o.only,
        showSecrets: o.showSecrets,
        time: o.time,
        select,
        verbose: o.verbose,
        hex: o.hex,
      });
    });

  program
    .command('analyze')
    .description('reconstruct who was master of each virtual router when, every failover, and what broke')
    .argument('<file...>', 'pcap or pcapng files (merged in time order, as one capture); - reads standard input')
    .addOption(
      new Option(
        '-f, --format <format>',
        'tui (default on a terminal), text (default on a pipe or with -o), json, html (one self-contained page), ' +
          'or prometheus (metrics of the end state)',
      ).choices(ANALYZE_FORMATS),
    )
    .option(
      '-o, --output <file>',
      'write the report to this file (replaced only once complete) instead of standard output',
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe')
        .choices([...SEVERITIES, 'none'])
        .default('error'),
    )
    .option(
      '--baseline <report.json>',
      'compare findings with a saved JSON report; exit 1 on any new or missing finding',
    )
    .option('--rule <id=level>', "set a rule's severity (info, warning, error) or turn it off; repeatable", collect, [])
    .option('--set <id.option=value>', 'set a rule option, e.g. flapping.threshold=5; repeatable', collect, [])
    .addOption(new Option('--time <mode>', 'timestamps in text output').choices(['utc', 'epoch']).default('utc'))
    .option('--show-secrets', 'print VRRPv2 plain-text passwords instead of masking them', false)
    .action(async (files: string[], o: AnalyzeFlags) => {
      const rules = ruleSettings(o.rule, o.set);
      if (o.output !== undefined && o.format === 'tui')
        throw new InvalidArgumentError('--output needs a file format: text, json or html');
      // The interactive UI needs a terminal on both ends (keys come from standard input).
      const interactive =
        process.stdout.isTTY === true && process.stdin.isTTY === true && !files.includes('-') && o.output === undefined;
      process.exitCode = await analyzeCommand(files, {
        format: o.format ?? (interactive ? 'tui' : 'text'),
        output: o.output,
        failOn: o.failOn,
        baseline: o.baseline,
        rules,
        showSecrets: o.showSecrets,
        time: o.time,
        color: process.stdout.isTTY === true && !process.env.NO_COLOR,
      });
    });

  program
    .command('live')
    .description('watch the virtual routers on an interface live (or a pcap stream on standard input: -)')
    .argument('<interface>', 'capture interface (see `vrrpscope interfaces`), or - for a pcap stream on standard input')
    .addOption(
      new Option(
        '-f, --format <format>',
        'tui (default on a terminal), ndjson events (default on a pipe), the final report as text/json, or none',
      ).choices(['tui', 'ndjson', 'text', 'json', 'none']),
    )
    .option(
      '--metrics <[addr:]port>',
      'serve Prometheus metrics on http://ADDR:PORT/metrics while capturing (address default 127.0.0.1)',
      listenAddress,
    )
    .option('--filter <bpf>', 'capture filter instead of the default (VRRP, ARP and neighbor discovery, tagged or not)')
    .option(
      '-w, --write <file.pcap>',
      'also save every captured packet to a pcap file (flushed on exit, SIGINT and SIGTERM)',
    )
    .option('--duration <time>', 'stop after this long (30s, 5m, 1h)', duration)
    .option('-c, --count <n>', 'stop after n frames', positiveInt)
    .option(
      '--snaplen <bytes>',
      "bytes captured per frame (at most 65535: the cap binding fixes libpcap's snaplen there)",
      positiveInt,
      65535,
    )
    .option('--state-every <seconds>', 'seconds between group-state events in ndjson output', duration, 5)
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe')
        .choices([...SEVERITIES, 'none'])
        .default('error'),
    )
    .option('--rule <id=level>', "set a rule's severity or turn it off; repeatable", collect, [])
    .option('--set <id.option=value>', 'set a rule option; repeatable', collect, [])
    .addOption(new Option('--time <mode>', 'timestamps in the text report').choices(['utc', 'epoch']).default('utc'))
    .option('--show-secrets', 'print VRRPv2 plain-text passwords instead of masking them', false)
    .action(async (iface: string, o: LiveFlags) => {
      const { liveCommand } = await import('./commands/live.js');
      const tty = process.stdout.isTTY === true;
      const options: LiveOptions = {
        format: o.format ?? (tty ? 'tui' : 'ndjson'),
        filter: o.filter,
        write: o.write,
        duration: o.duration,
        count: o.count,
        snaplen: o.snaplen,
        failOn: o.failOn,
        rules: ruleSettings(o.rule, o.set),
        showSecrets: o.showSecrets,
        time: o.time,
        stateEvery: o.stateEvery,
        color: tty && !process.env.NO_COLOR,
        metrics: o.metrics,
      };
      process.exitCode = await liveCommand(iface, options);
    });

  const check = program
    .command('check')
    .description(
      'monitoring check (Nagios, Icinga, NRPE, Checkmk): watch an interface or read captures, ' +
        'exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN',
    )
    .argument('<source...>', 'an interface, capture files, or - for a pcap stream on standard input')
    .addOption(
      new Option('-f, --format <format>', 'nagios plugin output, or checkmk local check lines')
        .choices(['nagios', 'checkmk'])
        .default('nagios'),
    )
    .option('--checkmk-header', 'print the <<<local:sep(0)>>> section header (for use as an agent plugin)', false)
    .option(
      '--duration <time>',
      `how long to watch an interface (default ${DEFAULT_CHECK_SECONDS}s); with -, stop reading after it`,
      duration,
    )
    .option(
      '--expect-master <vrid=address>',
      'CRITICAL unless this router is the one master of that VRID; repeatable',
      expectMaster,
      [],
    )
    .option('--expect-groups <n>', 'CRITICAL when fewer virtual routers are heard, WARNING when more', nonNegativeInt)
    .option(
      '--expect-vrid <vrid>',
      'CRITICAL when no virtual router with this VRID is heard; repeatable',
      collectVrid,
      [],
    )
    .addOption(
      new Option('--fail-on <severity>', 'findings at least this severe change the state (error: CRITICAL)')
        .choices([...SEVERITIES, 'none'])
        .default('warning'),
    )
    .option('--rule <id=level>', "set a rule's severity or turn it off; repeatable", collect, [])
    .option('--set <id.option=value>', 'set a rule option; repeatable', collect, [])
    .option('--filter <bpf>', 'capture filter instead of the default (VRRP, ARP and neighbor discovery)')
    .option('--snaplen <bytes>', 'bytes captured per frame', positiveInt, 65535)
    .action(async (sources: string[], o: CheckFlags) => {
      const { checkCommand } = await import('./commands/check.js');
      process.exitCode = await checkCommand(sources, {
        format: o.format,
        checkmkHeader: o.checkmkHeader,
        duration: o.duration ?? DEFAULT_CHECK_SECONDS,
        durationGiven: o.duration !== undefined,
        failOn: o.failOn,
        rules: ruleSettings(o.rule, o.set),
        expect: { masters: o.expectMaster, groups: o.expectGroups, vrids: o.expectVrid },
        filter: o.filter,
        snaplen: o.snaplen,
      });
    });
  // A check that cannot run says so the way monitoring reads it: on standard output, UNKNOWN.
  check.configureOutput({
    writeErr: () => undefined,
    outputError: (str) => printUnknown(`${str.trim()} (see --help)`),
  });

  program
    .command('interfaces')
    .description('list the capture interfaces')
    .action(async () => {
      const { interfacesCommand } = await import('./commands/interfaces.js');
      process.exitCode = await interfacesCommand();
    });

  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish); see the script for how to install it')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action((shell: Shell) => {
      process.stdout.write(completion(buildProgram(), shell));
    });

  program
    .command('rules')
    .description('list the finding rules: id, default severity, options')
    .action(() => {
      for (const r of RULES) {
        const opts = Object.entries(r.meta.options).map(([k, v]) => `${k}=${v.default} (${v.description})`);
        const options = opts.length ? `\n${' '.repeat(34)}options: ${opts.join('; ')}` : '';
        process.stdout.write(
          `${r.meta.id.padEnd(24)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.description}${options}\n`,
        );
      }
    });

  return program;
}

/** Runs the CLI; returns the exit code. User errors are one line on stderr, never a stack trace. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  // The root program's own options take no value: the first word that is not an option is the command.
  const checking = argv.slice(2).find((a) => !a.startsWith('-')) === 'check';
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (checking) return checkFailed(err);
    // Thrown by our own validation inside an action (commander has not printed it). It is a
    // CommanderError subclass, so it must be handled first.
    if (err instanceof InvalidArgumentError) {
      sayError(`${err.message} (see --help)`);
      return EXIT.INPUT;
    }
    if (err instanceof CommanderError) {
      // Help and version are successes; anything else commander rejects is bad usage.
      return err.exitCode === 0 ? EXIT.OK : EXIT.INPUT;
    }
    if (err instanceof OutputError) {
      sayError(err.message);
      return EXIT.INPUT;
    }
    if (err instanceof CaptureError) {
      sayError(err.message);
      return EXIT.INPUT;
    }
    throw err;
  }
}
