#!/usr/bin/env node
// The installed command's entry (bundled to dist/cli/main.js). Node 20 keeps no compiled code between runs of an
// ES module, so the command line is bundled as one CommonJS file (dist/cli/app.cjs, scripts/bundle.mjs) and run
// here as a vm.Script with V8's code cache: the first run of each command keeps the code V8 compiled for it in
// the disk cache (`code-v1/`, keyed by app.cjs's checksum, the command, node's version and the architecture);
// later runs start from that code instead of parsing and compiling 5 MB of JavaScript again (~200 ms of a cold
// build). With the cache off, unwritable or rejected by V8, the command runs the same, only compiled afresh.
// This file itself is bundled as CommonJS too (dist/cli/package.json says so): node starts a CommonJS entry
// without loading its ES module loader, ~6 ms sooner.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';

/** sha256 of app.cjs, written in by scripts/bundle.mjs. */
declare const __SILKPRESS_APP_ID__: string;

const file = fileURLToPath(new URL('./app.cjs', import.meta.url));
// app.cjs is ASCII (scripts/bundle.mjs): read as latin1 it is a one-byte string, ~15 ms faster than UTF-8 decoding.
const bytes = readFileSync(file);
const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
const body = source.startsWith('#!') ? source.slice(source.indexOf('\n')) : source;
const command = /^[a-z-]{1,24}$/.test(process.argv[2] ?? '') ? process.argv[2] : '';
const key = ['app', __SILKPRESS_APP_ID__, command, process.version, process.arch].join('\0');
const cachedData = readCacheEntry('code', key);
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __silkpressImport) {${body}\n})`, {
  filename: file,
  cachedData,
});
// Taken at exit, so the cache holds what this command compiled lazily as well as the top level.
if (!cachedData || script.cachedDataRejected) process.once('exit', () => writeCacheEntry('code', key, script.createCachedData()));
const module = { exports: {} };
// Code compiled by vm.Script cannot import() (node 20 allows it only behind --experimental-vm-modules): the bundle
// require()s node's modules and its own, and imports the one ES module it needs (pdf.js, for preview) through this.
const importEsm = (specifier: string): Promise<unknown> => import(specifier);
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file), importEsm);
