// Regenerates silkpress's sample pictures (data/images/, templates/images/) and the image test fixtures
// (test/fixtures/images/) from code: every pixel and path below is made here, so the files are ours to
// license (CC0-1.0, see the manifests). Run: node tools/sample-images.mjs  (needs `npm ci` for sharp).
// The output is deterministic: a seeded generator, fixed encoder settings, no metadata.
import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = (rel, bytes) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), bytes);
  console.log(`${rel}  ${bytes.length} bytes`);
};
const JPEG = { quality: 66, chromaSubsampling: '4:2:0', optimiseCoding: true, mozjpeg: false };

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const mix = (a, b, t) => a + (b - a) * t;
const mixC = (a, b, t) => [mix(a[0], b[0], t), mix(a[1], b[1], t), mix(a[2], b[2], t)];
const smooth = (t) => t * t * (3 - 2 * t);

/** A dusk harbour: sky, hills, a skyline with lit windows, water reflecting it. Photo-like, drawn from numbers. */
function harbour(w, h, seed, { horizon = 0.62, sun = 0.7 } = {}) {
  const r = rng(seed);
  const px = Buffer.alloc(w * h * 3);
  const hy = Math.round(h * horizon);
  // Two ridges of hills: sums of sines with random phases.
  const ridge = (amp, base, k) => {
    const ph = [r() * 6.28, r() * 6.28, r() * 6.28];
    return (x) => base - amp * (0.5 * Math.sin((x / w) * 6.28 * k + ph[0]) + 0.3 * Math.sin((x / w) * 6.28 * k * 2.3 + ph[1]) + 0.2 * Math.sin((x / w) * 6.28 * k * 5.1 + ph[2]));
  };
  const far = ridge(h * 0.06, hy - h * 0.1, 1.3);
  const near = ridge(h * 0.05, hy - h * 0.04, 2.1);
  // Towers: x-range, top, colour, lit-window pattern.
  const towers = [];
  for (let x = 0; x < w; ) {
    const tw = Math.round(w * (0.015 + r() * 0.04));
    const th = h * (0.04 + Math.pow(r(), 2) * 0.22);
    towers.push({ x0: x, x1: x + tw, top: hy - th, shade: 0.1 + r() * 0.12, seed: Math.floor(r() * 1e9) });
    x += tw + Math.round(r() * w * 0.006);
  }
  const skyline = new Float32Array(w).fill(hy);
  const towerAt = new Int32Array(w).fill(-1);
  towers.forEach((t, i) => {
    for (let x = t.x0; x < Math.min(w, t.x1); x++) if (t.top < skyline[x]) ((skyline[x] = t.top), (towerAt[x] = i));
  });
  const sunX = w * sun;
  const sunY = hy - h * 0.08;
  const skyTop = [22, 38, 84];
  const skyMid = [120, 92, 140];
  const skyLow = [246, 160, 92];
  const colourAt = (x, y) => {
    // Sky.
    const t = y / hy;
    let c = t < 0.55 ? mixC(skyTop, skyMid, smooth(t / 0.55)) : mixC(skyMid, skyLow, smooth((t - 0.55) / 0.45));
    const d = Math.hypot(x - sunX, y - sunY) / (h * 0.35);
    const glow = Math.exp(-d * d * 3);
    c = mixC(c, [255, 214, 150], glow * 0.8);
    if (Math.hypot(x - sunX, y - sunY) < h * 0.025) c = [255, 236, 200];
    if (y > far(x)) c = mixC([92, 70, 110], [60, 52, 86], (y - far(x)) / (h * 0.1));
    if (y > near(x)) c = mixC([52, 44, 72], [36, 32, 56], Math.min(1, (y - near(x)) / (h * 0.06)));
    if (y >= skyline[x] && towerAt[x] >= 0) {
      const tw = towers[towerAt[x]];
      c = [20 + tw.shade * 120, 22 + tw.shade * 110, 40 + tw.shade * 120];
      // Windows: a grid, some lit.
      const gx = Math.floor((x - tw.x0) / Math.max(3, w * 0.004));
      const gy = Math.floor((y - tw.top) / Math.max(3, h * 0.006));
      const lit = ((gx * 73856093) ^ (gy * 19349663) ^ tw.seed) >>> 0;
      if ((x - tw.x0) % Math.max(3, Math.round(w * 0.004)) > 0 && (y - tw.top) % Math.max(3, Math.round(h * 0.006)) > 0 && lit % 11 < 2) c = [250, 210, 130];
    }
    return c;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let c;
      if (y < hy) c = colourAt(x, y);
      else {
        // Water: the scene mirrored, rippled sideways, darkened towards the viewer.
        const depth = (y - hy) / (h - hy);
        const ripple = Math.sin(y * 0.35 + Math.sin(x * 0.01) * 2) * (2 + depth * 12);
        const sx = Math.max(0, Math.min(w - 1, Math.round(x + ripple)));
        const sy = Math.max(0, Math.min(hy - 1, hy - 1 - Math.round((y - hy) * 0.9)));
        c = mixC(colourAt(sx, sy), [14, 26, 52], 0.35 + depth * 0.45);
      }
      const i = (y * w + x) * 3;
      px[i] = c[0];
      px[i + 1] = c[1];
      px[i + 2] = c[2];
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } });
}

