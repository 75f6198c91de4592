/** What went wrong or was skipped in the inputs, on standard error; the exit code that follows. */
import type { InputSummary } from '../capture/inputs.js';
import { linkTypeName } from '../capture/linktypes.js';
import { isSupportedLinkType } from '../dissect/locate.js';
import { say, sayError, sayWarning } from '../util/say.js';
import { plural } from '../util/text.js';
import { EXIT } from './exit.js';

export function reportInputs(summaries: InputSummary[]): number {
  let code: number = EXIT.OK;
  for (const s of summaries) {
    const name = s.name;
    for (const [lt, n] of s.linkTypes) {
      if (!isSupportedLinkType(lt))
        say(
          `${name}: ${plural(n, 'frame')} of link type ${linkTypeName(lt)} (${lt}) not decoded: unsupported link type`,
        );
    }
    for (const w of s.warnings)
      sayWarning(`${name}: ${w.message}; the ${plural(s.packets, 'complete frame')} before it were read`);
    if (s.error) {
      sayError(`${s.error.message}; the ${plural(s.packets, 'frame')} before it were read`);
      code = EXIT.INPUT;
    }
  }
  return code;
}
