// README is the product's manual: every diagnostic code the program can emit is explained there, and every
// `npx silkpress …` command it shows runs, as a user types it, in a scratch copy of the project and exits as
// README says. New commands and codes are picked up from README and the source without editing this file.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from './support/cli.js';

const README = readFileSync('README.md', 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('every diagnostic code is in README', () => {
  const codes = new Map<string, string>();
  for (const file of sourceFiles('src')) for (const m of readFileSync(file, 'utf8').matchAll(/'(E\d{3})'/g)) if (!codes.has(m[1]!)) codes.set(m[1]!, file);

  it('finds the codes in the source', () => {
    expect(codes.size).toBeGreaterThan(15);
  });

  it.each([...codes.entries()].sort())('%s (from %s) is explained in README', (code) => {
    // Explained: on a line of its own (a table row or a sentence) that says more than the code.
    const lines = README.split('\n').filter((l) => new RegExp(`\\b${code}\\b`).test(l));
    expect(lines.length, `README names ${code}`).toBeGreaterThan(0);
    expect(Math.max(...lines.map((l) => l.replace(/E\d{3}/g, '').replace(/[|`\s,()]/g, '').length))).toBeGreaterThan(30);
  });
});

/** Placeholders README writes in commands, and what stands for them in the scratch project. */
const PLACEHOLDERS: Record<string, string> = {
  DIR: 'out-other',
  '${{ matrix.shard }}': '1',
};

/** Files README's commands take for granted that a user has, put into the scratch project. */
const ASSUMED: Record<string, string> = {
  'data/other.yaml': 'test/fixtures/mini/dataset.yaml',
  'sheet.zh-Hant.md': 'test/fixtures/import/belt-and-road.zh-Hant.md',
  'asean-trade.zh-Hant.md': 'test/fixtures/import/asean-trade.zh-Hant.md',
};

/** Every `npx silkpress …` command in README, in order, once each: code-block lines (also after `- run:`) and inline code. */
function readmeCommands(): string[] {
  const found: string[] = [];
  let inBlock = false;
  for (const line of README.split('\n')) {
    if (/^\s*```/.test(line)) {
      inBlock = !inBlock;
      continue;
    }
    if (inBlock) {
      const m = /^\s*(?:- run:\s*)?(npx silkpress\b.*)$/.exec(line);
      if (m) found.push(m[1]!.replace(/\s+#.*$/, '').trim());
      // In prose, only a command with arguments: a bare `npx silkpress` names the program, it is not a command to run.
    } else for (const m of line.matchAll(/`(npx silkpress [^`]+)`/g)) found.push(m[1]!.trim());
  }
  return [...new Set(found)];
}

function fill(command: string): string {
  let out = command;
  for (const [k, v] of Object.entries(PLACEHOLDERS)) out = out.split(k).join(v);
  return out;
}

/** A copy of the project as a user has it after `npm ci`: data, templates, fonts, plus the files README assumes. */
function scratchProject(): string {
  const root = tempDir('readme');
  for (const part of ['data', 'templates', 'assets']) cpSync(part, join(root, part), { recursive: true });
  mkdirSync(join(root, 'fonts'));
  for (const f of readdirSync('fonts')) {
    if (f.endsWith('.json') || f.endsWith('.txt')) cpSync(join('fonts', f), join(root, 'fonts', f));
    else symlinkSync(join(process.cwd(), 'fonts', f), join(root, 'fonts', f));
  }
  // Two profiles keep the batch commands quick; they run exactly as written.
  for (const f of readdirSync(join(root, 'data', 'delegations'))) {
    if (!/^(saudi-arabia|guangdong)/.test(f)) rmSync(join(root, 'data', 'delegations', f));
  }
  for (const [to, from] of Object.entries(ASSUMED)) cpSync(from, join(root, to));
  return root;
}

/** Every file under test/fixtures by name: a source README names bare (`sheet.md`) is taken from there. */
function fixturesByName(dir = 'test/fixtures', into = new Map<string, string>()): Map<string, string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) fixturesByName(p, into);
    else if (!into.has(f)) into.set(f, p);
  }
  return into;
}

/** A command's first argument naming a Markdown or YAML source the scratch project lacks, copied from the fixtures. */
function provideSources(command: string, root: string): void {
  const fixtures = fixturesByName();
  const m = /^npx silkpress import (\S+\.md)\b/.exec(command);
  if (m && !existsSync(join(root, m[1]!)) && fixtures.has(m[1]!)) cpSync(fixtures.get(m[1]!)!, join(root, m[1]!));
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The command through sh, `npx silkpress` being this checkout's bin (what npx resolves after `npm ci`). A command
 * that keeps running (watch) is stopped with Ctrl-C (SIGINT) once it has built.
 */
function runAsTyped(command: string, cwd: string): Promise<Ran> {
  // A single command replaces the shell (exec), so Ctrl-C reaches silkpress itself, as in a terminal.
  const single = !/&&|\|\||;|\|/.test(command);
  const bin = `"${process.execPath}" "${BIN}"`;
  const script = single ? command.replace(/\bnpx silkpress\b/, `exec ${bin}`) : command.replace(/\bnpx silkpress\b/g, bin);
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', script], { cwd, env: { ...process.env, NO_COLOR: '1' }, detached: true });
    let stdout = '';
    let stderr = '';
    const interruptWhenBuilt = (): void => {
      if (/\bwatch\b/.test(command) && /built in|error/.test(stdout + stderr)) {
        try {
          process.kill(-child.pid!, 'SIGINT');
        } catch {
          /* already gone */
        }
      }
    };
    child.stdout.setEncoding('utf8').on('data', (s: string) => ((stdout += s), interruptWhenBuilt()));
    child.stderr.setEncoding('utf8').on('data', (s: string) => ((stderr += s), interruptWhenBuilt()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe("README's commands, as a user types them", () => {
  const commands = readmeCommands();
  const root = scratchProject();

  it('finds the commands README shows, placeholders known', () => {
    expect(commands.length).toBeGreaterThanOrEqual(10);
    for (const c of commands) expect(fill(c), `${c}: an unfilled placeholder (add it to PLACEHOLDERS)`).not.toMatch(/\b[A-Z]{3,}\b|\$\{\{/);
    for (const file of Object.keys(ASSUMED)) expect(existsSync(join(root, file))).toBe(true);
  });

  // In README's order, in one project: a later command may use what an earlier one wrote (preview --no-build).
  it.each(commands)('%s exits 0', async (command) => {
    provideSources(command, root);
    const r = await runAsTyped(fill(command), root);
    expect(r.stderr, command).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.code, `${command}\n${r.stderr.slice(0, 2000)}`).toBe(0);
  }, 240_000);
});
