/**
 * The page's script: zoom and pan on the time axis (wheel, drag, buttons), "next finding", the time
 * under the cursor, and copy buttons for the Wireshark filters. It only moves what the static SVG
 * already draws (see lanes.ts: data-f/data-e, data-t, data-ticks, data-step, data-br) and redraws
 * the axis with axisMarkup; the page reads the same without it.
 *
 * clientMain is embedded in the page as its source text (page.ts) together with axisMarkup, ticks,
 * niceStep, utc, stepDigits, duration, bracketLabels and slug, so it may use nothing else: no import, no module-level value. The
 * few DOM types it needs are declared here (the project compiles without the DOM library).
 */

interface El {
  tagName: string;
  textContent: string | null;
  innerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): ArrayLike<El>;
  querySelector(selector: string): El | null;
  addEventListener(type: string, fn: (e: Ev) => void, options?: { passive: boolean }): void;
  getBoundingClientRect(): { left: number; width: number };
  closest(selector: string): El | null;
  classList: { add(c: string): void; remove(c: string): void };
  scrollIntoView(o?: { block: string }): void;
  setPointerCapture?(id: number): void;
}
interface Ev {
  deltaY: number;
  clientX: number;
  button: number;
  pointerId: number;
  target: El;
  preventDefault(): void;
}
declare const document: {
  body: El;
  getElementById(id: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
};
declare const navigator: { clipboard?: { writeText(s: string): Promise<void> } };
declare const window: { getSelection(): { selectAllChildren(n: El): void } | null };
declare function requestAnimationFrame(fn: () => void): number;
declare function axisMarkup(t0: number, t1: number, x0: number, x1: number, y: number, b: number): string;
declare function utc(t: number, digits: number): string;
declare function slug(s: string): string;
declare function bracketLabels(
  cause: string,
  delay: number,
  expected: number | null,
): { text: string; minw: number; maxw: number; slow: boolean }[];

export function clientMain(): void {
  const body = document.body;
  const origin = Number(body.getAttribute('data-origin'));
  const full = Number(body.getAttribute('data-span'));
  interface Tr {
    time: number;
    from: string | null;
    to: string;
    cause: string;
    delay: number | null;
    expectedDelay: number | null;
    frame: number | string;
  }
  const findings = JSON.parse(document.getElementById('report-data')!.textContent ?? '{}') as {
    findings: { from: number; to: number; group?: string; rule: string; severity: string }[];
    groups: {
      timeline: { master: string; from: number; to: number; priority: number }[];
      transitions: Tr[];
    }[];
  };
  /** The index of the last item whose key is <= t (-1: none); items sorted by key. */
  function lastAtOrBefore<T>(list: T[], key: (x: T) => number, t: number): number {
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (key(list[mid]) <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
  /** What the report says at time t (epoch seconds) of group gi: its masters then, and the nearest transition. */
  function readout(gi: number, t: number): string {
    const g = findings.groups[gi];
    if (!g) return '';
    const masters: string[] = [];
    const seen: string[] = [];
    const i = lastAtOrBefore(g.timeline, (p) => p.from, t);
    for (let k = i; k >= 0 && k > i - 50; k--) {
      const p = g.timeline[k];
      if (p.to < t || seen.includes(p.master)) continue;
      seen.push(p.master);
      masters.push(`${p.master} (priority ${p.priority})`);
    }
    let text = masters.length ? ` · master ${masters.join(' and ')}` : ' · no master advertising';
    const j = lastAtOrBefore(g.transitions, (x) => x.time, t);
    const near = [g.transitions[j], g.transitions[j + 1]].filter(Boolean);
    const tr = near.sort((a, b) => Math.abs(a.time - t) - Math.abs(b.time - t))[0];
    if (tr) {
      const s3 = (x: number) => `${Math.round(x * 1000) / 1000} s`;
      text +=
        ` · nearest transition ${utc(tr.time, 6)}: ${tr.from ?? '-'} -> ${tr.to} ${tr.cause}` +
        (tr.delay !== null ? `, takeover ${s3(tr.delay)}` : '') +
        (tr.expectedDelay !== null ? ` (RFC ${s3(tr.expectedDelay)})` : '') +
        `, frame ${tr.frame}`;
    }
    return text;
  }
  let v0 = 0;
  let v1 = full;
  const all = (root: El, sel: string) => Array.from(root.querySelectorAll(sel));
  const num = (el: El, name: string) => Number(el.getAttribute(name));
  const views = all(document as unknown as El, 'svg.lanes').map((svg) => ({
    svg,
    x0: num(svg, 'data-x0'),
    x1: num(svg, 'data-x1'),
    height: Number((svg.getAttribute('viewBox') ?? '0 0 0 0').split(' ')[3]),
    width: Number((svg.getAttribute('viewBox') ?? '0 0 0 0').split(' ')[2]),
    axis: svg.querySelector('g.axis')!,
    spans: all(svg, '[data-f]').map((el) => ({
      el,
      f: num(el, 'data-f'),
      e: num(el, 'data-e'),
      minw: el.getAttribute('data-minw') === null ? -1 : num(el, 'data-minw'),
      maxw: el.getAttribute('data-maxw') === null ? Infinity : num(el, 'data-maxw'),
      dx: el.getAttribute('data-dx') === null ? null : num(el, 'data-dx'),
      text: el.tagName.toLowerCase() === 'text',
    })),
    marks: all(svg, '[data-t]:not([data-f])').map((el) => ({
      el,
      t: num(el, 'data-t'),
      dx: el.getAttribute('data-dx') === null ? -1 : num(el, 'data-dx'),
    })),
    ticks: all(svg, '[data-ticks]').map((el) => ({
      el,
      ts: (el.getAttribute('data-ticks') ?? '').split(' ').filter(Boolean).map(Number),
      y: (el.getAttribute('data-y') ?? '0 0').split(' ').map(Number),
    })),
    steps: all(svg, '[data-step]').map((el) => ({
      el,
      cmds: (el.getAttribute('data-step') ?? '').split(' ').map((c) => [c[0], ...c.slice(1).split(':').map(Number)]),
    })),
    spanPaths: all(svg, '[data-spans]').map((el) => ({
      el,
      v: (el.getAttribute('data-spans') ?? '').split(' ').map(Number),
      y: (el.getAttribute('data-y') ?? '0 0').split(' ').map(Number),
    })),
    bracketPaths: all(svg, '[data-brs]').map((el) => ({
      el,
      v: (el.getAttribute('data-brs') ?? '').split(' ').map(Number),
      y: num(el, 'data-y'),
    })),
    dense: svg.getAttribute('data-dense') === null ? null : num(svg, 'data-dense'),
    dyn: svg.querySelector('g.dyn'),
    brackets: all(svg, '[data-br]').map((el) => ({ el, v: (el.getAttribute('data-br') ?? '').split(' ').map(Number) })),
  }));
  const r1 = (x: number) => String(Math.round(x * 10) / 10);

  function apply(): void {
    for (const v of views) {
      const k = (v.x1 - v.x0) / (v1 - v0);
      const sx = (t: number) => v.x0 + (t - v0) * k;
      const cx = (t: number) => Math.max(v.x0 - 20, Math.min(v.x1 + 20, sx(t)));
      for (const s of v.spans) {
        const a = cx(s.f);
        const b = cx(s.e);
        if (s.text) {
          s.el.setAttribute('x', r1(s.dx === null ? (a + b) / 2 : a + s.dx));
          const w = sx(s.e) - sx(s.f);
          s.el.setAttribute('visibility', w < s.minw || w >= s.maxw ? 'hidden' : 'visible');
        } else {
          s.el.setAttribute('x', r1(a));
          s.el.setAttribute('width', r1(Math.max(1, b - a)));
        }
      }
      for (const m of v.marks) {
        if (m.dx >= 0) m.el.setAttribute('x', r1(cx(m.t) + m.dx));
        else m.el.setAttribute('transform', `translate(${r1(cx(m.t))} 0)`);
      }
      for (const t of v.ticks) {
        let d = '';
        // A little beyond the view: the clip path trims, and nothing at its edges is lost to rounding.
        const m = (v1 - v0) * 0.01;
        for (const x of t.ts) if (x >= v0 - m && x <= v1 + m) d += `M${r1(sx(x))} ${t.y[0]}V${t.y[1]}`;
        t.el.setAttribute('d', d);
      }
      for (const s of v.steps) {
        let d = '';
        for (const [op, a, b] of s.cmds)
          d += op === 'M' ? `M${r1(cx(a as number))} ${b}` : op === 'H' ? `H${r1(cx(a as number))}` : `V${a}`;
        s.el.setAttribute('d', d);
      }
      for (const p of v.spanPaths) {
        const [y, h] = p.y;
        let d = '';
        for (let i = 0; i < p.v.length; i += 2) {
          if (p.v[i + 1] < v0 || p.v[i] > v1) continue;
          const a = cx(p.v[i]);
          const w = Math.max(1, cx(p.v[i + 1]) - a);
          d += `M${r1(a)} ${y}h${r1(w)}v${h}h${r1(-w)}z`;
        }
        p.el.setAttribute('d', d);
      }
      for (const p of v.bracketPaths) {
        let d = '';
        for (let i = 0; i < p.v.length; i += 2) {
          if (p.v[i + 1] < v0 || p.v[i] > v1) continue;
          d += `M${r1(cx(p.v[i]))} ${p.y + 6}V${p.y}H${r1(cx(p.v[i + 1]))}V${p.y + 6}`;
        }
        p.el.setAttribute('d', d);
      }
      for (const b of v.brackets) {
        const [f, e, y] = b.v;
        b.el.setAttribute('d', `M${r1(cx(f))} ${y + 6}V${y}H${r1(cx(e))}V${y + 6}`);
      }
      if (v.dyn && v.dense !== null) v.dyn.innerHTML = denseLabels(num(v.svg, 'data-group'), v.dense, sx);
      v.axis.innerHTML = axisMarkup(
        origin + v0,
        origin + v1,
        v.x0,
        v.x1,
        Number(v.axis.getAttribute('data-axis')),
        v.height,
      );
    }
    const range = document.getElementById('range');
    if (range) range.textContent = `${utc(origin + v0, 3)} to ${utc(origin + v1, 3)} UTC`;
  }

  /**
   * A dense group's takeover labels for the view (the static page has none: thousands would not
   * fit), once at most 60 takeovers are in it; the same labels the static page draws (bracketLabels).
   */
  function denseLabels(gi: number, y: number, sx: (t: number) => number): string {
    const list = findings.groups[gi]?.transitions ?? [];
    const a = origin + v0;
    const b = origin + v1;
    const first = Math.max(
      0,
      lastAtOrBefore(list, (x) => x.time, a),
    );
    let out = '';
    let n = 0;
    for (let i = first; i < list.length && list[i].time - (list[i].delay ?? 0) <= b; i++) {
      const tr = list[i];
      if (tr.delay === null || tr.delay <= 0 || tr.time < a) continue;
      if (++n > 60) return '';
      const x0 = sx(tr.time - tr.delay - origin);
      const x1 = sx(tr.time - origin);
      const fit = bracketLabels(tr.cause, tr.delay, tr.expectedDelay).find((l) => x1 - x0 >= l.minw);
      if (fit)
        out +=
          `<text class="bl${fit.slow ? ' slow' : ''}" x="${r1((x0 + x1) / 2)}" y="${y}" text-anchor="middle">` +
          `${fit.text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;
    }
    return out;
  }

  let pending = false;
  function redraw(): void {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      apply();
    });
  }

  /** Shows [a, b] (seconds from the origin), kept within the capture and at least 1 ms wide. */
  function show(a: number, b: number): void {
    let w = Math.min(full, Math.max(0.001, b - a));
    if (!(w > 0)) w = full;
    let s = Math.max(0, Math.min(a, full - w));
    if (b - a > full) s = 0;
    v0 = s;
    v1 = s + w;
    redraw();
  }
  function zoom(factor: number, at: number): void {
    show(at - (at - v0) * factor, at + (v1 - at) * factor);
  }
  /** The time under a pointer over an SVG. */
  function timeAt(v: (typeof views)[number], clientX: number): number {
    const box = v.svg.getBoundingClientRect();
    const x = ((clientX - box.left) / box.width) * v.width;
    return v0 + ((x - v.x0) / (v.x1 - v.x0)) * (v1 - v0);
  }

  const cursor = document.getElementById('cursor');
  for (const v of views) {
    v.svg.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        zoom(e.deltaY < 0 ? 1 / 1.25 : 1.25, timeAt(v, e.clientX));
      },
      { passive: false },
    );
    let drag: { x: number; a: number; b: number } | null = null;
    v.svg.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || e.target.closest('a')) return;
      drag = { x: e.clientX, a: v0, b: v1 };
      v.svg.setPointerCapture?.(e.pointerId);
      v.svg.classList.add('dragging');
    });
    v.svg.addEventListener('pointermove', (e) => {
      const t = timeAt(v, e.clientX);
      if (cursor && t >= v0 && t <= v1 && !drag)
        cursor.textContent = `cursor ${utc(origin + t, 6)} UTC${readout(num(v.svg, 'data-group'), origin + t)}`;
      if (!drag) return;
      const box = v.svg.getBoundingClientRect();
      const dt = (((e.clientX - drag.x) / box.width) * v.width * (drag.b - drag.a)) / (v.x1 - v.x0);
      show(drag.a - dt, drag.b - dt);
    });
    const stop = () => {
      drag = null;
      v.svg.classList.remove('dragging');
    };
    v.svg.addEventListener('pointerup', stop);
    v.svg.addEventListener('pointercancel', stop);
  }

  const on = (id: string, fn: () => void) => document.getElementById(id)?.addEventListener('click', fn);
  on('zoom-in', () => zoom(1 / 2, (v0 + v1) / 2));
  on('zoom-out', () => zoom(2, (v0 + v1) / 2));
  on('zoom-reset', () => show(0, full));
  on('pan-left', () => show(v0 - (v1 - v0) / 2, v1 - (v1 - v0) / 2));
  on('pan-right', () => show(v0 + (v1 - v0) / 2, v1 + (v1 - v0) / 2));

  let current = -1;
  function goTo(i: number): void {
    const list = findings.findings;
    if (list.length === 0) return;
    current = ((i % list.length) + list.length) % list.length;
    const f = list[current];
    const pad = Math.max((f.to - f.from) * 0.25, 2);
    show(f.from - origin - pad, f.to - origin + pad);
    for (const el of all(document as unknown as El, '.hl')) el.classList.remove('hl');
    const rowEl = document.getElementById(`finding-${current}`);
    rowEl?.classList.add('hl');
    for (const el of all(document as unknown as El, `a[href="#finding-${current}"] .fm`)) el.classList.add('hl');
    const where = document.getElementById('finding-now');
    if (where)
      where.textContent = `finding ${current + 1} of ${list.length}: ${f.severity.toUpperCase()} ${f.rule}${f.group ? ` (${f.group})` : ''}`;
    // Its group's picture or row, or its own row for a group the page does not list.
    const target = (f.group ? document.getElementById(`group-${slug(f.group)}`) : null) ?? rowEl;
    target?.scrollIntoView({ block: 'start' });
  }
  on('next-finding', () => goTo(current + 1));
  on('prev-finding', () => goTo(current - 1));

  for (const b of all(document as unknown as El, 'button.copy')) {
    b.addEventListener('click', () => {
      const text = b.getAttribute('data-copy') ?? '';
      const code = b.closest('.filter')?.querySelector('code');
      const fallback = () => {
        if (code) window.getSelection()?.selectAllChildren(code);
        b.textContent = 'selected: press Ctrl+C';
      };
      if (navigator.clipboard)
        navigator.clipboard.writeText(text).then(() => {
          b.textContent = 'copied';
        }, fallback);
      else fallback();
    });
  }
  body.classList.add('js');
  apply();
}
