// The project's fonts folder → fontconfig pointed at it alone, for librsvg (inside sharp), which sets an SVG's
// text when a picture is checked or rasterised for the deck.
import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  const key = createHash('sha256').update(fontsDir).digest('hex').slice(0, 16);
  const conf = join(tmpdir(), `silkpress-fonts-${key}.conf`);
  const text = `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${xmlText(fontsDir)}</dir><cachedir>${xmlText(join(tmpdir(), `silkpress-fontconfig-${key}`))}</cachedir></fontconfig>\n`;
  // Written beside and renamed: another build may be reading the same file.
  const temp = `${conf}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, conf);
  process.env.FONTCONFIG_FILE = conf;
  configuredFor = fontsDir;
}

