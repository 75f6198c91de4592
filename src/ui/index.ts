/** The terminal UI's public surface (see README "analyze" and the live command). */
export {
  App,
  renderApp,
  screen,
  useTerminalSize,
  type AppHandle,
  type RenderAppOptions,
  type AppProps,
  type Screen,
  type ScreenOptions,
  type Size,
} from './app.js';
export {
  initialState,
  keyCommand,
  selectedIndex,
  uiReducer,
  type KeyCommand,
  type UiAction,
  type UiState,
} from './state.js';
export { timelineStrip, routerLetters, stripText, type StripCell, type CellKind } from './timeline.js';
export { GroupTable, groupTableRows } from './group-table.js';
export { Timeline, timelineRows } from './timeline-view.js';
export { Detail, detailRows } from './detail.js';
export { StaticLog, appendLog, logRows, type PrintedLog } from './log-view.js';
export { ProgressBar, progressText, bytesText, type ProgressBarProps } from './progress.js';
export { ColorContext, colorFromEnv, rowText, type Row, type Seg } from './lines.js';
export { viewModel, type ViewModel, type GroupRow, type LogLine } from './view-model.js';
