// Run the real silkpress bin as a user would (asynchronously, so tests can run side by side), and make
// throwaway project folders for it: a copy of templates/, the fonts linked, a broken case's files laid over.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = join(process.cwd(), 'dist', 'cli', 'main.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * At most one run per CPU at a time: tests may start runs side by side, but more processes than CPUs only
 * make each slower (and the per-test timeouts meaningless).
 */
const slots = { free: Math.max(1, availableParallelism()), waiting: [] as (() => void)[] };

async function inSlot<T>(f: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free -= 1;
  else await new Promise<void>((r) => slots.waiting.push(r));
  try {
    return await f();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free += 1;
  }
}

/** `silkpress …args` with NO_COLOR set, as a script or CI would run it. */
export function silkpress(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return inSlot(() => run(process.execPath, [BIN, ...args], env));
}

/**
 * A program that starts silkpress under conditions of its own, e.g. `prlimit --fsize=N node BIN build …` or
 * `setpriv --reuid=… node BIN build …`: `command` and `args` as given, with NO_COLOR set.
 */
export function runCommand(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunResult> {
  return inSlot(() => run(command, args, options.env ?? {}, options.cwd));
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env: { ...process.env, NO_COLOR: '1', ...env }, ...(cwd ? { cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `silkpress-${prefix}-`));
}

/** The broken-input corpora's clean dataset: every test of a refused input compares with its build. */
export const CLEAN_DATASET = 'test/fixtures/broken/clean.yaml';

/** The clean dataset built through the CLI into a folder of its own: the earlier outputs a refused build must leave alone. */
export async function cleanBuild(prefix: string): Promise<{ dir: string; outputs: string[]; stderr: string; code: number | null }> {
  const dir = tempDir(prefix);
  const r = await silkpress(['build', '--data', CLEAN_DATASET, '--out', dir]);
  return { dir, outputs: readdirSync(dir).sort(), stderr: r.stderr, code: r.code };
}

/**
 * A project folder of its own: templates/ copied, fonts/ holding links to the real font files and a copy of
 * their manifest, then `overlay`'s files copied over both (a broken template, a broken font manifest).
 */
export function projectCopy(overlay?: string): string {
  const root = tempDir('project');
  cpSync(resolve('templates'), join(root, 'templates'), { recursive: true });
  mkdirSync(join(root, 'fonts'));
  for (const f of readdirSync(resolve('fonts'))) {
    if (f === 'manifest.json') cpSync(resolve('fonts', f), join(root, 'fonts', f));
    else symlinkSync(resolve('fonts', f), join(root, 'fonts', f));
  }
  for (const part of ['templates', 'fonts']) {
    if (overlay && exists(join(overlay, part))) cpSync(join(overlay, part), join(root, part), { recursive: true, force: true });
  }
  return root;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Bytes and modification time of each file, to show that a failed build left them alone. */
export function snapshot(dir: string, files: string[]): { file: string; bytes: Buffer; mtimeMs: number }[] {
  return files.map((file) => ({ file, bytes: readFileSync(join(dir, file)), mtimeMs: statSync(join(dir, file)).mtimeMs }));
}
