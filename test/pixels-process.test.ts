// The picture process (src/images/pixels-child.ts, as built into dist/cli/ by `npm run prepare`): the bytes it
// sends back are the bytes a conversion in this process makes, a damaged file is answered with the decoder's
// error and the process goes on, and it ends when the build that started it closes its input.
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageFromEntry } from '../src/images/disk-cache.js';
import { frame, frameReader, runPixelJob, type PixelJob } from '../src/images/pixels-process.js';
import { probeImage } from '../src/images/probe.js';
import type { ImageRequest } from '../src/images/types.js';
import { tempDir } from './support/cli.js';

const CHILD = join(process.cwd(), 'dist', 'cli', 'pixels-child.js');

function request(file: string, target: ImageRequest['target'], outWidthPx: number, outHeightPx: number): ImageRequest {
  const probe = probeImage(resolve(file));
  if (!probe.ok) throw new Error(`fixture ${file} does not probe`);
  const { widthPx, heightPx } = probe.info;
  return { info: probe.info, crop: { left: 0, top: 0, width: widthPx, height: heightPx }, outWidthPx, outHeightPx, target };
}

/** Starts the child, sends `jobs` in one go, and collects an answer per job and how the process ended. */
function inChild(jobs: PixelJob[]): Promise<{ answers: { head: { id: number; error?: string }; body: Buffer }[]; code: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
    const answers: { head: { id: number; error?: string }; body: Buffer }[] = [];
    child.stdout.on(
      'data',
      frameReader((head, body) => {
        answers.push({ head: head as { id: number; error?: string }, body });
        if (answers.length === jobs.length) child.stdin.end(); // nothing more to ask: it should end by itself
      }),
    );
    child.on('error', fail);
    child.on('exit', (code) => done({ answers, code }));
    jobs.forEach((job, id) => child.stdin.write(frame({ id, job })));
  });
}

describe('the picture process', () => {
  it('sends back the same bytes for print, screen and deck pictures as a conversion in this process makes', async () => {
    const jobs: PixelJob[] = [
      { op: 'convert', request: request('data/images/port.jpg', 'print', 1200, 684) },
      { op: 'convert', request: request('data/images/five-links.png', 'print', 900, 310) },
      { op: 'convert', request: request('test/fixtures/images/logo.png', 'screen', 200, 200) },
      { op: 'convert', request: request('test/fixtures/images/map.svg', 'deck', 640, 480) },
      { op: 'cmyk', colours: [[200, 16, 46], [0, 0, 0], [255, 255, 255]] },
    ];
    const { answers, code } = await inChild(jobs);
    expect(code).toBe(0);
    expect(answers.map((a) => a.head.id)).toEqual(jobs.map((_, i) => i));
    for (const [i, job] of jobs.entries()) {
      expect(answers[i]!.head.error, `job ${i}`).toBeUndefined();
      expect(answers[i]!.body.equals(await runPixelJob(job)), `job ${i}: bytes from the child`).toBe(true);
    }
    // And they are pictures, not just equal bytes: the print photo is a CMYK JPEG of the size asked for.
    const photo = imageFromEntry(answers[0]!.body)!;
    expect(photo).toMatchObject({ widthPx: 1200, heightPx: 684, colour: 'cmyk', encoding: 'jpeg' });
    expect(photo.data.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(JSON.parse(answers[4]!.body.toString('utf8'))[1]).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)]);
  }, 60_000);

  it('answers a damaged picture with the decoder’s error and converts the next one', async () => {
    const dir = tempDir('pixels');
    const damaged = join(dir, 'damaged.jpg');
    const whole = join(dir, 'whole.jpg');
    copyFileSync('data/images/port.jpg', whole);
    // A sound header (so it probes as a 2560 × 1460 JPEG) and the scan cut short.
    writeFileSync(damaged, readFileSync('data/images/port.jpg').subarray(0, 3000));
    const { answers, code } = await inChild([
      { op: 'decode', path: damaged },
      { op: 'convert', request: request(whole, 'screen', 320, 182) },
    ]);
    expect(code).toBe(0);
    expect(answers[0]!.head.error).toMatch(/\S/);
    expect(answers[0]!.head.error).not.toContain('\n');
    expect(answers[1]!.head.error).toBeUndefined();
    expect(imageFromEntry(answers[1]!.body)).toMatchObject({ widthPx: 320, heightPx: 182, colour: 'rgb', encoding: 'jpeg' });
  }, 60_000);
});
