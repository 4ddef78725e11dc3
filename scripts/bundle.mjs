// `npm run prepare`, after tsc: bundle the command line with esbuild, so that a start loads a few files
// instead of resolving and compiling hundreds of modules. dist/cli/main.js (the bin: src/cli/bin.ts, which turns
// on node's compile cache where there is one and then loads the command line), dist/cli/worker.js
// (the batch worker), dist/cli/script-worker.js (the script check's thread) and dist/cli/pixels-child.js (the
// picture process) are the entry points; code only some commands need sits in chunks beside them, loaded
// when a command asks for it. Chunks live in dist/cli/ like the entries, so every `import.meta.url`-relative
// path in silkpress (the ICC profile, the worker) resolves as it does from tsc's output one folder deeper.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const outdir = 'dist/cli';
// Chunks of an earlier bundle: their names change with their content.
for (const f of readdirSync(outdir)) if (/^chunk-.*\.js$/.test(f)) rmSync(join(outdir, f));
rmSync(join(outdir, 'main.js.map'), { force: true });

/**
 * pdfkit finds its own files (standard fonts through its package.json "imports", its sRGB profile) from
 * import.meta.url; bundled, that would be silkpress's file. Point it at pdfkit's installed module instead.
 */
/**
 * Likewise yargs' ESM shim finds its locales and the calling package's package.json (for --version) from its own
 * file: give it the path that file has when installed.
 */
const beside = {
  name: 'beside',
  setup(b) {
    b.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', 'import.meta.resolve("pdfkit")'),
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', 'new URL("./lib/platform-shims/esm.mjs", import.meta.resolve("yargs")).href'),
      loader: 'js',
    }));
  },
};

// The versions of libraries whose results the disk cache keeps (src/cache/versions.ts).
const dependencyVersions = Object.fromEntries(
  ['yaml', 'handlebars', 'opencc-js', 'sharp'].map((name) => [name, JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')).version]),
);

/**
 * fontkit imports brotli for WOFF2 fonts; bundled, its 1.3 MB (a dictionary decoded as the module loads) cost
 * ~60 ms of every start, though the fonts silkpress ships and documents are TrueType. Give fontkit a stand-in
 * that loads the real decoder from node_modules the first time a WOFF2 font is opened.
 */
const woff2OnDemand = {
  name: 'woff2-on-demand',
  setup(b) {
    b.onResolve({ filter: /^brotli\/decompress\.js$/ }, () => ({ path: 'brotli-on-demand', namespace: 'silkpress' }));
    b.onLoad({ filter: /^brotli-on-demand$/, namespace: 'silkpress' }, () => ({
      contents: "let real; export default function decompress(buffer, size) { real ??= require('brotli/decompress.js'); return real(buffer, size); }",
      loader: 'js',
    }));
  },
};

const options = {
  entryPoints: { main: 'src/cli/bin.ts', worker: 'src/batch/worker.ts', 'script-worker': 'src/check/script-worker.ts', 'pixels-child': 'src/images/pixels-child.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The native canvas and pdf.js (preview only) load files of their own.
  external: ['@napi-rs/canvas', 'pdfjs-dist', 'pdfjs-dist/*'],
  // CommonJS dependencies (handlebars, …) call require() for node's own modules.
  banner: { js: "import { createRequire as __silkpressRequire } from 'node:module'; const require = __silkpressRequire(import.meta.url);" },
  plugins: [beside, woff2OnDemand],
  legalComments: 'none',
  logLevel: 'warning',
};

// The code's identity: a checksum of every file that goes into the bundle (silkpress's sources and the
// dependencies' code), read from a first pass's metafile. The disk cache keys what the code computes (typeset
// paragraphs) by it, so a change to any line retires those entries (src/cache/versions.ts).
const { metafile } = await build({ ...options, write: false, metafile: true, define: { __SILKPRESS_DEPENDENCY_VERSIONS__: '{}', __SILKPRESS_CODE_ID__: '""' } });
const code = createHash('sha256');
// Inputs made by the plugins here (not files) are covered by this script's own text.
const inputs = ['scripts/bundle.mjs', ...Object.keys(metafile.inputs).filter((f) => existsSync(f)).sort()];
for (const input of inputs) code.update(input).update('\0').update(readFileSync(input)).update('\0');

await build({
  ...options,
  define: { __SILKPRESS_DEPENDENCY_VERSIONS__: JSON.stringify(dependencyVersions), __SILKPRESS_CODE_ID__: JSON.stringify(code.digest('hex')) },
});
