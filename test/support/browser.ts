/**
 * Headless Chromium for the HTML report's tests and benchmark: Debian's `chromium` package driven
 * by playwright-core (no browser is ever downloaded), with every request that is not the page
 * itself aborted and recorded, and every console message, page error and dialog collected.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser as PwBrowser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.VRRPSCOPE_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM = `${CHROMIUM} not found (apt-get install chromium): browser tests skipped`;

/** Without the background-networking flags Chromium tries to reach its vendor's services. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

export interface Browser {
  browser: PwBrowser;
  /** A context with JavaScript on (the default) or off. */
  context(o?: { javaScript?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Chromium with a fresh temporary profile (playwright gives it its own --user-data-dir). */
export async function launch(viewport = { width: 1400, height: 1000 }): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  let shared: BrowserContext | undefined;
  return {
    browser,
    context: async (o = {}) => {
      const options = { viewport, deviceScaleFactor: 1, offline: true, javaScriptEnabled: o.javaScript ?? true };
      if (o.javaScript === false) return browser.newContext(options);
      return (shared ??= await browser.newContext(options));
    },
    close: () => browser.close(),
  };
}

export interface Opened {
  page: Page;
  /** Console messages of type error or warning, page errors, and dialogs opened. */
  problems: string[];
  /** Every request but the page's own document (aborted). */
  requests: string[];
  /** Milliseconds from navigation start to the first frame after the load event. */
  openMs: number;
}

/** Opens an HTML file in a new page with the network blocked. */
export async function open(b: Browser, file: string, o: { javaScript?: boolean } = {}): Promise<Opened> {
  const page = await (await b.context(o)).newPage();
  const url = pathToFileURL(file).href;
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: 'load' });
  // Evaluated in the page (the project compiles without the DOM library: hence a string).
  const openMs =
    o.javaScript === false
      ? NaN
      : Number(await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(performance.now())))'));
  return { page, problems, requests, openMs };
}
