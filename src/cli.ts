/** Command-line wiring only: parse arguments, call a command, map failures to exit codes. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CaptureError } from './capture/errors.js';
import { EXIT } from './commands/exit.js';
import { packetsCommand } from './commands/packets.js';
import type { PacketKind } from './dissect/types.js';
import { safeText } from './util/text.js';
import { VERSION } from './version.js';

const KINDS: PacketKind[] = ['vrrp', 'carp', 'arp', 'nd', 'icmp'];

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function kindList(v: string): PacketKind[] {
  const kinds = v.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) {
    if (!KINDS.includes(k as PacketKind)) throw new InvalidArgumentError(`unknown kind "${safeText(k)}" (one of ${KINDS.join(', ')})`);
  }
  return kinds as PacketKind[];
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('vrrpscope')
    .description('VRRP/ARP capture analyzer: who was master when, and what broke')
    .version(VERSION)
    .exitOverride()
    // Usage errors: one line, prefixed like every other vrrpscope message, pointing at the help.
    .configureOutput({ outputError: (str, write) => write(`vrrpscope: ${str.trim()} (see --help)\n`) });

  program
    .command('packets')
    .description('list the VRRP, CARP, ARP, ICMPv6 ND (and ICMP errors quoting VRRP) packets in captures')
    .argument('<file...>', 'pcap or pcapng files; - reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'ndjson']).default('text'))
    .option('--count', 'print only the number of frames read and decoded per kind (one JSON object)', false)
    .option('-n, --limit <n>', 'stop after printing n packets', positiveInt)
    .option('--only <kinds>', `list only these kinds (comma-separated: ${KINDS.join(',')})`, kindList)
    .addOption(new Option('--time <mode>', 'timestamps in text output').choices(['utc', 'epoch']).default('utc'))
    .option('--show-secrets', 'print VRRPv2 plain-text passwords instead of hiding them', false)
    .action(async (files: string[], o) => {
      process.exitCode = await packetsCommand(files, {
        format: o.format,
        count: o.count,
        limit: o.limit,
        only: o.only,
        showSecrets: o.showSecrets,
        time: o.time,
      });
    });

  return program;
}

/** Runs the CLI; returns the exit code. User errors are one line on stderr, never a stack trace. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; anything else commander rejects is bad usage.
      return err.exitCode === 0 ? EXIT.OK : EXIT.INPUT;
    }
    if (err instanceof CaptureError) {
      process.stderr.write(`vrrpscope: error: ${safeText(err.message)}\n`);
      return EXIT.INPUT;
    }
    throw err;
  }
}
