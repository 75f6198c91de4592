/**
 * Progress of reading a large capture: a pure text function and a small component. The caller
 * renders it on standard error (ink's `stdout` option set to process.stderr), so the report on
 * standard output stays clean.
 */
import { Text, useStdout } from 'ink';
import { useColor } from './lines.js';
import { progressText } from './progress-text.js';

export interface ProgressBarProps {
  bytesRead: number;
  /** null or 0 when unknown. */
  totalBytes: number | null;
  /** Default: the width of the stream it is rendered on, less one. */
  width?: number;
  /** e.g. the (escaped) file name. */
  label?: string;
}

export function ProgressBar({ bytesRead, totalBytes, width, label }: ProgressBarProps) {
  const { stdout } = useStdout();
  const color = useColor();
  const w = width ?? Math.max(10, (stdout?.columns || 80) - 1);
  return (
    <Text wrap="truncate-end" {...(color ? { color: 'cyan' } : {})}>
      {progressText(bytesRead, totalBytes, w, label)}
    </Text>
  );
}
