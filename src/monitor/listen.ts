/** Where the metrics endpoint listens (`live --metrics [ADDR:]PORT`): parsed without loading the server. */

export interface Listen {
  host: string;
  port: number;
}

/**
 * "9101", "0.0.0.0:9101", "[::1]:9101", "localhost:9101" -> host and port; the default address is
 * 127.0.0.1 (a sensor exposes its metrics to the network only when told to). null when malformed.
 */
export function parseListen(v: string): Listen | null {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):)?([0-9]{1,5})$/.exec(v.trim());
  if (!m) return null;
  const port = Number(m[2]);
  if (port > 65535) return null; // 0: any free port (the address bound is printed)
  const host = m[1] ? m[1].replace(/^\[(.*)\]$/, '$1') : '127.0.0.1';
  return { host: host || '127.0.0.1', port };
}
