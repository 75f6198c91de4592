/**
 * What a group's report says of it over time, as the terminal UI's strips and the HTML page's
 * status row both draw it: where it had two masters at once, and where it had none. One reading
 * of the report for both, so the two pictures of one capture agree.
 */
import { MORE_FINDINGS, type Finding, type GroupReport, type Span } from './types.js';

/** Overlapping (or touching) spans merged, in time order. */
function mergeSpans(spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/**
 * Where the group had a split brain: each one its adverts prove (the report's splitBrains: from
 * the later master's start to the last time both were heard advertising), and each
 * duplicate-master finding raised on a silent master's announcement (a master that stopped
 * advertising but still announces the address, which no overlap of adverts shows). Merged, in
 * time order. `findings` are the group's.
 */
export function splitBrainSpans(g: Pick<GroupReport, 'splitBrains'>, findings: readonly Finding[]): Span[] {
  const spans: Span[] = g.splitBrains.map(({ from, to }) => ({ from, to }));
  for (const f of findings)
    if (f.rule === 'duplicate-master' && f.messageId === 'silentMaster') spans.push({ from: f.from, to: f.to });
  return mergeSpans(spans);
}

/**
 * Where the group had no master: its no-master findings, merged, in time order. The finding that
 * counts those past the first 100 (MORE_FINDINGS) spans all of them, silences and masters alike:
 * it is not drawn as a time without master (the master periods still show where the rest were).
 */
export function noMasterSpans(findings: readonly Finding[]): Span[] {
  return mergeSpans(
    findings
      .filter((f) => f.rule === 'no-master' && f.messageId !== MORE_FINDINGS)
      .map(({ from, to }) => ({ from, to })),
  );
}
