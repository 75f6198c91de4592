#!/usr/bin/env node
// Turns one recorded scenario's raw files (in the run directory) into the fixtures:
//   OUT/NAME.events.json  ground truth (actions, transitions, routers, expected conclusions)
//   OUT/NAME.logs.txt     the daemons' own console logs, trimmed
// and prints a check of the transitions against the packets in OUT/NAME.pcap.
//
// usage: SCENARIO=.. DESCRIPTION=.. IMPLEMENTATION=.. EXPECT=.. node finalize.mjs RUN_DIR OUT_DIR
//
// EXPECT is a template. Placeholders, rendered as "t+S.sss s" (seconds after the first packet):
//   {A:label}                      time of the action with that label (see lib.sh `action`)
//   {T:router[/instance]:STATE[:n]} time of the n-th (default 1st) transition of router to STATE
//   {TT:router[/instance]:STATE}    all the times router went to STATE, comma separated ("never")
//   {dt:REF,REF}                   seconds from the first REF to the second (REF is A:.. or T:..)
//   {ADV:router} / {NADV:router}   the times / the number of VRRP packets sent by router (from the pcap)
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const [runDir, outDir] = process.argv.slice(2);
const name = process.env.SCENARIO;
if (!runDir || !outDir || !name) {
  console.error('usage: SCENARIO=NAME ... node finalize.mjs RUN_DIR OUT_DIR');
  process.exit(2);
}
const problems = [];

