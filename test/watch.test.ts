// `silkpress watch` as a user runs it: the real bin left running while the dataset is edited under it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from './support/cli.js';
import { readPdf, squashedText } from './support/pdf.js';

interface BuildEvent {
  event: 'build';
  ok: boolean;
  trigger: string[];
  ms: number;
  cpuMs: number;
  changed?: string[];
  diagnostics: { code: string; span?: { line?: number } }[];
}

const SLOW = 120_000;
let dir: string;
let data: string;
let child: ChildProcessWithoutNullStreams;
const events: BuildEvent[] = [];
let stderr = '';
let waiters: (() => void)[] = [];

/** The next build event after the `seen` ones, waiting for it. */
async function nextBuild(seen: number): Promise<BuildEvent> {
  while (events.length <= seen) await new Promise<void>((r) => waiters.push(r));
  return events[seen]!;
}

/** Waits until `ready()` holds: stderr and stdout are separate pipes, so one may arrive before the other. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 20));
}

const pdfText = async (): Promise<string> => squashedText(await readPdf(readFileSync(join(dir, 'out', 'brochure.pdf')))).replace(/\s+/g, '');

beforeAll(() => {
  dir = tempDir('watch');
  data = join(dir, 'dataset.yaml');
  writeFileSync(data, readFileSync('test/fixtures/mini/dataset.yaml', 'utf8'));
  child = spawn(process.execPath, [BIN, 'watch', '--data', data, '--out', join(dir, 'out'), '--json', '--debounce', '50'], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    buffer += s;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const event = JSON.parse(line) as { event: string };
      if (event.event === 'build') events.push(event as BuildEvent);
    }
    const ready = waiters;
    waiters = [];
    ready.forEach((r) => r());
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('silkpress watch', () => {
  it('builds once at the start', async () => {
    const first = await nextBuild(0);
    expect(first.ok, stderr).toBe(true);
    expect(first.trigger).toEqual([]);
    expect(await pdfText()).toContain('八項行動與香港的優勢高度契合。');
  }, SLOW);

  it('rebuilds the brochure after a one-word edit of the dataset', async () => {
    writeFileSync(data, readFileSync(data, 'utf8').replace('高度契合', '緊密契合'));
    const rebuilt = await nextBuild(1);
    expect(rebuilt.ok, stderr).toBe(true);
    expect(rebuilt.trigger).toEqual([data]);
    expect(rebuilt.changed).toEqual(expect.arrayContaining(['brochure.pdf', 'brochure-print.pdf', 'briefing.pptx']));
    expect(await pdfText()).toContain('八項行動與香港的優勢緊密契合。');
    // The figure the issue asks about, for whoever reads the test log.
    console.log(`watch: rebuild after a one-word edit took ${rebuilt.ms} ms (${rebuilt.cpuMs} ms of processor time)`);
  }, SLOW);

  it('reports a broken edit without exiting, leaves the outputs alone, and recovers on the next save', async () => {
    const good = readFileSync(data, 'utf8');
    const before = readFileSync(join(dir, 'out', 'brochure.pdf'));
    writeFileSync(data, good.replace('value: 1400', 'value: 一千四百'));
    const failed = await nextBuild(2);
    expect(failed.ok).toBe(false);
    expect(failed.diagnostics[0]).toMatchObject({ code: 'E102' });
    await until(() => /Waiting for changes…/.test(stderr));
    expect(stderr).toMatch(/error\[E102\]/);
    expect(stderr).toMatch(/1 error .*; the outputs were not changed\. Waiting for changes…/);
    expect(child.exitCode).toBe(null);
    expect(readFileSync(join(dir, 'out', 'brochure.pdf')).equals(before)).toBe(true);

    writeFileSync(data, good.replace('緊密契合', '高度契合'));
    const fixed = await nextBuild(3);
    expect(fixed.ok, stderr).toBe(true);
    expect(await pdfText()).toContain('八項行動與香港的優勢高度契合。');
  }, SLOW);

  it('stops on SIGTERM with exit status 0', async () => {
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, SLOW);
});
