// `silkpress watch` as a user runs it: the real bin left running while the dataset is edited under it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, projectCopy, silkpress, tempDir } from './support/cli.js';
import { writeOneSectionSheet } from './support/dataset.js';
import { readPdf, squashedText } from './support/pdf.js';

interface BuildEvent {
  event: 'build';
  ok: boolean;
  trigger: string[];
  ms: number;
  cpuMs: number;
  changed?: string[];
  reused?: string[];
  diagnostics: { code: string; span?: { line?: number } }[];
}

const SLOW = 120_000;

/** A `silkpress watch --json` left running on a dataset of its own in a scratch folder, and what it has said. */
interface Session {
  dir: string;
  data: string;
  child: ChildProcessWithoutNullStreams;
  events: BuildEvent[];
  stderr: () => string;
  /** The next build event after the `seen` ones, waiting for it. */
  nextBuild: (seen: number) => Promise<BuildEvent>;
}

/** `beside` lays files beside the watched copy of the dataset (its pictures) before the watch starts. */
function startWatch(dataset: string, options: string[] = [], beside?: (dir: string) => void): Session {
  const dir = tempDir('watch');
  const data = join(dir, 'dataset.yaml');
  writeFileSync(data, readFileSync(dataset, 'utf8'));
  beside?.(dir);
  const child = spawn(process.execPath, [BIN, 'watch', '--data', data, '--out', join(dir, 'out'), '--json', '--debounce', '50', ...options], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  const events: BuildEvent[] = [];
  let stderr = '';
  let waiters: (() => void)[] = [];
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
  return {
    dir,
    data,
    child,
    events,
    stderr: () => stderr,
    async nextBuild(seen) {
      while (events.length <= seen) await new Promise<void>((r) => waiters.push(r));
      return events[seen]!;
    },
  };
}

/** Waits until `ready()` holds: stderr and stdout are separate pipes, so one may arrive before the other. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 20));
}

let session: Session;
let dir: string;
let data: string;
let child: ChildProcessWithoutNullStreams;
const nextBuild = (seen: number): Promise<BuildEvent> => session.nextBuild(seen);

const pdfText = async (): Promise<string> => squashedText(await readPdf(readFileSync(join(dir, 'out', 'brochure.pdf')))).replace(/\s+/g, '');

beforeAll(() => {
  session = startWatch('test/fixtures/mini/dataset.yaml');
  ({ dir, data, child } = session);
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('silkpress watch', () => {
  it('builds once at the start', async () => {
    const first = await nextBuild(0);
    expect(first.ok, session.stderr()).toBe(true);
    expect(first.trigger).toEqual([]);
    expect(await pdfText()).toContain('八項行動與香港的優勢高度契合。');
  }, SLOW);

  it('rebuilds the brochure after a one-word edit of the dataset', async () => {
    writeFileSync(data, readFileSync(data, 'utf8').replace('高度契合', '緊密契合'));
    const rebuilt = await nextBuild(1);
    expect(rebuilt.ok, session.stderr()).toBe(true);
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
    await until(() => /Waiting for changes…/.test(session.stderr()));
    expect(session.stderr()).toMatch(/error\[E102\]/);
    expect(session.stderr()).toMatch(/1 error .*; the outputs were not changed\. Waiting for changes…/);
    expect(child.exitCode).toBe(null);
    expect(readFileSync(join(dir, 'out', 'brochure.pdf')).equals(before)).toBe(true);

    writeFileSync(data, good.replace('緊密契合', '高度契合'));
    const fixed = await nextBuild(3);
    expect(fixed.ok, session.stderr()).toBe(true);
    expect(await pdfText()).toContain('八項行動與香港的優勢高度契合。');
  }, SLOW);

  it('stops on SIGTERM with exit status 0', async () => {
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, SLOW);
});

describe('silkpress watch --strict', () => {
  // test/fixtures/broken/deck-overflow.yaml's warning: a slide point too long for a whole slide even at the smallest size.
  const clean = readFileSync('test/fixtures/broken/clean.yaml', 'utf8');
  const overflowing = clean.replace('point: 2022 年成立督導組', `point: ${'行政長官成立督導組'.repeat(200)}`);
  let strict: Session;

  beforeAll(() => {
    expect(overflowing).not.toBe(clean);
    strict = startWatch('test/fixtures/broken/clean.yaml', ['--strict']);
  });

  afterAll(() => {
    if (strict.child.exitCode === null) strict.child.kill('SIGKILL');
  });

  it('refuses a rebuild on a warning, printing it as an error, keeps the outputs and watching, and builds once it is fixed', async () => {
    const first = await strict.nextBuild(0);
    expect(first.ok, strict.stderr()).toBe(true);
    const out = join(strict.dir, 'out');
    const before = ['brochure.pdf', 'briefing.pptx', 'manifest.json'].map((f) => readFileSync(join(out, f)));

    writeFileSync(strict.data, overflowing);
    const refused = await strict.nextBuild(1);
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics).toEqual([expect.objectContaining({ code: 'E501', severity: 'error' })]);
    await until(() => /Waiting for changes…/.test(strict.stderr()));
    expect(strict.stderr()).toMatch(/dataset\.yaml:20:20: error\[E501\]/);
    expect(strict.stderr()).toMatch(/1 error \(.*dataset\.yaml\); the outputs were not changed\. Waiting for changes…/);
    expect(strict.child.exitCode).toBe(null);
    ['brochure.pdf', 'briefing.pptx', 'manifest.json'].forEach((f, i) => expect(readFileSync(join(out, f)).equals(before[i]!), f).toBe(true));

    writeFileSync(strict.data, clean);
    const fixed = await strict.nextBuild(2);
    expect(fixed.ok, strict.stderr()).toBe(true);
    expect(fixed.diagnostics).toEqual([]);
  }, SLOW);
});

describe('silkpress watch, after a save that leaves a document as it was', () => {
  // A project of its own (so its layouts can be edited) and a sheet with a picture and English beside the Chinese,
  // which the authored edition does not print.
  const OUTPUTS = ['brochure.pdf', 'brochure-print.pdf', 'briefing.pptx', 'briefing.pdf'];
  let root: string;
  let reuse: Session;

  beforeAll(() => {
    root = projectCopy();
    const sheet = writeOneSectionSheet(tempDir('watch-reuse'), { title: '港口與航運', asOf: '2026-01-15' }, {
      id: 'ports',
      title: '港口',
      picture: { file: 'images/port.jpg', alt: '港口的全景。', focus: [0.5, 0.5] },
      body: [{ paragraph: '香港是重要的國際航運中心，貨櫃碼頭日夜運作。', en: 'Hong Kong is a major international shipping centre.' }],
    });
    reuse = startWatch(sheet, ['--root', root], (dir) => {
      mkdirSync(join(dir, 'images'));
      copyFileSync('data/images/port.jpg', join(dir, 'images', 'port.jpg'));
    });
  });

  afterAll(() => {
    if (reuse.child.exitCode === null) reuse.child.kill('SIGKILL');
  });

  /** Every watched output is the file a fresh `build` of the same dataset and project makes. */
  const sameAsFreshBuild = async (): Promise<void> => {
    const fresh = tempDir('watch-fresh');
    const r = await silkpress(['build', '--root', root, '--data', reuse.data, '--out', fresh]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of OUTPUTS) expect(readFileSync(join(reuse.dir, 'out', f)).equals(readFileSync(join(fresh, f))), f).toBe(true);
  };
  const save = (from: string, to: string): void => {
    const text = readFileSync(reuse.data, 'utf8');
    expect(text).toContain(from);
    writeFileSync(reuse.data, text.replace(from, to));
  };

  it('takes every file from the last build when only English the edition does not print changed', async () => {
    expect((await reuse.nextBuild(0)).ok, reuse.stderr()).toBe(true);
    save('a major international', 'a leading international');
    const rebuilt = await reuse.nextBuild(1);
    expect(rebuilt.ok, reuse.stderr()).toBe(true);
    expect(rebuilt.reused).toEqual(OUTPUTS);
    expect(rebuilt.changed).toEqual([]);
    await sameAsFreshBuild();
  }, SLOW);

  it('makes the deck again, not the brochure, after an edit to the briefing layout', async () => {
    const layout = join(root, 'templates', 'briefing.hbs');
    writeFileSync(layout, readFileSync(layout, 'utf8').replace('  <notes>\n', '  <notes>\n    <p>本簡報只供內部參考。</p>\n'));
    const rebuilt = await reuse.nextBuild(2);
    expect(rebuilt.ok, reuse.stderr()).toBe(true);
    expect(rebuilt.reused).toEqual(['brochure.pdf', 'brochure-print.pdf']);
    expect(rebuilt.changed).toEqual(['briefing.pptx']);
    await sameAsFreshBuild();
  }, SLOW);

  it('makes the brochure again when its picture file changed, though no text did', async () => {
    // Pictures are not watched: the file is replaced, then a save that changes nothing printed starts the rebuild.
    const mirrored = await sharp('data/images/port.jpg').flop().jpeg().toBuffer();
    writeFileSync(join(reuse.dir, 'images', 'port.jpg'), mirrored);
    save('a leading international', 'a great international');
    const rebuilt = await reuse.nextBuild(3);
    expect(rebuilt.ok, reuse.stderr()).toBe(true);
    expect(rebuilt.reused).not.toContain('brochure.pdf');
    expect(rebuilt.changed).toEqual(expect.arrayContaining(['brochure.pdf', 'brochure-print.pdf']));
    await sameAsFreshBuild();
  }, SLOW);

  it('makes every document again after an edit to the Chinese text, each as a fresh build makes it', async () => {
    save('貨櫃碼頭日夜運作。', '貨櫃碼頭全年日夜運作。');
    const rebuilt = await reuse.nextBuild(4);
    expect(rebuilt.ok, reuse.stderr()).toBe(true);
    expect(rebuilt.reused).toEqual([]);
    expect(rebuilt.changed).toEqual(OUTPUTS);
    await sameAsFreshBuild();
  }, SLOW);
});
