/** Documented exit codes (README "Exit codes"). */
export const EXIT = {
  /** Success; for `analyze`, no finding reached --fail-on. */
  OK: 0,
  /** `analyze`: a finding at or above --fail-on, or a baseline difference. */
  FINDINGS: 1,
  /** Bad usage, or an input that could not be read (missing, not a capture, corrupt). */
  INPUT: 2,
  /** A bug in vrrpscope (sysexits.h EX_SOFTWARE): the only exit that prints a stack trace. */
  INTERNAL: 70,
} as const;