/** A container port by day: cranes, stacked containers, water. Another photo-like picture for openers. */
function port(w, h, seed) {
  const r = rng(seed);
  const px = Buffer.alloc(w * h * 3);
  const hy = Math.round(h * 0.55);
  const palette = [[178, 58, 48], [40, 92, 150], [214, 160, 60], [70, 130, 90], [120, 120, 128], [200, 200, 196]];
  const cols = Math.ceil(w / (w * 0.03));
  const stacks = Array.from({ length: cols }, () => Array.from({ length: 1 + Math.floor(r() * 5) }, () => palette[Math.floor(r() * palette.length)]));
  const cranes = Array.from({ length: 5 }, (_, k) => ({ x: w * (0.1 + k * 0.2 + r() * 0.05), h: h * (0.3 + r() * 0.1) }));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = y / hy;
      let c = mixC([120, 170, 220], [214, 228, 240], smooth(Math.min(1, t)));
      const quay = hy - h * 0.02;
      if (y > quay) c = [96, 96, 100];
      const cw = w * 0.03;
      const col = Math.floor(x / cw);
      const boxH = h * 0.035;
      const stack = stacks[col];
      if (stack && y < quay && y > quay - stack.length * boxH) {
        const level = Math.floor((quay - y) / boxH);
        c = stack[level] ?? c;
        if ((x % cw) < 2 || ((quay - y) % boxH) < 2) c = mixC(c, [30, 30, 30], 0.5);
      }
      for (const cr of cranes) {
        const top = quay - cr.h;
        if (Math.abs(x - cr.x) < w * 0.004 && y > top && y < quay) c = [200, 60, 40];
        if (y > top && y < top + h * 0.012 && x > cr.x - w * 0.06 && x < cr.x + w * 0.09) c = [200, 60, 40];
      }
      if (y > hy) {
        const depth = (y - hy) / (h - hy);
        c = mixC([40, 90, 130], [20, 50, 80], depth);
        c = mixC(c, [230, 240, 250], Math.max(0, Math.sin(x * 0.05 + y * 0.8) * Math.sin(y * 0.21)) * 0.12);
      }
      const i = (y * w + x) * 3;
      px[i] = c[0];
      px[i + 1] = c[1];
      px[i + 2] = c[2];
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } });
}

