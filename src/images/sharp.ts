// sharp (libvips, a 19 MB library with a pool of threads), loaded when a picture is first decoded or converted
// rather than at start: a build whose pictures all come from the disk cache never loads it (~30 ms and ~20 MiB).
import type SharpDefault from 'sharp';

let loaded: typeof SharpDefault | undefined;

export async function loadSharp(): Promise<typeof SharpDefault> {
  if (!loaded) {
    loaded = (await import('sharp')).default;
    // libvips keeps recent operations' results (up to 50 MB by default) for reuse; a build converts each picture
    // once and keeps what it needs itself, so that cache only adds to the peak.
    loaded.cache(false);
  }
  return loaded;
}
