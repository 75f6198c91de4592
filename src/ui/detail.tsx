/**
 * The detail view of one group: its strip, routers (MAC, priorities, adverts, interval, when last heard, how soon
 * each backup would take over), RFC timers, master periods, transitions with their delays against
 * the RFC timers, and findings with the frames that prove them. Built as rows; the App scrolls them.
 */
import {
  findingTotal,
  ADDRESSES_SHOWN,
  HISTORY_KEPT,
  historyGap,
  ROUTERS_CHOSEN,
  type Finding,
  type RouterNow,
  type TransitionReport,
} from '../report/types.js';
import { firstOf } from '../util/text.js';
import { AUTH_TEXT, ageText, clock, interval, secs, shortSpan, takeoverTimers, wrap } from './format.js';
import { SEVERITY_COLOR, statusSeg } from './group-table.js';
import { Rows, row, seg, type Row, type Seg } from './lines.js';
import { routerColor } from './identity.js';
import { axisRow, groupStrip, stripSegs } from './timeline-view.js';
import { groupLabel, type GroupRow } from './view-model.js';
import { byAddress, ownerRows, priorityRows, timerRows } from './detail-sections.js';
import { tableRows } from './table-rows.js';
import { pushAll } from '../util/lists.js';

const blank = (key: string): Row => row(key, seg(' '));
const title = (key: string, text: string, extra = ''): Row =>
  row(key, seg(text, { bold: true }), ...(extra ? [seg(`  ${extra}`, { dim: true })] : []));

/** "10000 (the first 500 and the latest 500 listed)" for a history kept as its two ends; else the count. */
function listedOf(count: number, gap: ReturnType<typeof historyGap>): string {
  return gap ? `${count} (${HISTORY_KEPT} listed)` : `${count}`;
}

/** `rows` with a row saying how many are left out where a history kept as its two ends leaves them out. */
function withGapRow(rows: Seg[][][], gap: ReturnType<typeof historyGap>, columns: number): Seg[][][] {
  if (!gap) return rows;
  const mark: Seg[][] = [[seg('...', { dim: true })], [seg(`${gap.left} more`, { dim: true })]];
  while (mark.length < columns) mark.push([seg('')]);
  return [...rows.slice(0, gap.at), mark, ...rows.slice(gap.at)];
}

function transitionDelay(t: TransitionReport): Seg[] {
  if (t.delay === null) return [seg('-')];
  return [seg(secs(t.delay))];
}

/** Delay minus the RFC timer: "+0.002 s". */
function transitionDiff(t: TransitionReport): Seg[] {
  if (t.delay === null || t.expectedDelay === null) return [seg('-')];
  const d = t.delay - t.expectedDelay;
  return [seg(`${d >= 0 ? '+' : '-'}${Math.abs(d).toFixed(3)} s`)];
}

function frames(f: Finding): string {
  if (f.frames.length === 0) return '';
  const shown = f.frames.slice(0, 10).map(String).join(', ');
  return `frame${f.frameCount === 1 ? '' : 's'} ${shown}${f.frameCount > 10 ? `, ... ${f.frameCount} in all` : ''}`;
}

/** What a router is now: "master", "backup", "released", or "silent since 00:29:02". */
function roleSegs(r: RouterNow | undefined): Seg[] {
  if (!r) return [seg('-')];
  if (r.role === 'master') return [seg('master', { bold: true })];
  if (r.role === 'silent') return [seg(`silent since ${clock(r.lastHeard).slice(0, 8)}`, { color: 'yellow' })];
  return [seg(r.role, r.role === 'released' ? { dim: true } : {})];
}

/** "00:29:02.899 (0.4 s ago)": when a router was last heard, and how long before now. */
function lastHeard(r: RouterNow | undefined, lastSeen: number): string {
  return r ? `${clock(r.lastHeard)} (${shortSpan(r.silentFor)} ago)` : clock(lastSeen);
}

