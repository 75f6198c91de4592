/**
 * The finding store's bound: at most FINDINGS_LISTED findings of a rule per group and messageId,
 * the further ones one finding that counts them, and every count the renderers print a true total.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LazyMessage, Rule, RuleMessage } from '../../src/analyze/rule.js';
import type { Finding } from '../../src/report/types.js';
import { FINDINGS_LISTED, findingTotal } from '../../src/report/types.js';
import { compareWithBaseline } from '../../src/analyze/baseline.js';
import { FindingStore } from '../../src/analyze/findings.js';
import { prometheusLines } from '../../src/render/prometheus.js';
import { renderText } from '../../src/render/report-text.js';
import { verdict } from '../../src/monitor/verdict.js';
import { R1, R2, rel, Scenario } from '../support/scenario.js';
import { noMaster } from '../../src/analyze/rules/no-master.js';
import { noMasterSpans } from '../../src/report/episodes.js';

/**
 * A finding per advert ("seen"), the previous one extended by the next advert ("seenUntil"); every
 * 50th advert a finding of another message ("fifty"), and one of no group per advert ("loose").
 */
const perAdvert: Rule = {
  meta: {
    id: 'per-advert',
    defaultSeverity: 'warning',
    description: 'test',
    options: {},
    messages: {
      seen: 'advert {{n}} seen',
      seenUntil: 'advert {{n}} seen, and the next',
      fifty: 'advert {{n}} is a fiftieth',
      loose: 'advert {{n}} of no group',
    },
  },
  create(ctx) {
    let n = 0;
    let previous: Finding | null = null;
    return {
      advert(e) {
        if (previous) ctx.extend(previous, e.time, [e.frame], { messageId: 'seenUntil', data: { n: n - 1 } });
        const draft = { from: e.time, to: e.time, routers: [e.router.address], frames: [e.frame] };
        previous = ctx.report({ ...draft, group: e.group, messageId: 'seen', data: { n } });
        if (n % 50 === 0) ctx.report({ ...draft, group: e.group, messageId: 'fifty', data: { n } });
        ctx.report({ ...draft, messageId: 'loose', data: { n } });
        n++;
      },
    };
  },
};

test('a rule past 100 findings of one kind in a group: the first 100 listed, one finding counts the rest', () => {
  const s = new Scenario();
  s.every(0, 300, 1, R1); // 301 adverts
  const report = s.analyze({ rules: [perAdvert] });
  const seen = report.findings.filter((f) => f.messageId === 'seen' || f.messageId === 'seenUntil');
  assert.equal(seen.length, FINDINGS_LISTED);
  assert.deepEqual(
    seen.map((f) => [rel(f.from), rel(f.to), f.frameCount]),
    Array.from({ length: 100 }, (_, k) => [k, k + 1, 2]),
  );
  const more = report.findings.filter((f) => f.messageId === 'moreFindings');
  assert.equal(more.length, 2);
  const [group, loose] = more[0].group === undefined ? [more[1], more[0]] : more;
  // Adverts 100-300 in the group: their span and frames together; the routers of them all.
  assert.equal(group.count, 201);
  assert.deepEqual([rel(group.from), rel(group.to)], [100, 300]);
  assert.equal(group.frameCount, 201);
  assert.equal(group.frames.length, 100);
  assert.deepEqual(group.routers, [R1.address]);
  assert.deepEqual(
    [group.group, group.vrid, group.severity, group.rule],
    [report.groups[0].id, 51, 'warning', 'per-advert'],
  );
  assert.equal(
    group.message,
    '201 more per-advert findings like this for VRID 51 (ipv4) past the first 100; the latest: advert 300 seen',
  );
  assert.deepEqual(group.data, {
    count: 201,
    rule: 'per-advert',
    listed: 100,
    group: 'VRID 51 (ipv4)',
    latest: 'advert 300 seen',
  });
  // Findings of another message are listed on their own count: 7 of them, all listed.
  assert.equal(report.findings.filter((f) => f.messageId === 'fifty').length, 7);
  // Findings of no group: 100 listed, and one counts the other 201 (its message names no group).
  assert.equal(report.findings.filter((f) => f.messageId === 'loose').length, 100);
  assert.equal(loose.count, 201);
  assert.match(
    loose.message,
    /^201 more per-advert findings like this past the first 100; the latest: advert 300 of no group$/,
  );
  // 100 + 1 + 7 + 100 + 1 listed, standing for 301 + 7 + 301.
  assert.equal(report.findings.length, 209);
  assert.equal(findingTotal(report.findings), 609);
});