// --- The map: partner countries of the dataset, placed by longitude and latitude (equirectangular). ---
const PLACES = [
  ['HK', '香港', 114.17, 22.32],
  ['SA', '沙特阿拉伯', 46.72, 24.71],
  ['AE', '阿聯酋', 54.37, 24.45],
  ['KZ', '哈薩克斯坦', 71.43, 51.13],
  ['UZ', '烏茲別克', 69.24, 41.3],
  ['MY', '馬來西亞', 101.69, 3.14],
  ['ID', '印尼', 106.85, -6.21],
  ['TH', '泰國', 100.5, 13.76],
  ['VN', '越南', 105.85, 21.03],
  ['EG', '埃及', 31.24, 30.04],
  ['TR', '土耳其', 32.85, 39.93],
];
function mapSvg() {
  const W = 800;
  const H = 460;
  const lon0 = 20;
  const lon1 = 130;
  const lat0 = 58;
  const lat1 = -14;
  const X = (lon) => ((lon - lon0) / (lon1 - lon0)) * W;
  const Y = (lat) => ((lat - lat0) / (lat1 - lat0)) * H;
  const f = (n) => n.toFixed(1);
  const grid = [];
  for (let lon = 30; lon <= 120; lon += 15) grid.push(`<line x1="${f(X(lon))}" y1="0" x2="${f(X(lon))}" y2="${H}"/>`);
  for (let lat = 50; lat >= -10; lat -= 15) grid.push(`<line x1="0" y1="${f(Y(lat))}" x2="${W}" y2="${f(Y(lat))}"/>`);
  const [, , hkLon, hkLat] = PLACES[0];
  const routes = PLACES.slice(1).map(([, , lon, lat]) => {
    const x1 = X(hkLon), y1 = Y(hkLat), x2 = X(lon), y2 = Y(lat);
    const mx = (x1 + x2) / 2, my = Math.min(y1, y2) - Math.abs(x1 - x2) * 0.18;
    return `<path d="M${f(x1)} ${f(y1)} Q${f(mx)} ${f(my)} ${f(x2)} ${f(y2)}"/>`;
  });
  const dots = PLACES.map(([code, name, lon, lat], i) => {
    const x = X(lon), y = Y(lat);
    const hk = i === 0;
    const anchor = x > W - 120 ? 'end' : 'start';
    const dx = anchor === 'end' ? -10 : 10;
    return `<circle cx="${f(x)}" cy="${f(y)}" r="${hk ? 9 : 5}" fill="${hk ? '#9e1b32' : '#c8973c'}"/>` +
      `<text x="${f(x + dx)}" y="${f(y + 5)}" text-anchor="${anchor}" font-family="Noto Sans HK" font-size="${hk ? 18 : 14}" font-weight="${hk ? 'bold' : 'normal'}" fill="#1f1f1f">${name}</text>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- silkpress sample map: Hong Kong and partner economies of the dataset, placed by the longitude and latitude of their capitals
     (equirectangular, 20°E–130°E, 58°N–14°S). Drawn by tools/sample-images.mjs; CC0-1.0. -->
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<rect width="${W}" height="${H}" fill="#f6f1ea"/>
<g stroke="#d9cfc1" stroke-width="1">${grid.join('')}</g>
<g fill="none" stroke="#c4626f" stroke-width="2">${routes.join('')}</g>
${dots.join('\n')}
</svg>
`;
}

function logoSvg() {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- silkpress sample logo: a publisher's emblem (a knot of three routes) with its name. Drawn by hand for silkpress; CC0-1.0. -->
<svg xmlns="http://www.w3.org/2000/svg" width="360" height="120" viewBox="0 0 360 120">
<circle cx="60" cy="60" r="52" fill="#9e1b32"/>
<g fill="none" stroke="#ffffff" stroke-width="7" stroke-linecap="round">
<path d="M22 74 C44 30 76 30 98 74"/>
<path d="M22 46 C44 90 76 90 98 46"/>
<path d="M60 14 L60 106"/>
</g>
<circle cx="60" cy="60" r="52" fill="none" stroke="#c8973c" stroke-width="4"/>
<text x="128" y="58" font-family="Noto Sans HK" font-weight="bold" font-size="30" fill="#1f1f1f">一帶一路</text>
<text x="128" y="94" font-family="Noto Sans HK" font-size="20" fill="#6b6b6b">香港參與及角色</text>
</svg>
`;
}

/** A diagram rendered to PNG: the dataset's five areas of action as a flow (rasterised by librsvg through sharp). */
function diagramSvg() {
  const steps = ['政策溝通', '設施聯通', '貿易暢通', '資金融通', '民心相通'];
  const W = 1800;
  const H = 620;
  const boxes = steps.map((s, i) => {
    const x = 40 + i * 352;
    return `<rect x="${x}" y="220" width="300" height="180" rx="18" fill="${i % 2 ? '#c8973c' : '#9e1b32'}"/>` +
      (i < steps.length - 1 ? `<path d="M${x + 306} 310 l40 0" stroke="#6b6b6b" stroke-width="8" marker-end="url(#a)"/>` : '') +
      `<text x="${x + 150}" y="326" text-anchor="middle" font-family="Noto Sans HK" font-size="50" fill="#ffffff">${s}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<defs><marker id="a" markerWidth="4" markerHeight="4" refX="2" refY="2" orient="auto"><path d="M0 0 L4 2 L0 4 z" fill="#6b6b6b"/></marker></defs>
<rect width="${W}" height="${H}" fill="#ffffff"/>
<text x="${W / 2}" y="120" text-anchor="middle" font-family="Noto Sans HK" font-size="64" font-weight="bold" fill="#1f1f1f">五通</text>
${boxes.join('\n')}
</svg>`;
}

const PNG = { compressionLevel: 9, adaptiveFiltering: false, palette: true, colours: 64 };
// librsvg finds fonts through fontconfig: point it at the project's fonts/ so the diagram's Chinese is drawn
// in Noto Sans HK (the PNG holds the text as pixels; the picture's alternative text says it).
const fcConf = join(root, '.scratch-fonts.conf');
writeFileSync(fcConf, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${join(root, 'fonts')}</dir></fontconfig>`);
process.env.FONTCONFIG_FILE = fcConf;

// Sample content (shipped with the Belt and Road dataset and the theme).
out('templates/images/cover.jpg', await harbour(2560, 2216, 14, { horizon: 0.66, sun: 0.72 }).jpeg(JPEG).toBuffer());
out('templates/images/logo.svg', Buffer.from(logoSvg()));
out('data/images/port.jpg', await port(2560, 1460, 7).jpeg(JPEG).toBuffer());
out('data/images/partners-map.svg', Buffer.from(mapSvg()));
out('data/images/five-links.png', await sharp(Buffer.from(diagramSvg()), { density: 90 }).png(PNG).toBuffer());

// Test fixtures: small on purpose.
out('test/fixtures/images/wide.jpg', await harbour(1200, 400, 3).jpeg(JPEG).toBuffer());
out('test/fixtures/images/tall.jpg', await port(500, 1500, 5).jpeg(JPEG).toBuffer());
out('test/fixtures/images/low-res.jpg', await harbour(1300, 500, 9).jpeg(JPEG).toBuffer());
out('test/fixtures/images/very-low-res.jpg', await harbour(400, 300, 11).jpeg(JPEG).toBuffer());
const L = 1200;
const logo = Buffer.alloc(L * L * 4);
for (let y = 0; y < L; y++) for (let x = 0; x < L; x++) {
  const d = Math.hypot(x - L / 2, y - L / 2) / (L / 400);
  const i = (y * L + x) * 4;
  const ring = d < 190 && d > 150;
  const dot = d < 90;
  logo[i] = ring ? 200 : 158; logo[i + 1] = ring ? 151 : 27; logo[i + 2] = ring ? 60 : 50;
  logo[i + 3] = ring || dot ? 255 : 0;
}
out('test/fixtures/images/logo.png', await sharp(logo, { raw: { width: L, height: L, channels: 4 } }).png({ compressionLevel: 9 }).toBuffer());
out('test/fixtures/images/map.svg', Buffer.from(mapSvg()));
(await import('node:fs')).rmSync(fcConf);
