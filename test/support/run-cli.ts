/** A child process run to its end: its exit status and what it wrote, as text. */
import { spawn } from 'node:child_process';
import { ROOT } from './paths.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `cmd args` from the repository root, `input` piped to its standard input (closed at once
 * without one), `env` added to this process's environment.
 */
export function spawnCollect(
  cmd: string,
  args: string[],
  { input, env }: { input?: Buffer; env?: Record<string, string> } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(env ? { env: { ...process.env, ...env } } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.on('error', () => {}); // the child may exit before reading all of its input
    child.stdin.end(input);
  });
}
