/**
 * The terminal UI in a real terminal: tmux runs `vrrpscope analyze` on a real recording, the screen
 * (capture-pane) shows the groups and the split brain, keys navigate, q exits cleanly with the
 * documented exit code and leaves a usable terminal.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CAPTURES, CLI } from '../support/paths.js';

const HAVE_TMUX = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;
const session = `vrrpscope-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);

async function waitFor(re: RegExp, ms = 8000): Promise<string> {
  const end = Date.now() + ms;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (re.test(last)) return last;
    await sleep(100);
  }
  assert.fail(`screen never matched ${re}:\n${last}`);
}

test(
  'analyze in a real terminal (tmux): table, timeline, detail view, q exits cleanly',
  { skip: HAVE_TMUX ? false : 'needs tmux (apt-get install tmux)', timeout: 30_000 },
  async () => {
    const capture = join(CAPTURES, 'real', 'split-brain.pcap');
    // After vrrpscope exits the shell prints its exit status and whether the terminal echoes again
    // (cooked mode), on one line written at once: waiting for that line cannot race a second one.
    // A user's terminal: without CI in the environment (ink draws only a final frame when CI is set).
    const cmd = `env -u CI node ${CLI} analyze ${capture}; echo "EXIT=$? ECHO=$(stty -a | grep -c ' echo ')"; sleep 20`;
    tmux('new-session', '-d', '-s', session, '-x', '110', '-y', '34', cmd);
    try {
      const main = await waitFor(/TIMELINE/);
      assert.match(main, /VRID\s+IP\s+VIRTUAL\s+MASTER/);
      assert.match(main, /51\s+v4\s+10\.99\.0\.100\s+A 10\.99\.0\.1 \(150\)/);
      assert.match(main, /!!!!/, 'the split brain shows in the timeline strip');
      assert.match(main, /duplicate-master/);

      tmux('send-keys', '-t', session, 'Enter');
      const detail = await waitFor(/TRANSITIONS/);
      assert.match(detail, /ROUTERS/);
      assert.match(detail, /10\.99\.0\.2\s+02:99:00:00:00:02\s+100/);
      assert.match(detail, /split-brain/);

      tmux('send-keys', '-t', session, 'Escape');
      await waitFor(/VRID\s+IP\s+VIRTUAL/);

      tmux('send-keys', '-t', session, 'q');
      const after = await waitFor(/EXIT=\d+ ECHO=\d/);
      assert.match(after, /EXIT=1 /, 'duplicate-master is an error: exit 1 (--fail-on error)');
      assert.match(after, /ECHO=1/, 'the terminal is back in cooked mode (echo on, not -echo)');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  },
);

const HAVE_LIVE =
  process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v keepalived && command -v nft']).status === 0;

test(
  'live in a real terminal (tmux) on a bridge with keepalived: the master appears, keys navigate, q exits',
  { skip: HAVE_TMUX && HAVE_LIVE ? false : 'needs root, tmux, keepalived and nftables', timeout: 60_000 },
  async () => {
    const run = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    const topology = join(CAPTURES, '..', 'test', 'e2e', 'topology.sh');
    const liveSession = `${session}-live`;
    try {
      execFileSync(topology, ['up', run], { stdio: 'ignore' });
      const cmd = `ip netns exec vse-br env -u CI node ${CLI} live br0; echo "EXIT=$? ECHO=$(stty -a | grep -c ' echo ')"; sleep 20`;
      tmux('new-session', '-d', '-s', liveSession, '-x', '110', '-y', '34', cmd);
      const live = () => tmux('capture-pane', '-p', '-t', liveSession);
      const until = async (re: RegExp, ms = 15_000) => {
        const end = Date.now() + ms;
        let last = '';
        while (Date.now() < end) {
          last = live();
          if (re.test(last)) return last;
          await sleep(200);
        }
        assert.fail(`screen never matched ${re}:\n${last}`);
      };
      // keepalived's r1 (priority 150) becomes master about 3.6 s after starting.
      const main = await until(/51\s+v4\s+10\.99\.0\.100\s+A 10\.99\.0\.1 \(150\)/);
      assert.match(main, /capturing on br0/);
      tmux('send-keys', '-t', liveSession, 'Enter');
      await until(/ROUTERS/);
      tmux('send-keys', '-t', liveSession, 'Escape');
      await until(/VRID\s+IP\s+VIRTUAL/);
      tmux('send-keys', '-t', liveSession, 'q');
      const after = await until(/EXIT=\d+ ECHO=\d/);
      assert.match(after, /EXIT=0 /, 'a healthy pair: exit 0');
      assert.match(after, /ECHO=1/, 'the terminal is back in cooked mode');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', liveSession]);
      spawnSync(topology, ['down', run]);
    }
  },
);
