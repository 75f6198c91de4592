/** What went wrong or was skipped in the inputs, on standard error; the exit code that follows. */
import type { InputSummary } from '../capture/inputs.js';
import { linkTypeName } from '../capture/linktypes.js';
import { isSupportedLinkType } from '../dissect/locate.js';
import { plural, safeText } from '../util/text.js';
import { EXIT } from './exit.js';

export function reportInputs(summaries: InputSummary[], stderr: NodeJS.WritableStream = process.stderr): number {
  let code: number = EXIT.OK;
  for (const s of summaries) {
    const name = safeText(s.name);
    for (const [lt, n] of s.linkTypes) {
      if (!isSupportedLinkType(lt)) {
        stderr.write(
          `vrrpscope: ${name}: ${plural(n, 'frame')} of link type ${linkTypeName(lt)} (${lt}) not decoded: ` +
            'unsupported link type\n',
        );
      }
    }
    for (const w of s.warnings)
      stderr.write(
        `vrrpscope: warning: ${name}: ${w.message}; the ${plural(s.packets, 'complete frame')} before it were read\n`,
      );
    if (s.error) {
      stderr.write(
        `vrrpscope: error: ${safeText(s.error.message)}; the ${plural(s.packets, 'frame')} before it were read\n`,
      );
      code = EXIT.INPUT;
    }
  }
  return code;
}
