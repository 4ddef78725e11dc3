// The installed version of a library whose output a disk-cache entry holds, so that upgrading it retires the
// entries it made. The bundled command line has them written in by scripts/bundle.mjs (`define`), because a
// bundled start must not go looking in node_modules; tsc's unbundled output reads the package.json.
import { createRequire } from 'node:module';

declare const __SILKPRESS_DEPENDENCY_VERSIONS__: Record<string, string> | undefined;

export function dependencyVersion(name: 'yaml' | 'handlebars'): string {
  if (typeof __SILKPRESS_DEPENDENCY_VERSIONS__ !== 'undefined') return __SILKPRESS_DEPENDENCY_VERSIONS__[name] ?? 'unknown';
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
