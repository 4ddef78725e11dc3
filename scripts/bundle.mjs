// `npm run prepare`, after tsc: bundle the command line with esbuild, so that a start reads a few files instead
// of resolving and compiling hundreds of modules.
// - dist/cli/app.cjs: the command line (src/cli/main.ts and all it may load) as one CommonJS file, ASCII only.
//   Modules only some commands need (the deck writer, sharp) are in it but run only when a command asks for
//   them; OpenCC and brotli are loaded from node_modules when first used (the stand-ins below).
// - dist/cli/main.js (the bin, src/cli/bin.ts): runs app.cjs through V8's code cache (see bin.ts for why).
// - dist/cli/worker.js (the batch worker as a thread; a worker process is the bin, `main.js batch-worker`),
//   dist/cli/script-worker.js (the script check's thread) and
//   dist/cli/pixels-child.js (the picture process).
// All four are CommonJS, each one file, and dist/cli/package.json says so: node starts a CommonJS entry without
// its ES module loader, ~6 ms of every command (an ES module bin paid it before it could run app.cjs). tsc's own
// output for src/cli/ (ES modules, which that package.json would make unloadable) is removed here.
// Everything lives in dist/cli/, so every `import.meta.url`-relative path in silkpress (the ICC profile, the
// workers) resolves as it does from tsc's output one folder deeper.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const outdir = 'dist/cli';
// tsc's output for src/cli/ (the bundles below replace it) and what an earlier bundle left (chunks, maps).
for (const f of readdirSync(outdir)) {
  const path = join(outdir, f);
  if (statSync(path).isDirectory()) rmSync(path, { recursive: true });
  else if (/\.(js|cjs|map|json)$/.test(f)) rmSync(path);
}
// Every .js file here is CommonJS (the bundles below), though the package's own files are ES modules.
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

/**
 * pdfkit finds its own files (standard fonts through its package.json "imports", its sRGB profile) from
 * import.meta.url; bundled, that would be silkpress's file. Point it at pdfkit's installed module instead.
 */
/**
 * Likewise yargs' ESM shim finds its locales and the calling package's package.json (for --version) from its own
 * file: give it the path that file has when installed.
 */
const beside = () => {
  // The bundles are CommonJS (no import.meta): node's require.resolve from the bundle's own file.
  const resolved = (name, sub) =>
    `__silkpressUrl.pathToFileURL(__silkpressPath.join(__silkpressPath.dirname(__silkpressRequire.resolve(${JSON.stringify(name)})), ${JSON.stringify(sub ?? '.')})).href`;
  return {
    name: 'beside',
    setup(b) {
      b.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, (args) => ({
        contents: standardFontsOnce(readFileSync(args.path, 'utf8').replaceAll('import.meta.url', resolved('pdfkit', 'pdfkit.node.mjs'))),
        loader: 'js',
      }));
      b.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => ({
        contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', resolved('yargs', './lib/platform-shims/esm.mjs')),
        loader: 'js',
      }));
    },
  };
};

/**
 * Every PDFDocument makes its default font, Helvetica, and pdfkit parses its metrics (widths, ~2 700 kerning pairs)
 * for each document: ~1 ms of every PDF, three per edition, though silkpress draws no text in it. The parsed
 * metrics are only read afterwards, so they are made once per font data (pdfkit keeps one data object per
 * standard font). The file is the same: the font is still made, and named, as before.
 */
function standardFontsOnce(source) {
  const made = 'this.font = new AFMFont(fontData);';
  if (!source.includes(made)) throw new Error(`bundle: pdfkit no longer makes a standard font's metrics with '${made}': review standardFontsOnce`);
  return `const __silkpressAfm = new WeakMap();\n${source.replace(made, 'this.font = __silkpressAfm.get(fontData) ?? __silkpressAfm.set(fontData, new AFMFont(fontData)).get(fontData);')}`;
}