const readLines = (f) => {
  try {
    return fs
      .readFileSync(path.join(runDir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
};
const tsv = (f) => readLines(f).map((l) => l.split('\t'));

// ------------------------------------------------------------------------------------------------
// pcap

function parsePcap(file) {
  const buf = fs.readFileSync(file);
  const magic = buf.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4) throw new Error(`${file}: expected a little-endian microsecond pcap`);
  const linktype = buf.readUInt32LE(20);
  if (linktype !== 1) throw new Error(`${file}: link type ${linktype}, expected Ethernet`);
  const pkts = [];
  let off = 24;
  while (off + 16 <= buf.length) {
    const sec = buf.readUInt32LE(off);
    const usec = buf.readUInt32LE(off + 4);
    const incl = buf.readUInt32LE(off + 8);
    const data = buf.subarray(off + 16, off + 16 + incl);
    off += 16 + incl;
    pkts.push(decode(sec + usec / 1e6, sec, usec, data));
  }
  return pkts;
}

const mac = (b, o) => [...b.subarray(o, o + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
const ip4 = (b, o) => [...b.subarray(o, o + 4)].join('.');
function ip6(b, o) {
  const w = [];
  for (let i = 0; i < 8; i++) w.push(b.readUInt16BE(o + 2 * i).toString(16));
  // compress the longest run of zero words
  let best = -1,
    bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return w.join(':');
  return `${w.slice(0, best).join(':')}::${w.slice(best + bestLen).join(':')}`;
}

function decode(ts, sec, usec, b) {
  const p = { ts, sec, usec, len: b.length, src: mac(b, 6), dst: mac(b, 0), kind: 'other' };
  const et = b.readUInt16BE(12);
  if (et === 0x0806 && b.length >= 42) {
    p.kind = 'arp';
    p.op = b.readUInt16BE(20);
    p.sha = mac(b, 22);
    p.spa = ip4(b, 28);
    p.tha = mac(b, 32);
    p.tpa = ip4(b, 38);
  } else if (et === 0x0800) {
    const ihl = (b[14] & 15) * 4;
    const proto = b[23];
    p.ipsrc = ip4(b, 26);
    p.ipdst = ip4(b, 30);
    const l4 = 14 + ihl;
    if (proto === 112) vrrp(p, b, l4, 4);
    else if (proto === 1) {
      p.kind = 'icmp';
      p.type = b[l4];
      p.code = b[l4 + 1];
    }
  } else if (et === 0x86dd) {
    const nh = b[20];
    p.ipsrc = ip6(b, 22);
    p.ipdst = ip6(b, 38);
    if (nh === 112) vrrp(p, b, 54, 6);
    else if (nh === 58) {
      p.kind = 'icmp6';
      p.type = b[54];
      p.code = b[55];
      if (p.type === 136) {
        p.flags = b[58];
        p.target = ip6(b, 62);
      }
    }
  }
  return p;
}

function vrrp(p, b, o, fam) {
  p.kind = 'vrrp';
  p.fam = fam;
  p.version = b[o] >> 4;
  p.vrid = b[o + 1];
  p.prio = b[o + 2];
  p.count = b[o + 3];
  if (p.version === 2) {
    p.authType = b[o + 4];
    p.advInt = b[o + 5];
  } else p.advInt = (b.readUInt16BE(o + 4) & 0xfff) / 100;
}

// ------------------------------------------------------------------------------------------------
// inputs

const routers = tsv('routers').map(([n, address, macAddr, v6, ll]) => ({
  name: n,
  address,
  mac: macAddr,
  ipv6: v6 || undefined,
  linkLocal: ll || undefined,
}));
// addresses a router sends VRRP from besides its own: FRR's IPv6 adverts come from the link-local
// of the vrrp6 macvlan (lib.sh frr_vrrp writes "router<TAB>instance<TAB>address" lines)
const extraAddrs = tsv('extra-addrs').map(([router, instance, address]) => ({ router, instance, address }));
for (const r of routers) {
  const mine = extraAddrs.filter((x) => x.router === r.name).map((x) => x.address);
  if (mine.length) r.addresses = [...new Set(mine)];
}
const hosts = tsv('hosts').map(([n, address, macAddr]) => ({ name: n, address, mac: macAddr }));
const instances = tsv('instances').map(([router, instance, vrid, prio, version, int, vips, impl]) => ({
  router,
  instance,
  vrid: Number(vrid),
  priority: Number(prio),
  version: Number(version),
  advertInt: Number(int),
  virtualAddresses: vips
    .split(',')
    .filter(Boolean)
    .map((v) => v.replace(/\/\d+$/, '')),
  impl,
}));
const actions = tsv('actions').map(([t, label, what]) => ({ time: Number(t), label, what }));
const routerBy = Object.fromEntries(routers.map((r) => [r.name, r]));

function implOf(r) {
  try {
    return fs.readFileSync(path.join(runDir, `${r}.impl`), 'utf8').trim();
  } catch {
    return '?';
  }
}
function consoleLines(r) {
  return readLines(`${r}.console`).map((l) => {
    const i = l.indexOf(' ');
    return { t: Number(l.slice(0, i)), text: l.slice(i + 1) };
  });
}

// transitions: keepalived via the notify script; FRR from its log
const transitions = [];
for (const l of readLines('transitions')) {
  const [t, router, instance, state, prio] = l.split(' ');
  transitions.push({ time: Number(t), router, instance, state, priority: Number(prio), source: 'notify script' });
}
const frrState = { Initialize: 'INIT', Backup: 'BACKUP', Master: 'MASTER' };
// FRR stamps its own log lines (local time, microseconds: `log timestamp precision 6`)
function frrTime(text) {
  const m = text.match(/(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6})/);
  if (!m) return undefined;
  const ms = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime();
  return ms / 1000 + Number(m[7]) / 1e6;
}
for (const r of routers) {
  if (implOf(r.name) !== 'frr') continue;
  for (const { t, text } of consoleLines(r.name)) {
    // vrrpd: 2026/11/25 00:10:37.561907 VRRP: [W23ZH-NY264] [CORE] [VRID 51] [IPv4] Backup -> Master
    const m = text.match(
      /\[CORE\] \[VRID (\d+)\] \[(IPv4|IPv6)\] (Initialize|Backup|Master) -> (Initialize|Backup|Master)/,
    );
    if (m) {
      // a dual-stack VRID has an IPv4 and an IPv6 instance: match the family too
      const fam = m[2] === 'IPv6' ? 6 : 4;
      const famOf = (i) => (i.virtualAddresses.some((a) => a.includes(':')) ? 6 : 4);
      const inst = instances.find((i) => i.router === r.name && i.vrid === Number(m[1]) && famOf(i) === fam);
      const own = frrTime(text);
      transitions.push({
        time: own ?? t,
        readTime: t,
        router: r.name,
        instance: inst ? inst.instance : `vrid${m[1]}`,
        state: frrState[m[4]],
        priority: inst ? inst.priority : undefined,
        source: 'vrrpd log line (its own timestamp)',
      });
    }
  }
}
// keepalived's console line for the same change ("(VI_1) Entering MASTER STATE"), timed by our reader
for (const r of routers) {
  if (implOf(r.name) !== 'keepalived') continue;
  const lines = consoleLines(r.name);
  const used = new Set();
  for (const tr of transitions.filter((x) => x.router === r.name)) {
    const re =
      tr.state === 'STOP'
        ? new RegExp(`\\(${tr.instance}\\) sent 0 priority|Stopped|Stopping`)
        : new RegExp(`\\(${tr.instance}\\) Entering ${tr.state} STATE`);
    const cand = lines
      .map((l, i) => ({ ...l, i }))
      .filter((l) => !used.has(l.i) && re.test(l.text) && Math.abs(l.t - tr.time) < 1.0)
      .sort((a, b) => Math.abs(a.t - tr.time) - Math.abs(b.t - tr.time))[0];
    if (cand) {
      used.add(cand.i);
      tr.logTime = cand.t;
    }
  }
}
// keepalived runs each notify script in its own fork, so two quick changes can be notified out of
// order: the console line is both closer to the wire (~0.1 ms) and in order. Use it when found.
for (const tr of transitions) {
  if (tr.logTime !== undefined) {
    tr.notifyTime = tr.time;
    tr.time = tr.logTime;
    tr.source = 'keepalived log line (notify script time in notifyTime)';
  }
}
transitions.sort((a, b) => a.time - b.time);

// ------------------------------------------------------------------------------------------------
// packets and checks

const pcapFile = path.join(runDir, 'capture.pcap');
const pkts = parsePcap(pcapFile);
if (pkts.length === 0) problems.push('the capture is empty');
const t0 = pkts.length ? pkts[0].ts : (actions[0]?.time ?? 0);
const t1 = pkts.length ? pkts[pkts.length - 1].ts : t0;
const rel = (t) => `t+${(t - t0).toFixed(3)} s`;

const routerAddrs = (r) => [r.address, r.linkLocal, r.ipv6, ...(r.addresses ?? [])].filter(Boolean);
const checks = [];
for (const tr of transitions) {
  const r = routerBy[tr.router];
  const inst = instances.find((i) => i.router === tr.router && i.instance === tr.instance);
  if (!r || !inst) continue;
  tr.vrid = inst.vrid;
  const fam = inst.virtualAddresses.some((a) => a.includes(':')) ? 6 : 4;
  const own = extraAddrs.find((x) => x.router === tr.router && x.instance === tr.instance);
  tr.address = own ? own.address : fam === 6 && r.linkLocal ? r.linkLocal : r.address;
  const mine = pkts.filter(
    (p) => p.kind === 'vrrp' && p.fam === fam && p.vrid === inst.vrid && routerAddrs(r).includes(p.ipsrc),
  );
  if (tr.state === 'MASTER') {
    const adv = mine.find((p) => p.ts >= tr.time - 1.0 && p.prio > 0);
    const srcMac =
      implOf(r.name) === 'frr' ? `00:00:5e:00:0${fam === 6 ? 2 : 1}:${inst.vrid.toString(16).padStart(2, '0')}` : r.mac;
    const garp = pkts.find(
      (p) =>
        p.ts >= tr.time - 1.0 &&
        p.src === srcMac &&
        ((p.kind === 'arp' && p.spa === p.tpa && inst.virtualAddresses.includes(p.spa)) ||
          (p.kind === 'icmp6' && p.type === 136 && inst.virtualAddresses.includes(p.target))),
    );
    checks.push(
      `${rel(tr.time)} ${tr.router} ${tr.instance} -> MASTER: first advert ` +
        (adv ? `at ${((adv.ts - tr.time) * 1000).toFixed(1)} ms (${rel(adv.ts)}, prio ${adv.prio})` : 'NOT FOUND') +
        (garp
          ? `, first GARP/NA for its VIPs at ${((garp.ts - tr.time) * 1000).toFixed(1)} ms`
          : ', NO GARP/NA for its VIPs from its MAC'),
    );
    // FRR sends the IPv6 NA at once but its first IPv6 advert one interval later: there the NA counts
    const frr6 = implOf(r.name) === 'frr' && fam === 6;
    const late = adv && Math.abs(adv.ts - tr.time) > 0.1;
    if (late && frr6 && garp && Math.abs(garp.ts - tr.time) <= 0.1)
      checks.push(`    (FRR IPv6: the NA came at once, the first advert ${(adv.ts - tr.time).toFixed(3)} s later)`);
    else if (late)
      problems.push(
        `${tr.router} ${tr.instance} MASTER at ${rel(tr.time)}: first advert ${(adv.ts - tr.time).toFixed(3)} s away`,
      );
  } else {
    const prev = [...mine].reverse().find((p) => p.ts <= tr.time + 0.5);
    checks.push(
      `${rel(tr.time)} ${tr.router} ${tr.instance} -> ${tr.state}: ` +
        (prev ? `its last advert before: ${rel(prev.ts)} (prio ${prev.prio})` : 'it had not advertised'),
    );
  }
}

// ------------------------------------------------------------------------------------------------
// expect template

function refTime(ref) {
  const [kind, ...rest] = ref.split(':');
  if (kind === 'A') {
    const a = actions.find((x) => x.label === rest.join(':'));
    return a ? a.time : undefined;
  }
  if (kind === 'T') {
    const [who, state, nth] = rest;
    const [router, inst] = who.split('/');
    const list = transitions.filter((x) => x.router === router && x.state === state && (!inst || x.instance === inst));
    const tr = list[(Number(nth) || 1) - 1];
    return tr ? tr.time : undefined;
  }
  return undefined;
}
function render(tpl) {
  return tpl.replace(/\{(A|T|TT|ADV|NADV|dt):([^}]+)\}/g, (all, kind, body) => {
    if (kind === 'ADV' || kind === 'NADV') {
      const r = routerBy[body];
      if (!r) {
        problems.push(`expect: no router ${body}`);
        return '?';
      }
      const list = pkts.filter((p) => p.kind === 'vrrp' && routerAddrs(r).includes(p.ipsrc));
      if (kind === 'NADV') return String(list.length);
      return list.length ? list.map((p) => rel(p.ts)).join(', ') : 'none';
    }
    if (kind === 'TT') {
      const [who, state] = body.split(':');
      const [router, inst] = who.split('/');
      const list = transitions.filter(
        (x) => x.router === router && x.state === state && (!inst || x.instance === inst),
      );
      return list.length ? list.map((x) => rel(x.time)).join(', ') : 'never';
    }
    if (kind === 'dt') {
      const [a, b] = body.split(',').map((s) => refTime(s.trim()));
      if (a === undefined || b === undefined) {
        problems.push(`expect: cannot resolve ${all}`);
        return '?';
      }
      return `${(b - a).toFixed(2)} s`;
    }
    const t = refTime(`${kind}:${body}`);
    if (t === undefined) {
      problems.push(`expect: cannot resolve ${all}`);
      return '?';
    }
    return rel(t);
  });
}
const expect =
  `Times are seconds after the first captured packet (t0 = ${t0.toFixed(6)}). ` +
  render(process.env.EXPECT || '')
    .replace(/\s+/g, ' ')
    .trim();

// ------------------------------------------------------------------------------------------------
// events.json (times written with exactly 6 decimals)

const T = (t) => `@@${t.toFixed(6)}@@`;
const tool = (cmd, args) => {
  try {
    const out = execFileSync('sh', ['-c', '"$0" "$@" 2>&1', cmd, ...args], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean);
  } catch {
    return undefined;
  }
};
const vipsAll = [...new Set(instances.flatMap((i) => i.virtualAddresses))];
const events = {
  scenario: name,
  description: (process.env.DESCRIPTION || '').replace(/\s+/g, ' ').trim(),
  summary: (process.env.SUMMARY || '').replace(/\s+/g, ' ').trim(),
  implementation: process.env.IMPLEMENTATION || 'keepalived 2.2.7',
  routers: routers.map((r) => {
    const mineInst = instances.filter((i) => i.router === r.name);
    return {
      name: r.name,
      namespace: `vs-${r.name}`,
      address: r.address,
      ...(r.ipv6 ? { ipv6: r.ipv6, linkLocal: r.linkLocal } : {}),
      ...(r.addresses ? { addresses: r.addresses } : {}),
      mac: r.mac,
      priority: mineInst[0]?.priority,
      implementation: implOf(r.name),
      instances: mineInst.map(({ instance, vrid, priority, version, advertInt, virtualAddresses }) => ({
        instance,
        vrid,
        priority,
        version,
        advertInt,
        virtualAddresses,
      })),
    };
  }),
  ...(hosts.length ? { hosts: hosts.map((h) => ({ ...h, namespace: `vs-${h.name}` })) } : {}),
  virtualAddresses: vipsAll,
  actions: actions.map((a) => ({ time: T(a.time), t: Number((a.time - t0).toFixed(6)), label: a.label, what: a.what })),
  transitions: transitions.map((x) => ({
    time: T(x.time),
    t: Number((x.time - t0).toFixed(6)),
    router: x.router,
    address: x.address,
    instance: x.instance,
    vrid: x.vrid,
    state: x.state,
    priority: x.priority,
    source: x.source,
    ...(x.notifyTime !== undefined ? { notifyTime: T(x.notifyTime) } : {}),
    ...(x.readTime !== undefined ? { readTime: T(x.readTime) } : {}),
  })),
  expect,
  verdict: render(process.env.VERDICT || '')
    .replace(/\s+/g, ' ')
    .trim(),
  capture: {
    file: `${name}.pcap`,
    format: 'pcap, microsecond, Ethernet',
    where: 'tcpdump -i br0 in namespace vs-br (the bridge joining all routers and hosts)',
    filter: 'vrrp or ip6 proto 112 or arp or icmp or icmp6 or ip proto 112',
    snaplen: 256,
    packets: pkts.length,
    bytes: fs.statSync(pcapFile).size,
    firstPacket: T(t0),
    lastPacket: T(t1),
    duration: Number((t1 - t0).toFixed(3)),
  },
  notes: [
    '"time" fields are epoch seconds; "t" is seconds after the first captured packet.',
    'keepalived transitions: "time" is when keepalived printed "(INSTANCE) Entering STATE STATE" (or "sent 0 priority" / "Stopping" for STOP) on its console, timed by the recorder as it read the line (measured within ~1 ms of the packets). "notifyTime" is when keepalived\'s notify script ran `date +%s.%N` for the same change: 5-40 ms later, and two quick changes can be notified out of order.',
    'FRR transitions: "time" is the timestamp vrrpd printed on its "[CORE] [VRID n] [IPv4] Backup -> Master" log line (microseconds); "readTime" is when the recorder read that line.',
  ],
  recordedWith: {
    kernel: tool('uname', ['-r']),
    keepalived: tool('keepalived', ['--version']),
    tcpdump: tool('tcpdump', ['--version']),
    ...(routers.some((r) => implOf(r.name) === 'frr') ? { frr: tool('/usr/lib/frr/vrrpd', ['--version']) } : {}),
  },
};
const json = JSON.stringify(events, null, 2).replace(/"@@([0-9.]+)@@"/g, '$1') + '\n';
fs.copyFileSync(pcapFile, path.join(outDir, `${name}.pcap`));
fs.writeFileSync(path.join(outDir, `${name}.events.json`), json);

// ------------------------------------------------------------------------------------------------
// logs.txt

const noise = [
  /Command line:/,
  /^\s*'\/run\//,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ [\d:]+ \d{4}:\s+'/,
  /Opening file/,
  /Configuration file \//,
  /max_auto_priority/,
  /Registering/,
  /SECURITY VIOLATION/,
  /Running on Linux/,
  /lib\.sh: line \d+/,
  /Unregistering/,
  /script_security/,
  /: Killed\s/,
  // FRR chatter
  /Searching for instances/,
  /non-VRRP MAC/,
  /has no parent ifindex/,
  /can probably use interface/,
  /Refusing to start Virtual Router: (Already running|No VRRP interface|VRRPv2 does not support v6)/,
  /vrrp_ifp_create/,
  /vrrp_zebra_if_address_add/,
  /Disabling MPLS support/,
  /says hello and bids fair/,
  /vrrp_zebra_init/,
  /\[IPv6\] Interface: None/,
];
let logs =
  `# ${name}: the daemons' console logs, trimmed (startup boilerplate removed, repeated lines folded).\n` +
  `# Each line starts with epoch seconds: when the recorder read the line from the daemon's console.\n` +
  `# Lines starting with ===== are the recorder's own markers. keepalived's own timestamp (1 s resolution) is dropped;\n` +
  `# FRR's (microseconds) is kept. "[xN, the last at T]" folds N consecutive identical messages.\n`;
for (const r of routers) {
  const impl = implOf(r.name);
  logs += `\n===== ${r.name} (${impl}, ${r.address}${r.linkLocal ? `, ${r.linkLocal}` : ''}, ${r.mac}) =====\n`;
  const out = [];
  let ended = false;
  for (const { t, text } of consoleLines(r.name)) {
    if (ended) continue; // what the daemons said while being cleaned up after the capture
    if (text.startsWith('===== end of capture')) ended = true;
    const msg = text.replace(/^[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ [\d:]+ \d{4}: /, '');
    if (noise.some((re) => re.test(text))) continue;
    // fold runs of the same message (FRR's own timestamp aside)
    const key = msg.replace(/\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(\.\d+)? /, '');
    const last = out[out.length - 1];
    if (last && last.key === key) {
      last.n++;
      last.t1 = t;
      continue;
    }
    out.push({ t, t1: t, msg, key, n: 1 });
  }
  for (const o of out) {
    const fold = o.n > 1 ? (o.t1 - o.t < 0.5 ? `   [x${o.n}]` : `   [x${o.n}, the last at ${o.t1.toFixed(6)}]`) : '';
    logs += `${o.t.toFixed(6)} ${o.msg}${fold}\n`;
  }
}
for (const h of hosts) {
  const lines = consoleLines(h.name);
  if (!lines.length) continue;
  logs += `\n===== ${h.name} (host, ${h.address}, ${h.mac}) =====\n`;
  for (const { t, text } of lines) logs += `${Number.isFinite(t) ? t.toFixed(6) : ''} ${text}\n`;
}
fs.writeFileSync(path.join(outDir, `${name}.logs.txt`), logs);

// ------------------------------------------------------------------------------------------------
// report

const count = (f) => pkts.filter(f).length;
console.log(
  `\n== ${name}: ${pkts.length} packets, ${(t1 - t0).toFixed(1)} s, ${fs.statSync(pcapFile).size} bytes` +
    ` (vrrp ${count((p) => p.kind === 'vrrp')}, arp ${count((p) => p.kind === 'arp')},` +
    ` icmp ${count((p) => p.kind === 'icmp')}, icmp6 ${count((p) => p.kind === 'icmp6')})`,
);
for (const a of actions) console.log(`  ${rel(a.time)} action ${a.label}: ${a.what}`);
for (const c of checks) console.log(`  ${c}`);
console.log(`  expect: ${expect}`);
fs.writeFileSync(path.join(runDir, 'checks.txt'), checks.join('\n') + '\n');
if (problems.length) {
  for (const p of problems) console.log(`  PROBLEM: ${p}`);
  process.exitCode = 3;
}
