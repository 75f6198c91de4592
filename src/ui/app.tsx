/**
 * The terminal UI: <App> draws screen() (screen.ts) for a model, handles the keys (every key of a
 * burst, see state.ts) and the terminal size.
 *
 * Redraws only on change: live, a new model arrives when the engine has news (a transition, a
 * finding) and once a second for the clock and the ages; the screen it gives is compared with the
 * one on the terminal first, and React (and ink's layout) only run when it differs. The model for
 * a file is fixed.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, render, useApp, useInput, useStdin, useStdout, type Key } from 'ink';
import { ColorContext, Rows, colorFromEnv, sameRows } from './lines.js';
import { screen, type Screen } from './screen.js';
import { initialState, splitKeys, uiReducer, type KeyContext, type UiState } from './state.js';
import type { ViewModel } from './view-model.js';
import { screenSafe } from '../util/text.js';
import { shareInkCaches } from './ink-caches.js';

// ink's frames put together from the rows of the last one (a live screen redraws mostly the same rows).
await shareInkCaches();

export { screen } from './screen.js';

export interface Size {
  columns: number;
  rows: number;
}

const DEFAULT_SIZE: Size = { columns: 80, rows: 24 };

function sizeOf(stdout: NodeJS.WriteStream | undefined, fallback: Size): Size {
  return { columns: stdout?.columns || fallback.columns, rows: stdout?.rows || fallback.rows };
}

/** The terminal's size, following 'resize' (ink's stdout: the real one, or a test stream). */
function useTerminalSize(fallback: Size = DEFAULT_SIZE): Size {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout, fallback));
  useEffect(() => {
    if (!stdout) return;
    const onResize = () =>
      setSize((s) => {
        const n = sizeOf(stdout, fallback);
        return n.columns === s.columns && n.rows === s.rows ? s : n;
      });
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fallback]);
  return size;
}

interface Fed {
  model: ViewModel;
  screen?: { state: UiState; key: string; view: Screen };
}

const keyOf = (o: { columns: number; rows: number; live: boolean; interactive: boolean }) =>
  `${o.columns}x${o.rows}|${o.live}|${o.interactive}`;

/** Where new models come from (live): subscribe to be told, get() for the latest. */
export interface ModelFeed {
  subscribe(listener: () => void): () => void;
  get(): ViewModel;
}

export interface AppProps {
  model: ViewModel;
  /** Live: newer models; each is drawn only when its screen differs from the one shown. */
  feed?: ModelFeed;
  /** Default: model.live. */
  live?: boolean;
  /** Fixed size (tests, embedding); default: the terminal's, following resizes. */
  columns?: number;
  rows?: number;
  /** Draw colors; default: unless NO_COLOR is set. */
  color?: boolean;
  initialState?: UiState;
  /** Called after each drawn screen (the benchmark counts redraws). */
  onDraw?: () => void;
}

export function App({
  model: initialModel,
  feed,
  live: liveProp,
  columns,
  rows,
  color,
  initialState: init = initialState,
  onDraw,
}: AppProps) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const term = useTerminalSize();
  const size: Size = { columns: columns ?? term.columns, rows: rows ?? term.rows };
  const [state, dispatch] = useReducer(uiReducer, init);
  // The newest model drawn (live), with the screen the feed's check computed for it.
  const [fed, setFed] = useState<Fed | null>(null);
  const model = fed?.model ?? initialModel;
  const live = liveProp ?? model.live;
  const interactive = isRawModeSupported === true;
  const opts = { columns: size.columns, rows: size.rows, live, interactive };

  // A screen computed for the feed's check is reused by the render that follows it.
  const optsKey = keyOf(opts);
  const pre = fed?.screen;
  const view = useMemo(
    () =>
      pre && pre.state === state && pre.key === optsKey
        ? pre.view
        : screen(model, state, { columns: size.columns, rows: size.rows, live, interactive }),
    [pre, model, state, optsKey, size.columns, size.rows, live, interactive],
  );

  // What the handlers read: the screen drawn, and the newest model (also one not drawn, as it
  // changed nothing visible: a key draws it).
  const newest = useRef(initialModel);
  const latest = useRef({ state, view, opts });
  useLayoutEffect(() => {
    latest.current = { state, view, opts };
    onDraw?.();
  });

  useEffect(() => {
    if (!feed) return;
    return feed.subscribe(() => {
      const m = feed.get();
      newest.current = m;
      const l = latest.current;
      const v = screen(m, l.state, l.opts);
      if (sameRows(v.rows, l.view.rows)) return; // nothing on the terminal would change
      setFed({ model: m, screen: { state: l.state, key: keyOf(l.opts), view: v } });
    });
  }, [feed]);

  // A log scrolled back keeps its lines in view as new ones arrive.
  const logLength = useRef(model.log.length);
  useEffect(() => {
    const grew = model.log.length - logLength.current;
    logLength.current = model.log.length;
    if (grew > 0) dispatch({ type: 'log-grew', by: grew });
  }, [model.log.length]);

  const onKey = useCallback(
    (input: string, key: Key) => {
      const m = newest.current;
      const v = latest.current.view;
      const ctx: KeyContext = { groups: m.groups, page: v.page, maxScroll: v.maxScroll, logMax: v.logMax };
      setFed((cur) => ((cur?.model ?? initialModel) === m ? cur : { model: m }));
      dispatch({ type: 'keys', events: splitKeys(input, key), ctx });
    },
    [initialModel, setFed, dispatch],
  );
  useInput(onKey, { isActive: interactive });

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);
  // Without a keyboard (stdin not a terminal) a file's screen is printed once and the app ends.
  useEffect(() => {
    if (!interactive && !live) exit();
  }, [interactive, live, exit]);

  const body = (
    <Box flexDirection="column" width={size.columns}>
      <Rows rows={view.rows} width={size.columns} />
    </Box>
  );
  return color === undefined ? body : <ColorContext.Provider value={color}>{body}</ColorContext.Provider>;
}

