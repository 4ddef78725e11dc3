// The disk cache only ever saves time: a build served from it (pictures, parsed YAML, compiled layouts, rendered
// documents, the script check, font programs, the ICC profile, SVG drawings, decks, typeset paragraphs, deflated
// streams), from a cache with torn or tampered entries, from a cache it cannot write, or with the cache off, writes
// the same bytes as a build that did all the work itself.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { linkDatasetFolder } from '../src/bench/scale.js';
import { packEntry, unpackEntry } from '../src/cache/disk.js';
import { projectCopy, silkpress, tempDir } from './support/cli.js';

const MINI = 'test/fixtures/mini/dataset.yaml';

const outputs = (dir: string): Map<string, string> =>
  new Map(
    readdirSync(dir)
      .sort()
      .map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]),
  );

async function buildWith(cacheDir: string, env: NodeJS.ProcessEnv = {}): Promise<Map<string, string>> {
  const out = tempDir('cache-out');
  const r = await silkpress(['build', '--out', out], { SILKPRESS_CACHE_DIR: cacheDir, ...env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return outputs(out);
}

const KINDS = ['images-v1', 'yaml-v1', 'templates-v1', 'documents-v1', 'checks-v1', 'fonts-v1', 'streams-v1', 'drawings-v1', 'decks-v1', 'typeset-v1'];
const entries = (cacheDir: string, kind = 'images-v1'): string[] => readdirSync(join(cacheDir, kind)).map((f) => join(cacheDir, kind, f));

describe('the disk cache', () => {
  it('gives the same files whether pictures are converted, read back, read back torn, or the cache is off or unwritable', async () => {
    const cache = tempDir('cache');
    const converted = await buildWith(cache);
    expect([...converted.keys()]).toEqual(['briefing.pdf', 'briefing.pptx', 'brochure-print.pdf', 'brochure.pdf', 'manifest.json']);
    const kept = entries(cache);
    // Each distinct picture, crop, size and output is one entry: the shipped pictures in two PDF editions and the deck.
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.every((f) => f.endsWith('.bin'))).toBe(true);

    // Every kind of work the cache keeps was kept.
    for (const kind of KINDS) expect(entries(cache, kind).length, kind).toBeGreaterThan(0);
    expect(await buildWith(cache)).toEqual(converted);

    // Every kind: its first entry torn.
    for (const kind of KINDS) {
      const [first] = entries(cache, kind);
      writeFileSync(first!, readFileSync(first!).subarray(0, 40));
    }
    expect(await buildWith(cache)).toEqual(converted);

    // Pictures: tear one entry, flip a byte in the pixels of another, and replace a third with junk.
    const [a, b, c] = kept;
    writeFileSync(a!, readFileSync(a!).subarray(0, 100));
    const flipped = readFileSync(b!);
    flipped[flipped.length - 1]! ^= 0xff;
    writeFileSync(b!, flipped);
    writeFileSync(c!, 'not an entry');
    expect(await buildWith(cache)).toEqual(converted);
    // The bad entries were replaced with good ones: the next build reads them all back.
    const now = new Map(entries(cache).map((f) => [f, readFileSync(f)]));
    expect(now.get(a!)!.length).toBeGreaterThan(100);
    expect(now.get(b!)!.equals(flipped)).toBe(false);

    // Every entry of the pictures' kind junk at once (the converted pictures, the print edition's CMYK colours
    // and the colours of each SVG): the same bytes again.
    for (const f of entries(cache)) writeFileSync(f, '["not", "colours"]');
    expect(await buildWith(cache)).toEqual(converted);

    // A cache folder that cannot be made (a file stands where it would go): the build converts, same bytes.
    const blocked = join(tempDir('cache-blocked'), 'file');
    writeFileSync(blocked, 'a file, not a folder');
    expect(await buildWith(blocked)).toEqual(converted);

    // Off: nothing is written under the home folder's cache either.
    const home = tempDir('cache-home');
    expect(await buildWith('off', { HOME: home, XDG_CACHE_HOME: '' })).toEqual(converted);
    expect(existsSync(join(home, '.cache'))).toBe(false);
  }, 240_000);
});

describe('validated values from a warm cache', () => {
  it('are what the schemas make of the same text, kept under the code’s checksum, and a text with a problem is still refused as with no cache', async () => {
    const cache = tempDir('valid-cache');
    const r = await silkpress(['check', '--data', MINI], { SILKPRESS_CACHE_DIR: cache });
    expect(r.code, r.stderr).toBe(0);
    const kept = new Map<string, unknown>();
    for (const file of entries(cache, 'yaml-v1')) {
      const { head, body } = unpackEntry<{ key: string }>(readFileSync(file));
      const m = /^valid\|([0-9a-f]{64})\|([a-z-]+)\|([0-9a-f]{64})$/.exec(head.key);
      if (m) kept.set(`${m[2]} ${m[3]}`, JSON.parse(body.toString('utf8')));
    }
    const sum = (file: string): string => createHash('sha256').update(readFileSync(file, 'utf8')).digest('hex');
    // The dataset, the theme and the font manifest, each under its text's checksum, hold what their schemas make of it.
    const { schemas } = await import('../src/data/schema.js');
    const { themeSchemas } = await import('../src/theme/theme.js');
    const { parse } = await import('yaml');
    expect(kept.get(`dataset ${sum(MINI)}`)).toEqual(schemas().DatasetSchema.parse(parse(readFileSync(MINI, 'utf8'))));
    expect(kept.get(`theme ${sum('templates/theme.yaml')}`)).toEqual(themeSchemas().ThemeSchema.parse(parse(readFileSync('templates/theme.yaml', 'utf8'))));
    expect(kept.get(`font-manifest ${sum('fonts/manifest.json')}`)).toEqual(themeSchemas().FontManifestSchema.parse(JSON.parse(readFileSync('fonts/manifest.json', 'utf8'))));

    // An unknown field added: refused from the warm cache exactly as with none.
    const dir = tempDir('valid-edit');
    const edited = join(dir, 'dataset.yaml');
    writeFileSync(edited, readFileSync(MINI, 'utf8').replace(/^meta:\n/m, 'meta:\n  colour: red\n'));
    const warm = await silkpress(['check', '--data', edited], { SILKPRESS_CACHE_DIR: cache });
    const off = await silkpress(['check', '--data', edited], { SILKPRESS_CACHE_DIR: 'off' });
    expect(warm.code).toBe(1);
    expect(warm.stderr).toContain("unknown field 'colour'");
    expect({ code: warm.code, stderr: warm.stderr }).toEqual({ code: off.code, stderr: off.stderr });
  }, 60_000);
});

describe('an edited dataset from a warm cache', () => {
  it('is built exactly as with no cache at all: the edit shows, and nothing of the old text survives', async () => {
    const cache = tempDir('edit-cache');
    await buildWith(cache);
    const dir = tempDir('edited');
    linkDatasetFolder('data/belt-and-road.yaml', dir);
    const text = readFileSync('data/belt-and-road.yaml', 'utf8');
    expect(text).toContain('重要發展策略');
    const edited = join(dir, 'edited.yaml');
    writeFileSync(edited, text.replace('重要發展策略', '重大發展策略'));
    const build = async (cacheDir: string): Promise<Map<string, string>> => {
      const out = tempDir('edited-out');
      const r = await silkpress(['build', '--data', edited, '--out', out], { SILKPRESS_CACHE_DIR: cacheDir });
      expect(r.code, r.stderr).toBe(0);
      return outputs(out);
    };
    const warm = await build(cache);
    expect(warm).toEqual(await build('off'));
    expect(warm.get('brochure.pdf')).not.toBe((await buildWith(cache)).get('brochure.pdf'));
  }, 240_000);
});

describe('edited layouts and pictures from a warm cache', () => {
  it('are rendered and packaged afresh: a changed partial, theme label or picture shows, exactly as with no cache', async () => {
    const cache = tempDir('layout-cache');
    const root = projectCopy();
    const build = async (cacheDir: string): Promise<{ text: string; files: Map<string, string> }> => {
      const out = tempDir('layout-out');
      const r = await silkpress(['build', '--root', root, '--data', MINI, '--out', out], { SILKPRESS_CACHE_DIR: cacheDir });
      expect(r.code, r.stderr).toBe(0);
      return { text: execFileSync('pdftotext', [join(out, 'brochure.pdf'), '-'], { encoding: 'utf8' }), files: outputs(out) };
    };
    const before = await build(cache);
    expect(before.text).toContain('目錄');
    // Served from the cache: the same files.
    expect(await build(cache)).toEqual(before);

    const themeFile = join(root, 'templates', 'theme.yaml');
    writeFileSync(themeFile, readFileSync(themeFile, 'utf8').replace('contents: 目錄', 'contents: 目次'));
    const relabelled = await build(cache);
    expect(relabelled.text).toContain('目次');
    expect(relabelled.text).not.toContain('目錄');
    expect(relabelled).toEqual(await build('off'));

    // A partial: every heading gets a word before it.
    const heading = join(root, 'templates', 'partials', 'heading.hbs');
    writeFileSync(heading, readFileSync(heading, 'utf8').replace('{{inline title~}}', '章{{inline title~}}'));
    const reworded = await build(cache);
    expect(reworded.text).toContain('章香港的優勢');
    expect(reworded).toEqual(await build('off'));

    // The cover picture (on the title slide too), darker, with its checksum in the pictures' manifest.
    const cover = join(root, 'templates', 'images', 'cover.jpg');
    const darker = await sharp(readFileSync(cover)).modulate({ brightness: 0.8 }).jpeg({ quality: 90 }).toBuffer();
    writeFileSync(cover, darker);
    const pictures = join(root, 'templates', 'images', 'manifest.json');
    const listed = JSON.parse(readFileSync(pictures, 'utf8')) as { file: string; sha256: string }[];
    listed.find((p) => p.file === 'cover.jpg')!.sha256 = createHash('sha256').update(darker).digest('hex');
    writeFileSync(pictures, JSON.stringify(listed, null, 2));
    const repictured = await build(cache);
    expect(repictured.files.get('briefing.pptx')).not.toBe(reworded.files.get('briefing.pptx'));
    expect(repictured).toEqual(await build('off'));
  }, 240_000);
});

describe('fontconfig for SVG text', () => {
  it('is configured in the user’s own cache, or a private folder of the build’s own, never at a fixed name in the shared temporary folder', async () => {
    // A fixed name in /tmp made a second user's build fail (it could not replace the first user's file) and
    // let anyone plant a configuration. Observed through TMPDIR, which node's tmpdir() follows.
    const tmp = tempDir('fc-tmp');
    const cache = tempDir('fc-cache');
    await buildWith(cache, { TMPDIR: tmp });
    const conf = readdirSync(join(cache, 'fontconfig')).map((k) => join(cache, 'fontconfig', k, 'fonts.conf'));
    expect(conf).toHaveLength(1);
    expect(readFileSync(conf[0]!, 'utf8')).toContain(`<dir>${join(process.cwd(), 'fonts')}</dir>`);
    expect(readdirSync(tmp).filter((f) => f.includes('fonts'))).toEqual([]);

    // With the cache off: a private folder (mode 0700) that the build removes when it ends.
    const seen = new Set<number>();
    const watcher = watch(tmp, (_, name) => {
      if (name?.startsWith('silkpress-fonts-')) {
        try {
          seen.add(statSync(join(tmp, name)).mode & 0o777);
        } catch {
          /* already removed */
        }
      }
    });
    await buildWith('off', { TMPDIR: tmp });
    watcher.close();
    expect([...seen]).toEqual([0o700]);
    expect(readdirSync(tmp).filter((f) => f.startsWith('silkpress-fonts-'))).toEqual([]);
  }, 240_000);
});

describe('a batch of delegation editions', () => {
  it('leaves the paragraphs its worker processes set in the cache for the next batch, one entry per edition language', async () => {
    const cache = tempDir('batch-cache');
    const out = tempDir('batch-out');
    // The screen PDF alone: the paragraphs are those of both documents (the deck is typeset for its check either way).
    const r = await silkpress(['build', '--delegations', '--workers', '1', '--only', 'pdf', '--edition', 'screen', '--out', out], { SILKPRESS_CACHE_DIR: cache });
    expect(r.code, r.stderr).toBe(0);
    // The shipped profiles ask for three languages (zh-Hans, zh-Hant-HK, en): each has its own fonts and paragraphs.
    const languages = new Set(readdirSync('data/delegations').filter((f) => f.endsWith('.yaml')).map((f) => /^language:\s*(\S+)/m.exec(readFileSync(join('data/delegations', f), 'utf8'))![1]));
    expect(languages.size).toBe(3);
    const kept = entries(cache, 'typeset-v1');
    expect(kept.length).toBe(languages.size);
    // Each entry holds paragraphs as set: JSON of [key, lines] pairs, each line with its glyphs.
    for (const f of kept) expect(readFileSync(f).length).toBeGreaterThan(100_000);
  }, 240_000);
});

describe('deflated streams', () => {
  it('are read back from one entry the last build left, and the bytes are what zlib makes of them here', async () => {
    const cache = tempDir('cache');
    const off = await buildWith('off');
    expect(await buildWith(cache)).toEqual(off);
    const packs = entries(cache, 'streams-v1').filter((f) => unpackEntry<{ key: string }>(readFileSync(f)).head.key.startsWith('deflated streams'));
    expect(packs).toHaveLength(1);
    const file = packs[0]!;
    const { head, body } = unpackEntry<{ key: string; sha256: string }>(readFileSync(file));
    // The key names zlib's version and what it makes of a sample: a cache filled by another zlib is not used.
    expect(head.key).toContain(process.versions.zlib);
    // Its streams are the ones a build with the cache off writes: from the entry, the same files.
    expect(await buildWith(cache)).toEqual(off);

    // Each stream deflated otherwise (level 1: valid, other bytes), under a good checksum: the next build writes
    // those bytes, so they are read from the entry rather than deflated again.
    const parts: Buffer[] = [body.subarray(0, 4)];
    let at = 4;
    for (let n = body.readUInt32BE(0); n > 0; n--) {
      const length = body.readUInt32BE(at + 32);
      const other = deflateSync(inflateSync(body.subarray(at + 36, at + 36 + length)), { level: 1 });
      const head36 = Buffer.from(body.subarray(at, at + 36));
      head36.writeUInt32BE(other.length, 32);
      parts.push(head36, other);
      at += 36 + length;
    }
    expect(at).toBe(body.length);
    const payload = Buffer.concat(parts);
    writeFileSync(file, packEntry({ key: head.key, sha256: createHash('sha256').update(payload).digest('hex') }, payload));
    const served = await buildWith(cache);
    for (const pdf of ['brochure.pdf', 'brochure-print.pdf', 'briefing.pdf']) expect(served.get(pdf), pdf).not.toBe(off.get(pdf));
  }, 240_000);
});