export function detailRows(
  g: GroupRow,
  o: { span: { from: number; to: number } | null; live: boolean; width: number },
): Row[] {
  const width = Math.max(1, o.width);
  const rows: Row[] = [];
  const letters = g.letters;
  const letterSeg = (a: string): Seg => {
    const l = letters.get(a) ?? '*';
    return seg(l, { color: routerColor(l), bold: true });
  };
  const versions = [...new Set(g.routers.map((r) => r.version))].sort();
  const vtext = versions.length ? `VRRPv${versions.join('+v')}` : '';

  // Heading.
  rows.push(
    row('d-title', seg(`${groupLabel(g)}${vtext ? ` ${vtext}` : ''}`, { bold: true }), seg('  '), statusSeg(g.status)),
  );
  const virtual = firstOf(g.virtualAddresses, ADDRESSES_SHOWN, ', ', g.virtualAddressCount);
  for (const [i, l] of wrap(`virtual ${virtual || '-'}`, width - 2).entries())
    rows.push(row(`d-virt${i}`, seg(`  ${l}`)));
  const mastersText =
    g.masters.length === 0
      ? 'no master'
      : g.masters.length > 1
        ? `acting as master: ${g.masters
            .map((m) => {
              const p = byAddress(g.liveness, m)?.priority;
              return p === undefined ? m : `${m} (${p})`;
            })
            .join(', ')}`
        : `master ${g.master}${g.masterPriority === null ? '' : ` (priority ${g.masterPriority})`}`;
  const down = g.masterDown;
  rows.push(
    row(
      'd-master',
      seg(`  ${mastersText}`, g.masters.length === 1 ? {} : { color: 'red', bold: true }),
      seg(`  last advert ${ageText(g.lastAdvertAge, down)}${o.live ? ' ago' : ' before the end of the capture'}`),
    ),
  );
  rows.push(blank('d-b1'));

  // Strip, full width.
  const indent = 2;
  rows.push(
    title('d-tl', 'TIMELINE', `${[...letters].map(([a, l]) => `${l}=${a}`).join('  ')}   ! split brain   - no master`),
  );
  rows.push(axisRow('d-axis', o.span, indent, width));
  rows.push(row('d-strip', seg(' '.repeat(indent)), ...stripSegs(groupStrip(g, o.span, Math.max(1, width - indent)))));
  rows.push(blank('d-b2'));

  // Routers.
  rows.push(
    title(
      'd-routers',
      'ROUTERS',
      `${g.routers.length < g.routerCount ? `${g.routers.length} of ${g.routerCount} listed (${ROUTERS_CHOSEN})` : g.routers.length}; ` +
        "takeover: a backup's Master_Down_Interval under this master",
    ),
  );
  const masters = new Set(g.masters);
  pushAll(
    rows,
    tableRows(
      'd-r',
      [
        { header: '' },
        { header: 'address' },
        { header: 'mac', drop: 5 },
        { header: 'prio' },
        { header: 'adverts', drop: 3 },
        { header: 'interval', drop: 4 },
        { header: 'ver', drop: 1 },
        { header: 'last heard', drop: 7 },
        { header: 'role' },
        { header: 'takeover', drop: 6 },
      ],
      g.routers.map((r) => {
        const prio = r.priorities.filter((p) => p > 0).at(-1) ?? 0;
        // A backup's takeover timer; none for a master, or a router that is silent or released.
        const role = byAddress(g.liveness, r.address)?.role;
        const t = masters.has(r.address) || role === 'silent' || role === 'released' ? null : takeoverTimers(g, prio);
        const flags = [
          r.unicast ? 'unicast' : '',
          r.authType ? (AUTH_TEXT[r.authType] ?? `authentication type ${r.authType}`) : '',
          r.checksums.filter((c) => c !== 'valid').join(' '),
        ]
          .filter(Boolean)
          .join(', ');
        return [
          [letterSeg(r.address)],
          [seg(r.address)],
          [seg(r.mac)],
          [seg(r.priorities.join('>'))],
          [seg(String(r.adverts))],
          [
            seg(
              r.intervals.length > 1 ? r.intervals.map(interval).join('/') : interval(r.intervalCs),
              r.intervals.length > 1 ? { color: 'yellow' } : {},
            ),
          ],
          [seg(`v${r.version}`)],
          [seg(lastHeard(byAddress(g.liveness, r.address), r.lastSeen))],
          [...roleSegs(byAddress(g.liveness, r.address)), ...(flags ? [seg(` ${flags}`, { dim: true })] : [])],
          [seg(t ? secs(t.masterDown) : '-')],
        ];
      }),
      width,
    ),
  );
  rows.push(blank('d-b3'));

  pushAll(rows, timerRows(g, o.live, width));
  rows.push(blank('d-b4'));

  pushAll(rows, priorityRows(g, width));
  rows.push(blank('d-b4p'));

  // Master periods.
  const periodGap = historyGap(g.timeline.length, g.timelineCount);
  rows.push(title('d-periods', 'MASTER PERIODS', listedOf(g.timelineCount, periodGap)));
  pushAll(
    rows,
    tableRows(
      'd-p',
      [
        { header: '' },
        { header: 'master' },
        { header: 'from' },
        { header: 'to', shrink: true },
        { header: 'for', drop: 2 },
        { header: 'priority', drop: 1 },
      ],
      withGapRow(
        [...g.timeline]
          .sort((a, b) => a.from - b.from)
          .map((p) => [
            [letterSeg(p.master)],
            [seg(p.master)],
            [seg(clock(p.from))],
            [seg(p.open ? `${clock(p.to)} (still master)` : clock(p.to))],
            [seg(secs(p.to - p.from))],
            [seg(String(p.priority))],
          ]),
        periodGap,
        6,
      ),
      width,
    ),
  );
  rows.push(blank('d-b5'));

  // Transitions.
  const transitionGap = historyGap(g.transitions.length, g.transitionCount);
  rows.push(
    title(
      'd-trans',
      'TRANSITIONS',
      `${listedOf(g.transitionCount, transitionGap)}; ` +
        'delay: last advert of the old master to the first of the new',
    ),
  );
  if (g.transitions.length === 0) rows.push(row('d-trans-none', seg('  none', { dim: true })));
  else
    pushAll(
      rows,
      tableRows(
        'd-t',
        [
          { header: 'time' },
          { header: 'from', drop: 3 },
          { header: 'to' },
          { header: 'cause' },
          { header: 'delay' },
          { header: 'RFC timer', drop: 4 },
          { header: 'diff', drop: 2 },
          { header: 'frame', drop: 1 },
        ],
        withGapRow(
          g.transitions.map((t) => [
            [seg(clock(t.time))],
            [seg(t.from ?? '-')],
            [letterSeg(t.to), seg(` ${t.to}`)],
            [
              seg(
                t.cause,
                t.cause === 'split-brain'
                  ? { color: 'red', bold: true }
                  : t.cause === 'master-down'
                    ? { color: 'yellow' }
                    : {},
              ),
            ],
            transitionDelay(t),
            [seg(secs(t.expectedDelay))],
            transitionDiff(t),
            [seg(String(t.frame))],
          ]),
          transitionGap,
          8,
        ),
        width,
      ),
    );
  rows.push(blank('d-b6'));

  // Split brains: which two routers were master at once, from when to when.
  if (g.splitBrains.length) {
    const splitGap = historyGap(g.splitBrains.length, g.splitBrainCount);
    rows.push(title('d-split', 'SPLIT BRAINS', `${listedOf(g.splitBrainCount, splitGap)}; both heard advertising`));
    pushAll(
      rows,
      tableRows(
        'd-sb',
        [{ header: 'both master' }, { header: 'from' }, { header: 'to', shrink: true }, { header: 'for', drop: 1 }],
        withGapRow(
          g.splitBrains.map((x) => [
            [letterSeg(x.a), letterSeg(x.b), seg(` ${x.a} and ${x.b}`, { color: 'red' })],
            [seg(clock(x.from))],
            [seg(x.open ? `${clock(x.to)} (still both)` : clock(x.to))],
            [seg(secs(x.to - x.from))],
          ]),
          splitGap,
          4,
        ),
        width,
      ),
    );
    rows.push(blank('d-b6s'));
  }

  pushAll(rows, ownerRows(g, width));
  rows.push(blank('d-b7'));

  // Findings.
  rows.push(title('d-find', 'FINDINGS', `${findingTotal(g.findings)}`));
  if (g.findings.length === 0) rows.push(row('d-find-none', seg('  none', { dim: true })));
  g.findings.forEach((f, i) => {
    const sev = f.severity === 'error' ? 'ERROR' : f.severity === 'warning' ? 'WARN' : 'info';
    const when = f.to > f.from ? `${clock(f.from)}-${clock(f.to)}` : clock(f.from);
    rows.push(
      row(
        `d-f${i}`,
        seg('  '),
        seg(sev, { color: SEVERITY_COLOR[f.severity], bold: true }),
        seg(` ${f.rule} `, { bold: true }),
        seg(when, { dim: true }),
      ),
    );
    const fr = frames(f);
    for (const [j, l] of wrap(f.message, width - 4).entries()) rows.push(row(`d-f${i}-m${j}`, seg(`    ${l}`)));
    if (fr)
      for (const [j, l] of wrap(fr, width - 4).entries())
        rows.push(row(`d-f${i}-fr${j}`, seg(`    ${l}`, { dim: true })));
  });
  return rows;
}

export function Detail({
  group,
  span,
  live,
  width,
  height,
  scroll = 0,
}: {
  group: GroupRow;
  span: { from: number; to: number } | null;
  live: boolean;
  width: number;
  height?: number;
  scroll?: number;
}) {
  const rows = detailRows(group, { span, live, width });
  const shown = height === undefined ? rows : rows.slice(scroll, scroll + height);
  return <Rows rows={shown} width={width} />;
}
