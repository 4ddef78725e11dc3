// manifest.json's inputs: each file's checksum is what the file holds now, though `watch` keeps the checksums of
// files whose stamp (device, inode, size, modification and change times) has not moved instead of reading them again.
import { createHash } from 'node:crypto';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectInputs } from '../src/manifest.js';
import { openProject } from '../src/preflight/load.js';
import { projectCopy } from './support/cli.js';

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

describe('manifest inputs', () => {
  it('name every template by what it holds now, after a rewrite of the same size with its old modification time', () => {
    const root = projectCopy();
    const project = openProject(root);
    const dataFile = join(root, 'data.yaml');
    writeFileSync(dataFile, 'meta: {}\n');
    const inputs = () => projectInputs({ root, dataFile, project, dataText: 'meta: {}\n' });
    const file = join(root, 'templates', 'theme.yaml');
    // A whole second, so that the modification time can be put back exactly (utimes takes seconds).
    const whole = 1_700_000_000;
    utimesSync(file, whole, whole);
    const first = inputs();
    const entry = (list: typeof first) => list.find((i) => i.file === 'templates/theme.yaml')!.sha256;
    expect(entry(first)).toBe(sha(readFileSync(file)));
    // Unchanged: the same checksums (from memory, the second time).
    expect(inputs()).toEqual(first);

    const before = statSync(file, { bigint: true });
    const text = readFileSync(file, 'utf8');
    // One character changed, the size and the modification time as they were: only the change time tells.
    const edited = text.replace(/#([0-9a-f])/i, (_all, d: string) => `#${d === '0' ? '1' : '0'}`);
    expect(edited).not.toBe(text);
    expect(BigInt(Buffer.byteLength(edited))).toBe(before.size);
    writeFileSync(file, edited);
    utimesSync(file, whole, whole);
    expect(statSync(file, { bigint: true }).mtimeNs).toBe(before.mtimeNs);
    const second = inputs();
    expect(entry(second)).toBe(sha(edited));
    expect(entry(second)).not.toBe(entry(first));
    // Every other input is unchanged.
    expect(second.filter((i) => i.file !== 'templates/theme.yaml')).toEqual(first.filter((i) => i.file !== 'templates/theme.yaml'));
  });
});