// The versions of libraries whose results the disk cache keeps (src/cache/versions.ts).
const dependencyVersions = Object.fromEntries(
  ['yaml', 'handlebars', 'opencc-js', 'sharp', 'svg-to-pdfkit'].map((name) => [name, JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')).version]),
);

/**
 * A stand-in's way to the installed package. Not `require(name)`: esbuild would resolve that back to the stand-in
 * itself (the stand-in answers for that name), and the stand-in would call itself until the stack ran out. A
 * require made at run time from the bundle's own file finds node_modules as the installed bin does.
 */
const loadInstalled = "import { createRequire as __silkpressCreateRequire } from 'node:module'; const loadInstalled = (name) => __silkpressCreateRequire(import.meta.url)(name);";

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
      contents: `${loadInstalled} let real; export default function decompress(buffer, size) { real ??= loadInstalled('brotli/decompress.js'); return real(buffer, size); }`,
      loader: 'js',
    }));
  },
};

/**
 * OpenCC (opencc-js, 2.2 MB of tables) is needed in the command line's own thread only by Simplified editions and
 * `import` (the script check runs in a worker thread of its own, dist/cli/script-worker.js). In app.cjs it was a
 * third of the file every start reads (~7 ms). Give app.cjs a stand-in that requires the installed package (its
 * CommonJS build, the same tables) the first time a converter is asked for.
 */
const openccOnDemand = {
  name: 'opencc-on-demand',
  setup(b) {
    b.onResolve({ filter: /^opencc-js$/ }, () => ({ path: 'opencc-on-demand', namespace: 'silkpress' }));
    b.onLoad({ filter: /^opencc-on-demand$/, namespace: 'silkpress' }, () => ({
      contents: `${loadInstalled} let real; export const Converter = (options) => (real ??= loadInstalled('opencc-js')).Converter(options);`,
      loader: 'js',
    }));
  },
};

/**
 * Modules whose body does costly work as it loads, though few runs call them. Each import of one gets a stand-in
 * whose functions require the real module on their first call; esbuild bundles a module reached by require()
 * behind an init function, so its body runs then and not as app.cjs loads.
 * - string-width (yargs, its cliui and wrap-ansi each import one) builds Unicode-property regular expressions
 *   and an Intl.Segmenter: ~25 ms of every start, though only help and usage errors measure text.
 * - @noble/ciphers' AES (pdfkit's encryption, which silkpress never asks for) computes its tables: ~4 ms.
 */
const LAZY_BODIES = [
  { specifier: 'string-width', exports: ['default'] },
  { specifier: '@noble/ciphers/aes', exports: ['cbc', 'ecb'] },
];
const bodiesOnDemand = {
  name: 'bodies-on-demand',
  setup(b) {
    for (const { specifier, exports } of LAZY_BODIES) {
      const filter = new RegExp(`^${specifier.replace(/[/.]/g, '\\$&')}$`);
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData?.real) return undefined;
        const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { real: true } });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: `on-demand:${relative(process.cwd(), real.path)}`, namespace: 'silkpress', pluginData: { realPath: real.path, exports } };
      });
    }
    b.onLoad({ filter: /^on-demand:/, namespace: 'silkpress' }, ({ pluginData: { realPath, exports } }) => ({
      contents: exports
        .map((name) => `export ${name === 'default' ? 'default function' : `function ${name}`}(...args) { return require(${JSON.stringify(realPath)}).${name}(...args); }`)
        .join('\n'),
      loader: 'js',
      resolveDir: dirname(realPath),
    }));
  },
};

/**
 * fontkit, unicode-properties and linebreak inflate their Unicode tables with tiny-inflate as they load: its
 * JavaScript decoder, run cold, cost ~14 ms of every start. src/fonts/inflate.ts does the same with node's zlib.
 */