// ------------------------------------------------------------------ mounting

export interface RenderAppOptions {
  live: boolean;
  /** Live: the clock and ages are refreshed this often, ms (default 1000). */
  refreshMs?: number;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Default: unless NO_COLOR is set. */
  color?: boolean;
  /** ink's debug mode: every frame written in full, unthrottled (tests). */
  debug?: boolean;
  /** Mouse wheel reports (SGR); default: when stdout and stdin are terminals. */
  mouse?: boolean;
  onDraw?: () => void;
}

export interface AppHandle {
  /** Ask getModel() again soon (live: the engine has news); calls close together are one. */
  rerender(): void;
  /** Resolves when the user quits (q, Ctrl-C) or unmount() is called. */
  waitUntilExit(): Promise<void>;
  unmount(): void;
}

/** Mouse wheel on (button events, SGR coordinates) and off again: the terminal is left as found. */
const MOUSE_ON = '\u001b[?1000h\u001b[?1006h';
const MOUSE_OFF = '\u001b[?1000l\u001b[?1006l';

/**
 * The stream ink draws on, with screenSafe as the last pass over every write: the UI's part of the
 * one output layer (util/output.ts for lines, util/say.ts for messages).
 */
function guarded(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  return new Proxy(stream, {
    get(target, prop, receiver) {
      if (prop === 'write')
        return (chunk: unknown, ...rest: unknown[]) =>
          write(typeof chunk === 'string' ? screenSafe(chunk) : chunk, ...rest);
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export function renderApp(getModel: () => ViewModel, opts: RenderAppOptions): AppHandle {
  const stdout = guarded(opts.stdout ?? process.stdout);
  const stdin = opts.stdin ?? process.stdin;
  const listeners = new Set<() => void>();
  let latest = getModel();
  let pending: NodeJS.Timeout | null = null;
  const refresh = () => {
    pending = null;
    latest = getModel();
    for (const l of [...listeners]) l();
  };
  const feed: ModelFeed = {
    subscribe: (l) => {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    get: () => latest,
  };
  const timer = opts.live ? setInterval(refresh, Math.max(20, opts.refreshMs ?? 1000)) : null;
  const mouse = opts.mouse ?? (stdout.isTTY === true && stdin.isTTY === true);
  const mouseOff = () => {
    if (mouse) stdout.write(MOUSE_OFF);
  };
  if (mouse) {
    stdout.write(MOUSE_ON);
    process.once('exit', mouseOff);
  }
  const instance = render(
    <ColorContext.Provider value={opts.color ?? colorFromEnv()}>
      <App model={latest} feed={opts.live ? feed : undefined} live={opts.live} onDraw={opts.onDraw} />
    </ColorContext.Provider>,
    {
      stdout,
      stdin,
      stderr: opts.stderr ?? process.stderr,
      exitOnCtrlC: true,
      // Stray console output would tear the screen: ink prints it above the app. Only for the real terminal.
      patchConsole: opts.stdout === undefined || opts.stdout === process.stdout,
      debug: opts.debug ?? false,
    },
  );
  let exited: Promise<void> | null = null;
  const cleanup = () => {
    if (timer) clearInterval(timer);
    if (pending) clearTimeout(pending);
    if (mouse) {
      mouseOff();
      process.removeListener('exit', mouseOff);
    }
  };
  const done = instance.waitUntilExit().then(cleanup, (err: unknown) => {
    cleanup();
    throw err;
  });
  return {
    rerender: () => {
      pending ??= setTimeout(refresh, 50);
    },
    waitUntilExit: () => (exited ??= done.then(() => undefined)),
    unmount: () => {
      instance.unmount();
      cleanup();
    },
  };
}
