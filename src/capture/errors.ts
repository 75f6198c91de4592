/** A capture input that cannot be read at all, or whose structure is broken beyond recovery. */
export class CaptureError extends Error {
  constructor(
    readonly input: string,
    readonly detail: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? `${input}: ${detail}` : `${input}: ${detail} (at byte offset ${offset})`);
    this.name = 'CaptureError';
  }
}

/** Something wrong with an input that did not stop the reading (e.g. a truncated last record). */
export interface CaptureWarning {
  input: string;
  offset: number;
  message: string;
}
