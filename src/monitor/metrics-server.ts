/**
 * The /metrics endpoint of `live --metrics [ADDR:]PORT`: a plain node:http server that renders the
 * metrics when scraped (a snapshot of the live analysis, never a stale copy). GET and HEAD on
 * /metrics; `/` says where the metrics are; anything else is 404.
 */
import { createServer, type Server } from 'node:http';
import { CONTENT_TYPE } from '../render/prometheus.js';
import type { Listen } from './listen.js';

export type { Listen } from './listen.js';

export interface MetricsServer {
  /** The address actually bound (port 0 picks a free one). */
  address: Listen;
  close(): Promise<void>;
}

/** Starts serving; rejects with a one-line message when the address cannot be bound. */
export function serveMetrics(listen: Listen, render: () => string): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      let body: string;
      try {
        body = render();
      } catch (err) {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${(err as Error).message}\n`);
        return;
      }
      res.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    } else if (path === '/') {
      res
        .writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('vrrpscope sensor: metrics at /metrics\n');
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    }
  });
  // A scraper that keeps a connection open must not hold the process at exit.
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? 'address already in use'
          : err.code === 'EACCES'
            ? 'permission denied (ports below 1024 need root)'
            : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND'
              ? 'no such local address'
              : err.message;
      reject(new Error(`--metrics ${listen.host}:${listen.port}: ${why}`));
    });
    server.listen(listen.port, listen.host, () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : listen.port;
      resolve({
        address: { host: listen.host, port },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
