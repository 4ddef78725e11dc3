// The installed version of a library whose output a disk-cache entry holds, so that upgrading it retires the
// entries it made. The bundled command line has them written in by scripts/bundle.mjs (`define`), because a
// bundled start must not go looking in node_modules; tsc's unbundled output reads the package's package.json.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

declare const __SILKPRESS_DEPENDENCY_VERSIONS__: Record<string, string> | undefined;
declare const __SILKPRESS_CODE_ID__: string | undefined;

/**
 * A checksum of all the code of the bundled command line (silkpress and its dependencies), written in by
 * scripts/bundle.mjs; undefined when running tsc's unbundled output, where nothing vouches for the code. What
 * depends on the code itself (how paragraphs are set) is kept in the disk cache only under it.
 */
export function codeId(): string | undefined {
  return typeof __SILKPRESS_CODE_ID__ !== 'undefined' && __SILKPRESS_CODE_ID__ ? __SILKPRESS_CODE_ID__ : undefined;
}

export type CachedDependency = 'yaml' | 'handlebars' | 'opencc-js' | 'sharp' | 'svg-to-pdfkit';

export function dependencyVersion(name: CachedDependency): string {
  if (typeof __SILKPRESS_DEPENDENCY_VERSIONS__ !== 'undefined') return __SILKPRESS_DEPENDENCY_VERSIONS__[name] ?? 'unknown';
  try {
    // Up from the package's entry to its package.json (some packages do not export it).
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    while (dir !== dirname(dir)) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      }
      dir = dirname(dir);
    }
  } catch {
    /* not resolvable: entries are keyed 'unknown' */
  }
  return 'unknown';
}
