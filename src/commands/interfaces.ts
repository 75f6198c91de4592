/** `vrrpscope interfaces`: the interfaces `vrrpscope live` can capture on, one per line. */
import { CaptureError } from '../capture/errors.js';
import { listInterfaces, type InterfaceInfo } from '../capture/live/devices.js';
import { LineOutput } from '../util/output.js';
import { safeText } from '../util/text.js';
import { EXIT } from './exit.js';
import { sayError } from '../util/say.js';

export async function interfacesCommand(): Promise<number> {
  let list: InterfaceInfo[];
  try {
    list = listInterfaces();
  } catch (err) {
    if (!(err instanceof CaptureError)) throw err;
    sayError(err.detail);
    return EXIT.INPUT;
  }
  const out = new LineOutput();
  for (const line of formatInterfaces(list)) out.line(line);
  await out.end();
  return EXIT.OK;
}

/** "name  flags  addresses (description)", names and flags in aligned columns. */
export function formatInterfaces(list: InterfaceInfo[]): string[] {
  const rows = list.map((d) => {
    const rest = [...d.addresses];
    if (d.description) rest.push(`(${d.description})`);
    return [safeText(d.name), (d.flags ?? []).join(','), safeText(rest.join(' '))] as const;
  });
  const w0 = Math.max(0, ...rows.map((r) => r[0].length));
  const w1 = Math.max(0, ...rows.map((r) => r[1].length));
  return rows.map(([name, flags, rest]) => `${name.padEnd(w0)}  ${flags.padEnd(w1)}  ${rest}`.trimEnd());
}