test('every count of findings is the true total: the text, the metrics, the monitoring verdict, baselines', () => {
  const s = new Scenario();
  s.every(0, 300, 1, R1);
  const report = s.analyze({ rules: [perAdvert] });
  const text = renderText(report, { time: 'epoch', color: false });
  assert.match(
    text,
    /^Findings: 0 errors, 609 warnings, 0 info \(past 100 alike in a group, one line counts the rest\)$/m,
  );
  const metrics = [...prometheusLines(report, { version: 'test', now: null })];
  assert.ok(metrics.includes('vrrpscope_findings_total{rule="per-advert",severity="warning"} 609'), metrics.join('\n'));
  assert.equal(verdict(report, { expect: { masters: [], vrids: [] }, failOn: 'warning' }).findingCounts.warning, 609);
  // A baseline with fewer of them counted differs, though as many findings are listed.
  const fewer = structuredClone(report);
  const more = fewer.findings.find((f) => f.messageId === 'moreFindings' && f.group !== undefined)!;
  more.count = 200;
  const diff = compareWithBaseline(report, fewer);
  assert.deepEqual([diff.added.length, diff.missing.length], [1, 1]);
  assert.deepEqual(compareWithBaseline(report, report), { added: [], missing: [] });
});

/**
 * A finding per advert up to advert 150, whose finding every later advert extends (an episode that
 * goes on) with `message(long, n)`: past the first 100 findings, so the finding that counts the
 * rest quotes it.
 */
function episodeRule(long: string, message: (f: Finding, n: number) => RuleMessage | LazyMessage): Rule {
  return {
    meta: {
      id: 'episode',
      defaultSeverity: 'info',
      description: 'test',
      options: {},
      messages: { one: 'advert {{n}}', long },
    },
    create(ctx) {
      let n = 0;
      let episode: Finding | null = null;
      return {
        advert(e) {
          if (episode) ctx.extend(episode, e.time, [e.frame], message(episode, n));
          else {
            const draft = { group: e.group, from: e.time, to: e.time, routers: [e.router.address], frames: [e.frame] };
            const f = ctx.report({ ...draft, messageId: 'one', data: { n } });
            if (n === 150) episode = f;
          }
          n++;
        },
      };
    },
  };
}

test("a finding past the limit is still the rule's to extend: its frames reach the finding that counts it", () => {
  const episode = episodeRule('advert {{n}}, {{frames}} frames so far', (f) => ({
    messageId: 'long',
    data: { n: 150, frames: f.frameCount + 1 },
  }));
  const s = new Scenario();
  s.every(0, 300, 1, R1);
  const f = s.analyze({ rules: [episode] }).findings;
  assert.equal(f.length, 101);
  const more = f[100];
  // Adverts 100-150 raised findings; 151-300 extended the last of them.
  assert.equal(more.count, 51);
  assert.deepEqual([rel(more.from), rel(more.to), more.frameCount], [100, 300, 201]);
  assert.match(more.message, /; the latest: advert 150, 151 frames so far$/);
});

test('the finding that counts the rest is not drawn as one long time without master', () => {
  // 150 slow takeovers: each master advertises 3 times, then 9 s pass without an advert.
  const s = new Scenario();
  for (let k = 0; k < 150; k++) s.every(11 * k, 11 * k + 2, 1, k % 2 ? R2 : R1);
  const report = s.analyze({ rules: [noMaster] });
  const found = report.findings.filter((f) => f.rule === 'no-master');
  assert.equal(found.length, 101);
  assert.equal(findingTotal(found), 149);
  // The counting finding spans from its first silence to its last (hours of takeovers in a real
  // capture); the pictures draw the 100 silences listed, each under 10 s.
  const spans = noMasterSpans(report.findings);
  assert.equal(spans.length, 100);
  assert.ok(spans.every((x) => x.to - x.from < 10));
});

