// A libvips job (pixels.ts: convert a picture, decode a file, colours → CMYK) → its result, computed in a child
// process of its own, one job at a time, or in this process when the child's script is not beside this module
// (run from sources, as the tests do in process).
//
// Why a process: libvips works on threads, and glibc's malloc gives each thread an arena of its own that it
// does not hand back to the system. A print edition's pictures converted in the build's own process left it at
// ~390 MiB (its pages and fonts ~160); the same conversions in a child started with one malloc arena peak near
// 140 MiB there, and what they held is returned when the child ends. The arena count can only be set before a
// process starts (MALLOC_ARENA_MAX), hence the child. It exits once idle, or when this process ends (its stdin
// closes), and only a build whose pictures are not in the disk cache starts one.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packEntry, unpackEntry } from '../cache/disk.js';
import { childEnv } from '../child-env.js';
import { imageFromEntry, imageToEntry } from './disk-cache.js';
import { convertPixels, decodePicture, transformToCmyk } from './pixels.js';
import type { ImageRequest, PreparedImage } from './types.js';

export type PixelJob = { op: 'convert'; request: ImageRequest } | { op: 'decode'; path: string } | { op: 'cmyk'; colours: [number, number, number][] };
type Result<J extends PixelJob> = J extends { op: 'convert' } ? PreparedImage : J extends { op: 'cmyk' } ? [number, number, number, number][] : void;

/** The job done here, in this process: what the child runs for each message, and the fallback. */
export async function runPixelJob(job: PixelJob): Promise<Buffer> {
  switch (job.op) {
    case 'convert':
      return imageToEntry(await convertPixels(job.request));
    case 'decode':
      await decodePicture(job.path);
      return Buffer.alloc(0);
    case 'cmyk':
      return Buffer.from(JSON.stringify(await transformToCmyk(job.colours)), 'utf8');
  }
}

function decodeResult<J extends PixelJob>(job: J, body: Buffer): Result<J> {
  if (job.op === 'convert') {
    const image = imageFromEntry(body);
    if (!image) throw new Error('the picture process sent pixels that cannot be read');
    return image as Result<J>;
  }
  if (job.op === 'cmyk') return JSON.parse(body.toString('utf8')) as Result<J>;
  return undefined as Result<J>;
}

/** Messages both ways: a 4-byte length, then packEntry(head, body). */
export function frame(head: unknown, body: Buffer = Buffer.alloc(0)): Buffer {
  const entry = packEntry(head, body);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(entry.length);
  return Buffer.concat([len, entry]);
}

/** Splits a byte stream into frames' heads and bodies. */
export function frameReader(onFrame: (head: unknown, body: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4) {
      const len = pending.readUInt32BE(0);
      if (pending.length < 4 + len) break;
      const { head, body } = unpackEntry<unknown>(pending.subarray(4, 4 + len));
      pending = pending.subarray(4 + len);
      onFrame(head, body);
    }
  };
}

/** The compiled child beside this module (dist/images/, or dist/cli/ in the bundle); absent when run from sources. */
const CHILD_FILE = fileURLToPath(new URL('./pixels-child.js', import.meta.url));
/** An idle child ends after this long: `watch` does not keep its memory between edits that change no picture. */
const IDLE_MS = 2_000;

interface Child {
  process: ChildProcess;
  pending: Map<number, { resolve: (body: Buffer) => void; reject: (e: Error) => void }>;
  next: number;
  idle?: NodeJS.Timeout;
}
let child: Child | undefined;

function startChild(): Child | undefined {
  if (!existsSync(CHILD_FILE)) return undefined;
  // node:child_process (and net, streams) is loaded only now: ~2 ms of a start whose pictures are all cached.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const proc = spawn(process.execPath, [CHILD_FILE], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // One malloc arena for libvips' threads (see above); everything else as the build's own environment, less
    // what only network connections use (src/child-env.ts).
    env: childEnv({ MALLOC_ARENA_MAX: '1' }),
  });
  const state: Child = { process: proc, pending: new Map(), next: 0 };
  let stderr = '';
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-2000)));
  proc.stdout!.on(
    'data',
    frameReader((head, body) => {
      const { id, error } = head as { id: number; error?: string };
      const waiting = state.pending.get(id);
      state.pending.delete(id);
      if (error !== undefined) waiting?.reject(new Error(error));
      else waiting?.resolve(body);
      settle(state);
    }),
  );
  const fail = (why: string): void => {
    if (child === state) child = undefined;
    for (const { reject } of state.pending.values()) reject(new Error(why));
    state.pending.clear();
  };
  proc.on('error', (e) => fail(`the picture process could not run: ${e.message}`));
  proc.on('exit', (code, signal) => {
    const last = stderr.trim().split('\n').pop();
    fail(`the picture process ended (${signal ?? `exit ${code}`})${last ? `: ${last}` : ''}`);
  });
  // A closed pipe is reported by 'exit'; without these listeners it would be thrown.
  proc.stdin!.on('error', () => undefined);
  return state;
}

/** With nothing pending the child no longer keeps this process alive, and ends after IDLE_MS. */
function settle(state: Child): void {
  if (state.pending.size > 0) return;
  unrefAll(state.process, false);
  clearTimeout(state.idle);
  state.idle = setTimeout(() => {
    if (state.pending.size === 0) {
      if (child === state) child = undefined;
      state.process.stdin!.end();
    }
  }, IDLE_MS);
  state.idle.unref();
}

function unrefAll(proc: ChildProcess, ref: boolean): void {
  for (const handle of [proc, proc.stdin, proc.stdout, proc.stderr] as ({ ref(): void; unref(): void } | null)[]) {
    if (ref) handle?.ref();
    else handle?.unref();
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * `job`'s result. Jobs run one after another, never side by side: each already uses every core through
 * libvips' own threads, and pictures converted together held more memory at once for no gain in time.
 */
export function inPixelProcess<J extends PixelJob>(job: J): Promise<Result<J>> {
  const run = async (): Promise<Result<J>> => {
    child ??= startChild();
    const state = child;
    if (!state) return decodeResult(job, await runPixelJob(job));
    clearTimeout(state.idle);
    unrefAll(state.process, true);
    const id = state.next++;
    const body = await new Promise<Buffer>((resolve, reject) => {
      state.pending.set(id, { resolve, reject });
      state.process.stdin!.write(frame({ id, job }));
    });
    return decodeResult(job, body);
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}
