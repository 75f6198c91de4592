/**
 * The HTML report at its scale targets (issue 12: 40 groups over an hour, 10,000 transitions): the
 * page's size and how long headless Chromium takes to open it (navigation start to the first frame
 * after the load event, median of three).
 *
 *   npm run build:test && node build/bench/html.js
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HAVE_CHROMIUM, launch, NO_CHROMIUM, open } from '../test/support/browser.js';
import { fortyGroupsHour, tenThousandTransitions } from '../test/support/html-scale.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = path.join(root, 'bench', 'data');
const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));

const CASES = { 'forty-groups-hour': fortyGroupsHour, 'transitions-10k': tenThousandTransitions };

async function main(): Promise<void> {
  if (!HAVE_CHROMIUM) {
    process.stderr.write(`${NO_CHROMIUM}\n`);
    process.exit(2);
  }
  mkdirSync(dataDir, { recursive: true });
  const browser = await launch();
  try {
    process.stdout.write(
      'case                 pcap MB  analyze+render s  html MB  open in Chromium ms (median of 3)\n',
    );
    for (const [name, build] of Object.entries(CASES)) {
      const pcap = path.join(dataDir, `html-${name}.pcap`);
      if (!existsSync(pcap)) writeFileSync(pcap, build());
      const html = path.join(dataDir, `html-${name}.html`);
      const start = process.hrtime.bigint();
      try {
        execFileSync(process.execPath, [cli, 'analyze', '--format', 'html', '-o', html, pcap], { stdio: 'ignore' });
      } catch {
        // exit 1: findings (the crashes are failovers, some slow); the page is written all the same
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const o = await open(browser, html);
        if (o.problems.length || o.requests.length)
          throw new Error(`${name}: ${[...o.problems, ...o.requests].join('; ')}`);
        times.push(o.openMs);
        await o.page.close();
      }
      const ms = times.sort((a, b) => a - b)[1];
      const mb = (f: string) => (statSync(f).size / 1e6).toFixed(2);
      process.stdout.write(
        `${name.padEnd(20)} ${mb(pcap).padStart(7)}  ${seconds.toFixed(2).padStart(16)}  ${mb(html).padStart(7)}  ${ms.toFixed(0).padStart(8)}\n`,
      );
    }
  } finally {
    await browser.close();
  }
}

await main();
