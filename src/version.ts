/** The version printed by --version and recorded in reports (kept equal to package.json's). */
export const VERSION = '0.1.0';
