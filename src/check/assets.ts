// A project folder → problems with the files it refers to: fonts/manifest.json names font and licence files,
// which must lie inside fonts/ and exist.
import { existsSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { parseYaml, readSource } from '../data/yaml.js';
import { codes, DiagnosticError, error, type Diagnostic } from '../diag/diagnostic.js';
import { FONT_MANIFEST_SCHEMA } from '../theme/theme.js';

/**
 * Whether a reference stays inside its folder. Decided on the path as written, not on where symlinks lead:
 * a project may link its fonts from a shared folder, but a manifest may not reach out of the project.
 */
export function staysInside(reference: string): boolean {
  if (reference === '' || isAbsolute(reference) || /^[a-zA-Z]:/.test(reference)) return false;
  const n = normalize(reference);
  return n !== '..' && !n.startsWith(`..${sep}`) && !n.startsWith('../');
}

export function checkProjectFiles(root: string): Diagnostic[] {
  const fontsDir = join(root, 'fonts');
  const manifestFile = join(fontsDir, 'manifest.json');
  let manifest;
  try {
    // JSON is YAML: parsing it with the yaml package keeps positions, so a bad entry is reported at its line.
    manifest = parseYaml(manifestFile, readSource(manifestFile), FONT_MANIFEST_SCHEMA);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  const out: Diagnostic[] = [];
  manifest.value.forEach((entry, i) => {
    for (const field of ['file', 'licence'] as const) {
      const reference = entry[field];
      const span = manifest.locate(`/${i}/${field}`);
      if (!staysInside(reference)) {
        out.push({
          ...error(codes.assetPath, `font '${entry.id}': ${field} '${reference}' is outside the project's fonts/ folder`, span, [
            `copy the file into ${fontsDir} and name it relative to that folder, e.g. "${reference.split(/[\\/]/).pop()}"`,
          ]),
          text: reference,
        });
      } else if (!existsSync(join(fontsDir, reference))) {
        out.push({
          ...error(codes.assetPath, `font '${entry.id}': ${field} '${reference}' does not exist in ${fontsDir}`, span, [
            'fonts come from npm packages: `npm pack`, then copy the file into fonts/ (see README, Fonts)',
          ]),
          text: reference,
        });
      }
    }
  });
  return out;
}