const inflateWithZlib = {
  name: 'inflate-with-zlib',
  setup(b) {
    b.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: 'inflate-with-zlib', namespace: 'silkpress' }));
    // A CommonJS module whose exports are the function, as tiny-inflate's are (unicode-trie requires it).
    b.onLoad({ filter: /^inflate-with-zlib$/, namespace: 'silkpress' }, () => ({
      contents: "module.exports = require('./src/fonts/inflate.ts').default;",
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // The native canvas and pdf.js (preview only) load files of their own.
  external: ['@napi-rs/canvas', 'pdfjs-dist', 'pdfjs-dist/*'],
  legalComments: 'none',
  logLevel: 'warning',
};
const commonjs = {
  ...common,
  format: 'cjs',
  // import.meta.url is the bundle's own URL; the plugins' paths are found with a require of the bundle's own.
  define: { 'import.meta.url': '__silkpressMetaUrl' },
  banner: {
    js: "const __silkpressRequire = require, __silkpressPath = require('node:path'), __silkpressUrl = require('node:url'), __silkpressMetaUrl = __silkpressUrl.pathToFileURL(__filename).href;",
  },
};
const appOptions = {
  ...commonjs,
  entryPoints: ['src/cli/main.ts'],
  outfile: join(outdir, 'app.cjs'),
  // import() becomes require(): code compiled through a vm.Script (the bin's code cache) cannot import().
  supported: { 'dynamic-import': false },
  plugins: [beside(), woff2OnDemand, openccOnDemand, bodiesOnDemand, inflateWithZlib],
};
// The bin and the workers: one file each (CommonJS has no shared chunks; they share little but the disk cache).
const entryOptions = {
  ...commonjs,
  entryPoints: { main: 'src/cli/bin.ts', worker: 'src/batch/worker.ts', 'script-worker': 'src/check/script-worker.ts', 'pixels-child': 'src/images/pixels-child.ts' },
  outdir,
  plugins: [beside(), woff2OnDemand, bodiesOnDemand, inflateWithZlib],
};

/**
 * app.cjs as ASCII only, so that the bin reads it as a one-byte string (latin1: ~1 ms) rather than decoding UTF-8
 * into a two-byte one (~15 ms of every start). esbuild escapes strings but keeps the characters of comments and
 * regular expression literals (`/[「」]/u`); each such UTF-16 unit becomes `\uXXXX`, which a regular expression
 * reads as the same character (a surrogate pair as one code point under the u flag) and a comment does not read.
 * A character right after a backslash (an identity escape, `\「`) would change meaning: the bundle fails instead.
 */
function asciiOnly(file) {
  const source = readFileSync(file, 'utf8');
  const escaped = source.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) => {
    if (slashes.length % 2 === 1) throw new Error(`bundle: ${file}: an escaped non-ASCII character (${JSON.stringify(c)}) cannot be written as \\uXXXX`);
    return slashes + `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  writeFileSync(file, escaped);
}

// The code's identity: a checksum of every file that goes into either bundle (silkpress's sources and the
// dependencies' code), read from a first pass's metafiles. The disk cache keys what the code computes (typeset
// paragraphs) by it, so a change to any line retires those entries (src/cache/versions.ts).
const placeholders = { __SILKPRESS_DEPENDENCY_VERSIONS__: '{}', __SILKPRESS_CODE_ID__: '""', __SILKPRESS_APP_ID__: '""' };
const firstPass = await Promise.all(
  [appOptions, entryOptions].map((o) => build({ ...o, write: false, metafile: true, define: { ...o.define, ...placeholders } })),
);
const code = createHash('sha256');
// Inputs made by the plugins here (not files) are covered by this script's own text.
const inputs = ['scripts/bundle.mjs', ...new Set(firstPass.flatMap(({ metafile }) => Object.keys(metafile.inputs)).filter((f) => existsSync(f)))].sort();
for (const input of inputs) code.update(input).update('\0').update(readFileSync(input)).update('\0');
const defines = { __SILKPRESS_DEPENDENCY_VERSIONS__: JSON.stringify(dependencyVersions), __SILKPRESS_CODE_ID__: JSON.stringify(code.digest('hex')) };

await build({ ...appOptions, define: { ...appOptions.define, ...defines } });
asciiOnly(appOptions.outfile);
// The bin keys V8's code cache by app.cjs's own bytes: the same source, and only it, may reuse compiled code.
const appId = createHash('sha256').update(readFileSync(appOptions.outfile)).digest('hex');
await build({ ...entryOptions, define: { ...entryOptions.define, ...defines, __SILKPRESS_APP_ID__: JSON.stringify(appId) } });
