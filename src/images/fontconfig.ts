// The project's fonts folder → fontconfig pointed at it alone, for librsvg (inside sharp), which sets an SVG's
// text when a picture is checked or rasterised for the deck.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot } from '../cache/disk.js';

const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * librsvg (inside sharp) finds the fonts for an SVG's text through fontconfig, which by default means whatever the
 * machine has installed: on a clean machine a map's Chinese names came out as hex boxes in the deck. Point fontconfig
 * at the project's fonts alone, before the first SVG is rasterised in this process, so the text is drawn in our fonts
 * on every machine, the same pixels everywhere.
 */
let configuredFor: string | undefined;

export function useProjectFontsForSvg(fontsDir: string): void {
  // Kept in the module, not the environment: a child process inherits the environment but must set its own.
  if (configuredFor === fontsDir) return;
  const dir = configDir(createHash('sha256').update(fontsDir).digest('hex').slice(0, 16));
  const conf = join(dir, 'fonts.conf');
  const text = `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${xmlText(fontsDir)}</dir><cachedir>${xmlText(join(dir, 'cache'))}</cachedir></fontconfig>\n`;
  // Written beside and renamed: another build of this user's may be reading the same file.
  const temp = `${conf}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, conf);
  process.env.FONTCONFIG_FILE = conf;
  configuredFor = fontsDir;
}

/**
 * The folder for the configuration and fontconfig's own cache of the fonts' names: in the user's silkpress
 * cache, so it is the user's alone and kept between builds (fontconfig then scans the fonts once); with the
 * cache off or not writable, a private folder of this process's own. Never a fixed name in the shared
 * temporary folder, which another user could own or plant a configuration in.
 */
function configDir(key: string): string {
  const root = cacheRoot();
  if (root) {
    try {
      const dir = join(root, 'fontconfig', key);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      return dir;
    } catch {
      /* not writable: a private folder below */
    }
  }
  const own = mkdtempSync(join(tmpdir(), 'silkpress-fonts-'));
  process.once('exit', () => rmSync(own, { recursive: true, force: true }));
  return own;
}