test('a message given as a function is made only when the finding is read, as it was when given', () => {
  let made = 0;
  const seenAt: unknown[] = [];
  const lazy: Rule = {
    meta: {
      id: 'lazy',
      defaultSeverity: 'info',
      description: 'test',
      options: {},
      messages: { count: '{{n}} adverts', eager: '{{n}} adverts (given as it is)' },
    },
    create(ctx) {
      let f: Finding | null = null;
      let n = 0;
      return {
        advert(e) {
          n++;
          if (!f) {
            f = ctx.report({
              from: e.time,
              to: e.time,
              routers: [],
              frames: [e.frame],
              messageId: 'count',
              data: { n },
            });
            return;
          }
          // The value of now, held by the function (n goes on changing).
          const held = n;
          if (n === 8) ctx.extend(f, e.time, [e.frame], { messageId: 'eager', data: { n } });
          else
            ctx.extend(f, e.time, [e.frame], () => {
              made++;
              return { messageId: 'count', data: { n: held } };
            });
          // A rule reading its finding's message back gets the latest one given.
          if (n === 5 || n === 8) seenAt.push(ctx.message(f).data?.n);
          // An eager message replaces a function given before it.
          if (n === 8) assert.equal(ctx.message(f).messageId, 'eager');
        },
      };
    },
  };
  const s = new Scenario();
  s.every(0, 11, 1, R1);
  const f = s.analyze({ rules: [lazy] }).findings;
  assert.equal(f.length, 1);
  assert.equal(f[0].message, '12 adverts');
  assert.deepEqual(f[0].data, { n: 12 });
  assert.equal(f[0].frameCount, 12);
  assert.deepEqual(seenAt, [5, 8]);
  // Ten functions given; made twice: read back at the fifth advert, and in the report.
  assert.equal(made, 2);
});

test('a finding past the limit extended with a message function: the finding that counts it quotes it', () => {
  const episode = episodeRule('advert {{n}}, until {{until}}', (_, until) => () => ({
    messageId: 'long',
    data: { n: 150, until },
  }));
  const s = new Scenario();
  s.every(0, 300, 1, R1);
  const f = s.analyze({ rules: [episode] }).findings;
  assert.equal(f.length, 101);
  assert.match(f[100].message, /; the latest: advert 150, until 300$/);
});

test('frames are counted once past the 100 kept, and the bookkeeping is not part of the finding', () => {
  const rule: Rule = {
    meta: { id: 'frames', defaultSeverity: 'info', description: 'test', options: {}, messages: { m: 'frames' } },
    create: () => ({}),
  };
  const store = new FindingStore(() => {});
  const f = store.raise(rule, 'info', { from: 0, to: 0, routers: [], frames: [1], messageId: 'm', data: {} });
  // Frames 2..150 in order, each given twice (the same evidence proving two things), and now and then
  // one of the last few again, or one of the first (kept) frames.
  for (let fr = 2; fr <= 150; fr++) {
    store.extendFrame(f, fr, fr);
    store.extendFrame(f, fr, fr);
    if (fr % 10 === 0) store.extend(rule, f, fr, [fr - 3, 5]);
  }
  assert.equal(f.frameCount, 150);
  assert.deepEqual(
    f.frames,
    Array.from({ length: 100 }, (_, i) => i + 1),
  );
  assert.equal(f.to, 150);
  // A frame from before the last few and past the kept ones is not remembered: counted again
  // (the documented bound, RECENT_FRAMES), as a new one is.
  store.extend(rule, f, 151, [120, 151]);
  assert.equal(f.frameCount, 152);
  // The report's finding: the same fields as ever, nothing of the bookkeeping in JSON or a copy.
  const plain = JSON.parse(JSON.stringify(f)) as Finding;
  assert.deepEqual(Object.keys(f), Object.keys(plain));
  assert.deepEqual({ ...f }, plain);
  assert.deepEqual(store.copies(), [plain]);
});
