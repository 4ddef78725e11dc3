// Pictures as readers and print shops meet them: a fact sheet we did not make the samples for, holding a wide
// photo, a tall one, a transparent PNG logo and an SVG map, built through the real pipeline; the PDFs read
// back with qpdf (image colour spaces, drawn boxes against pixel sizes, the structure tree's Alt) and the
// command line's check for missing, mislabelled and low-resolution pictures.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import sharp from 'sharp';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { cropAround, effectivePpi } from '../src/images/crop.js';
import { prepareImage } from '../src/images/convert.js';
import { hasAdobeMarker } from '../src/images/pixels.js';
import { probeImage, sniff } from '../src/images/probe.js';
import { contentOps, readPdfObjects, run, structureTree, type PdfObjects, type StructElement } from './support/pdf.js';
import { silkpress, tempDir } from './support/cli.js';
import { writeOneSectionSheet } from './support/dataset.js';

const FIX = 'test/fixtures/images';

/** A small fact sheet of its own, in its own folder, with pictures beside it. */
function factSheet(pictures: { file: string; alt: string; caption?: string; focus?: [number, number] }[], opener?: string): string {
  const dir = tempDir('images');
  mkdirSync(join(dir, 'images'));
  for (const f of new Set([...pictures.map((p) => p.file), ...(opener ? [opener] : [])])) copyFileSync(join(FIX, f), join(dir, 'images', f));
  return writeOneSectionSheet(
    dir,
    { title: '港口與航運', asOf: '2026-01-15' },
    {
      id: 'ports',
      title: '港口',
      ...(opener ? { picture: { file: `images/${opener}`, alt: '港口的全景。', focus: [0.5, 0.5] } } : {}),
      body: [
        { paragraph: '香港是重要的國際航運中心，貨櫃碼頭日夜運作。' },
        ...pictures.map((p) => ({ image: { ...p, file: `images/${p.file}` } })),
        { paragraph: '航運業為本地經濟帶來就業機會。' },
      ],
    },
  );
}

/** Every image XObject drawn on every page, with the box the content stream draws it in. */
function drawnImages(pdf: PdfObjects): { page: number; name: string; width: number; height: number; colourSpace: string; boxW: number; boxH: number }[] {
  const out: ReturnType<typeof drawnImages> = [];
  pdf.pages.forEach(({ dict }, p) => {
    const resources = pdf.dict(dict['/Resources']);
    const xobjects = resources['/XObject'] ? pdf.dict(resources['/XObject']) : {};
    const stack: number[][] = [];
    let ctm = [1, 0, 0, 1, 0, 0];
    const mul = (m: number[], n: number[]): number[] => [
      m[0]! * n[0]! + m[1]! * n[2]!,
      m[0]! * n[1]! + m[1]! * n[3]!,
      m[2]! * n[0]! + m[3]! * n[2]!,
      m[2]! * n[1]! + m[3]! * n[3]!,
      m[4]! * n[0]! + m[5]! * n[2]! + n[4]!,
      m[4]! * n[1]! + m[5]! * n[3]! + n[5]!,
    ];
    for (const op of contentOps(pdf.stream(dict['/Contents']).data)) {
      if (op.op === 'q') stack.push(ctm);
      else if (op.op === 'Q') ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
      else if (op.op === 'cm') ctm = mul(op.operands.map(Number), ctm);
      else if (op.op === 'Do') {
        const name = op.operands[0]!;
        const x = pdf.dict(xobjects[name]);
        if (x['/Subtype'] !== '/Image') continue;
        out.push({
          page: p + 1,
          name,
          width: Number(x['/Width']),
          height: Number(x['/Height']),
          colourSpace: String(x['/ColorSpace']),
          boxW: Math.hypot(ctm[0]!, ctm[1]!),
          boxH: Math.hypot(ctm[2]!, ctm[3]!),
        });
      }
    }
  });
  return out;
}

describe('pictures in both editions of a fact sheet made for this test', () => {
  let out: string;
  let result: BuildResult;
  beforeAll(async () => {
    const data = factSheet(
      [
        { file: 'wide.jpg', alt: '黃昏海港的寬幅照片。', caption: '海港黃昏' },
        { file: 'tall.jpg', alt: '碼頭吊機的直幅照片。', caption: '碼頭吊機', focus: [0.3, 0.4] },
        { file: 'logo.png', alt: '透明背景的圓形標誌。' },
        { file: 'map.svg', alt: '由香港連線至各夥伴經濟體的地圖。', caption: '夥伴經濟體' },
      ],
    );
    out = tempDir('images-out');
    result = await build({ root: '.', dataFile: data, outDir: out, only: 'pdf' });
  }, 120_000);

  it('print edition holds no RGB image: every picture is DeviceCMYK', () => {
    const images = drawnImages(readPdfObjects(join(out, 'brochure-print.pdf')));
    expect(images.length).toBeGreaterThanOrEqual(3); // wide, tall, logo (+ the theme's cover, back)
    expect(images.filter((i) => i.colourSpace !== '/DeviceCMYK')).toEqual([]);
  });

  it('screen edition keeps the pictures RGB, as supplied', () => {
    const images = drawnImages(readPdfObjects(join(out, 'brochure.pdf')));
    expect(images.length).toBeGreaterThanOrEqual(3);
    expect(images.filter((i) => i.colourSpace !== '/DeviceRGB')).toEqual([]);
  });

  it('places every picture without distortion: drawn box aspect equals the image pixel aspect', () => {
    for (const edition of ['brochure.pdf', 'brochure-print.pdf']) {
      for (const i of drawnImages(readPdfObjects(join(out, edition)))) {
        const drawn = i.boxW / i.boxH;
        const pixels = i.width / i.height;
        // Whole pixels: within one pixel's worth of the smaller side.
        expect(Math.abs(drawn - pixels) / pixels, `${edition} page ${i.page} ${i.name}: ${i.boxW}×${i.boxH} pt vs ${i.width}×${i.height} px`).toBeLessThan(
          1.5 / Math.min(i.width, i.height) + 0.002,
        );
      }
    }
  });

  it('keeps the transparent logo transparent: a soft mask, in both editions', () => {
    for (const edition of ['brochure.pdf', 'brochure-print.pdf']) {
      const pdf = readPdfObjects(join(out, edition));
      const masked = pdf.pages.flatMap(({ dict }) => {
        const res = pdf.dict(dict['/Resources']);
        return Object.values(res['/XObject'] ? pdf.dict(res['/XObject']) : {}).map((r) => pdf.dict(r)).filter((x) => x['/SMask'] !== undefined);
      });
      expect(masked.length, edition).toBeGreaterThan(0);
      for (const m of masked) expect(pdf.dict(m['/SMask'])['/ColorSpace']).toBe('/DeviceGray');
    }
  });

  it('draws the SVG map as vectors with its text as text', () => {
    const text = run('pdftotext', [join(out, 'brochure.pdf'), '-']);
    for (const name of ['香港', '沙特阿拉伯', '哈薩克斯坦']) expect(text).toContain(name);
  });

  it('tags every picture as a Figure with its Alt, the caption inside the Figure', () => {
    const pdf = readPdfObjects(join(out, 'brochure.pdf'));
    const figures: { alt: string; kids: string[] }[] = [];
    const objectOf = (v: unknown): Record<string, unknown> | undefined => {
      const d = pdf.resolve(v as never);
      return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : undefined;
    };
    const walk = (v: unknown): void => {
      const d = objectOf(v);
      if (!d) return;
      const kids = ([] as unknown[]).concat(d['/K'] ?? []);
      if (d['/S'] === '/Figure') figures.push({ alt: String(d['/Alt'] ?? ''), kids: kids.map((k) => String(objectOf(k)?.['/S'] ?? '')) });
      for (const k of kids) walk(k);
    };
    walk(pdf.catalog['/StructTreeRoot']);
    const alts = figures.map((f) => f.alt).join('\n');
    for (const alt of ['黃昏海港', '碼頭吊機', '圓形標誌', '夥伴經濟體的地圖']) expect(alts).toContain(alt);
    expect(figures.filter((f) => f.alt.trim() === '')).toEqual([]);
    expect(figures.filter((f) => f.kids.includes('/Caption')).length).toBeGreaterThanOrEqual(3);
  });

  it('reports every raster picture\'s effective resolution at its printed size', () => {
    const raster = result.pictures.filter((p) => p.ppi !== undefined);
    expect(raster.map((p) => p.file)).toEqual(expect.arrayContaining(['images/wide.jpg', 'images/tall.jpg', 'images/logo.png']));
    for (const p of raster) expect(p.ppi).toBe(Math.round(Math.min(p.widthPx / (p.widthPt / 72), p.heightPx / (p.heightPt / 72))));
    expect(result.pictures.find((p) => p.file === 'images/map.svg')?.ppi).toBeUndefined();
    // The fixtures are small: the wide photo across the column is well under 300 ppi, and the build says so.
    expect(result.warnings.some((d) => d.code === 'E510' && d.message.includes('images/wide.jpg'))).toBe(true);
  });
});

describe('check finds the pictures a print shop or a reader would reject', () => {
  it('warns below 300 ppi, naming the picture and the page, and refuses below 150', async () => {
    const low = factSheet([{ file: 'low-res.jpg', alt: '低解像度的照片。' }]);
    const r = await silkpress(['check', '--data', low]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning\[E510\]: picture 'images\/low-res\.jpg' prints at \d+ ppi on page \d+/);
    const veryLow = factSheet([{ file: 'very-low-res.jpg', alt: '極低解像度的照片。' }]);
    const v = await silkpress(['check', '--data', veryLow]);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/sheet\.yaml:\d+:\d+: error\[E151\]: picture 'images\/very-low-res\.jpg' prints at \d+ ppi on page \d+/);
    const b = await silkpress(['build', '--data', veryLow, '--out', tempDir('refused'), '--only', 'pdf']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('error[E151]');
  }, 120_000);

  it('an SVG whose text holds a character no font can draw: E401 at its place in the SVG, and build refuses it', async () => {
    const data = factSheet([{ file: 'tofu-map.svg', alt: '標示利雅得的地圖。' }]);
    const r = await silkpress(['check', '--data', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tofu-map\.svg:6:\d+: error\[E401\]: the text of picture 'images\/tofu-map\.svg' has 'ب' \(U\+0628\)/);
    expect(r.stderr).not.toMatch(/'香'|'港'|'利'/);
    const out = tempDir('refused-svg');
    const b = await silkpress(['build', '--data', data, '--out', out, '--only', 'pdf']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('error[E401]');
    expect(existsSync(join(out, 'brochure.pdf'))).toBe(false);
  }, 120_000);

  it('a missing picture, one whose bytes are not what its name says, and an unsupported format: located errors', async () => {
    const data = factSheet([{ file: 'wide.jpg', alt: '照片。' }]);
    const dir = join(data, '..', 'images');
    writeFileSync(join(dir, 'fake.png'), readFileSync(join(FIX, 'wide.jpg')));
    writeFileSync(join(dir, 'pic.gif'), 'GIF89a');
    const yaml = parseYaml(readFileSync(data, 'utf8'));
    yaml.sections[0].body.push({ image: { file: 'images/gone.jpg', alt: '不存在' } }, { image: { file: 'images/fake.png', alt: '偽裝' } }, { image: { file: 'images/pic.gif', alt: '動畫' } });
    writeFileSync(data, stringify(yaml));
    const r = await silkpress(['check', '--data', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sheet\.yaml:\d+:\d+: error\[E145\]: picture 'images\/gone\.jpg'/);
    expect(r.stderr).toMatch(/error\[E147\]: picture 'images\/fake\.png': the file is named \.png but its bytes are JPEG/);
    expect(r.stderr).toMatch(/error\[E146\]: picture 'images\/pic\.gif'/);
    const b = await silkpress(['build', '--data', data, '--out', tempDir('refused'), '--only', 'pdf']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('error[E145]');
  }, 120_000);

  it('a picture without alternative text is a schema error at its place', async () => {
    const data = factSheet([{ file: 'wide.jpg', alt: '照片。' }]);
    const yaml = parseYaml(readFileSync(data, 'utf8'));
    delete yaml.sections[0].body[1].image.alt;
    writeFileSync(data, stringify(yaml));
    const r = await silkpress(['check', '--data', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E102]');
    // The block is a union (paragraph, facts, image): zod names the block that matches none.
    expect(r.stderr).toMatch(/\/sections\/0\/body\/1/);
  }, 60_000);
});

describe('the image library', () => {
  it('crops to the frame aspect around the focal point, inside the picture', () => {
    const c = cropAround(1200, 400, 100, 100, { x: 0.9, y: 0.5 });
    expect(c).toEqual({ left: 800, top: 0, width: 400, height: 400 });
    const t = cropAround(500, 1500, 200, 100, { x: 0.5, y: 0 });
    expect(t).toEqual({ left: 0, top: 0, width: 500, height: 250 });
    expect(effectivePpi({ left: 0, top: 0, width: 600, height: 300 }, 144, 72)).toBe(300);
  });

  it('knows a file by its bytes, not its name', () => {
    expect(sniff(readFileSync(join(FIX, 'wide.jpg')))).toBe('jpeg');
    expect(sniff(readFileSync(join(FIX, 'logo.png')))).toBe('png');
    expect(sniff(readFileSync(join(FIX, 'map.svg')))).toBe('svg');
    const logo = probeImage(join(process.cwd(), FIX, 'logo.png'));
    expect(logo.ok && logo.info).toMatchObject({ format: 'png', widthPx: 1200, heightPx: 1200, hasAlpha: true });
  });

  it('converts to CMYK through FOGRA39 deterministically, as an Adobe CMYK JPEG', async () => {
    const probe = probeImage(join(process.cwd(), FIX, 'wide.jpg'));
    if (!probe.ok) throw new Error('fixture');
    const request = { info: probe.info, crop: { left: 0, top: 0, width: 300, height: 300 }, outWidthPx: 150, outHeightPx: 150, target: 'print' as const };
    const a = await prepareImage(request);
    // A different request object with the same content: answered from the cache, the same bytes.
    const b = await prepareImage({ ...request, crop: { ...request.crop } });
    expect(a.colour).toBe('cmyk');
    expect(a.encoding).toBe('jpeg');
    expect(hasAdobeMarker(a.data)).toBe(true);
    expect(a.adobeInverted).toBe(true);
    expect(b.data.equals(a.data)).toBe(true);
  });
});

/** Every picture shape (p:pic) of a .pptx: its slide, description, extents (EMU) and its media's pixel size. */
async function deckPictures(file: string): Promise<{ slide: number; descr: string; cx: number; cy: number; media: string; widthPx: number; heightPx: number; format: string }[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const out: Awaited<ReturnType<typeof deckPictures>> = [];
  const slides = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
  for (const name of slides) {
    const n = Number(/slide(\d+)\.xml$/.exec(name)![1]);
    const xml = await zip.file(name)!.async('string');
    const rels = await zip.file(`ppt/slides/_rels/slide${n}.xml.rels`)!.async('string');
    for (const pic of xml.match(/<p:pic>[\s\S]*?<\/p:pic>/g) ?? []) {
      const descr = /<p:cNvPr [^>]*descr="([^"]*)"/.exec(pic)?.[1] ?? '';
      const rid = /r:embed="([^"]+)"/.exec(pic)![1]!;
      const target = new RegExp(`Id="${rid}"[^>]*Target="\\.\\./media/([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="\\.\\./media/([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1]!;
      const ext = /<a:ext cx="(\d+)" cy="(\d+)"/.exec(pic)!;
      const bytes = await zip.file(`ppt/media/${target}`)!.async('nodebuffer');
      const meta = await sharp(bytes).metadata();
      out.push({ slide: n, descr: descr.replace(/&quot;/g, '"').replace(/&amp;/g, '&'), cx: Number(ext[1]), cy: Number(ext[2]), media: target, widthPx: meta.width!, heightPx: meta.height!, format: meta.format! });
    }
  }
  return out.sort((a, b) => a.slide - b.slide);
}

/** Alternative texts of a structure tree's Figures. */
function figureAlts(el: StructElement): string[] {
  return [...(el.type === 'Figure' ? [el.alt ?? ''] : []), ...el.children.flatMap(figureAlts)];
}

/** Every `alt` text in a YAML file (a dataset's pictures, the theme's by language). */
function altsIn(file: string): string[] {
  const found: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string' && key === 'alt') found.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k === 'alt' || key === 'alt' ? 'alt' : k);
  };
  walk(parseYaml(readFileSync(file, 'utf8')));
  return found;
}

const EMU_PER_IN = 914_400;

describe('pictures in the deck: picture shapes with descr, sized for the screen, never distorted', () => {
  const fixtureAlts = ['港口的全景。', '黃昏海港的寬幅照片。', '碼頭吊機的直幅照片。', '透明背景的圓形標誌。', '由香港連線至各夥伴經濟體的地圖。'];
  let sheetA: string;
  let sheetB: string;
  let shipped: string;
  beforeAll(async () => {
    const data = factSheet(
      [
        { file: 'wide.jpg', alt: fixtureAlts[1]!, caption: '海港黃昏' },
        { file: 'tall.jpg', alt: fixtureAlts[2]!, caption: '碼頭吊機', focus: [0.3, 0.4] },
        { file: 'logo.png', alt: fixtureAlts[3]! },
        { file: 'map.svg', alt: fixtureAlts[4]!, caption: '夥伴經濟體' },
      ],
      // The fixtures' photos are too small for a full-bleed print opener (E151): the map opens the section.
      'map.svg',
    );
    sheetA = tempDir('deck-pictures-a');
    sheetB = tempDir('deck-pictures-b');
    shipped = tempDir('deck-pictures-shipped');
    await build({ root: '.', dataFile: data, outDir: sheetA, only: 'pptx' });
    await build({ root: '.', dataFile: data, outDir: sheetB, only: 'pptx' });
    await build({ root: '.', dataFile: 'data/belt-and-road.yaml', outDir: shipped, only: 'pptx' });
  }, 180_000);

  it('puts the cover, logo, opener and every body picture in as p:pic with descr = the alternative text', async () => {
    const pics = await deckPictures(join(sheetA, 'briefing.pptx'));
    const themeAlts = altsIn('templates/theme.yaml');
    expect(pics.map((p) => p.descr)).toEqual(expect.arrayContaining(fixtureAlts));
    for (const p of pics) expect([...fixtureAlts, ...themeAlts], `slide ${p.slide} ${p.media}`).toContain(p.descr);
    // Title slide: the theme's cover photo and logo; the opener on the section slide; one picture slide per body image.
    expect(pics.filter((p) => p.slide === 1).length).toBe(2);
    expect(new Set(pics.filter((p) => fixtureAlts.slice(1).includes(p.descr)).map((p) => p.slide)).size).toBe(4);

    const shippedPics = await deckPictures(join(shipped, 'briefing.pptx'));
    const shippedAlts = [...altsIn('data/belt-and-road.yaml'), ...themeAlts];
    expect(shippedPics.length).toBeGreaterThanOrEqual(5);
    for (const p of shippedPics) expect(shippedAlts, `slide ${p.slide}`).toContain(p.descr);
  });

  it('sizes every picture for the screen (at most ~200 ppi of its box) and never distorts it', async () => {
    for (const dir of [sheetA, shipped]) {
      for (const p of await deckPictures(join(dir, 'briefing.pptx'))) {
        const what = `${dir} slide ${p.slide} ${p.media}: ${p.widthPx}×${p.heightPx} px in ${(p.cx / EMU_PER_IN).toFixed(2)}×${(p.cy / EMU_PER_IN).toFixed(2)} in`;
        expect(p.widthPx, what).toBeLessThanOrEqual(Math.ceil((p.cx / EMU_PER_IN) * 200) + 1);
        expect(p.heightPx, what).toBeLessThanOrEqual(Math.ceil((p.cy / EMU_PER_IN) * 200) + 1);
        const pixels = p.widthPx / p.heightPx;
        expect(Math.abs(p.cx / p.cy - pixels) / pixels, what).toBeLessThan(1.5 / Math.min(p.widthPx, p.heightPx) + 0.002);
        // Photographs stay JPEG, line art and transparency PNG (SVG rendered by librsvg).
        expect(['jpeg', 'png'], what).toContain(p.format);
      }
    }
    // The shipped cover photo is 2560 px wide: the deck carries a smaller copy, not the file.
    const cover = (await deckPictures(join(shipped, 'briefing.pptx')))[0]!;
    expect(cover.widthPx).toBeLessThan(2560);
  });

  it('gives identical bytes from two builds', () => {
    for (const f of ['briefing.pptx', 'briefing.pdf']) expect(readFileSync(join(sheetA, f)).equals(readFileSync(join(sheetB, f))), f).toBe(true);
  });

  it('draws the same pictures in briefing.pdf, undistorted, tagged Figure with Alt', () => {
    for (const dir of [sheetA, shipped]) {
      const pdf = readPdfObjects(join(dir, 'briefing.pdf'));
      const images = drawnImages(pdf);
      expect(images.length).toBeGreaterThanOrEqual(3);
      for (const i of images) {
        const pixels = i.width / i.height;
        expect(Math.abs(i.boxW / i.boxH - pixels) / pixels, `page ${i.page} ${i.name}`).toBeLessThan(1.5 / Math.min(i.width, i.height) + 0.002);
      }
      const alts = figureAlts(structureTree(pdf));
      if (dir === sheetA) expect(alts).toEqual(expect.arrayContaining(fixtureAlts));
      else expect(alts).toEqual(expect.arrayContaining(altsIn('data/belt-and-road.yaml').filter((a) => a.length > 0).slice(0, 1)));
    }
  });
});

describe('SVG pictures rasterised for the deck', () => {
  it('draw their text in the project’s fonts, whatever fonts the machine has (none, or only Latin ones): the same pixels', async () => {
    const media = async (env: NodeJS.ProcessEnv): Promise<Map<string, string>> => {
      const out = tempDir('deck-fonts');
      const r = await silkpress(['build', '--only', 'pptx', '--out', out], env);
      expect(r.code).toBe(0);
      const zip = await JSZip.loadAsync(readFileSync(join(out, 'briefing.pptx')));
      const pngs = new Map<string, string>();
      for (const name of Object.keys(zip.files).filter((n) => n.startsWith('ppt/media/') && n.endsWith('.png')).sort()) {
        pngs.set(name, (await zip.file(name)!.async('nodebuffer')).toString('base64'));
      }
      return pngs;
    };
    // A machine with no fonts at all, and one with only the system's Latin fonts (where CJK text came out as hex boxes).
    const conf = (dirs: string[]): string => {
      const file = join(tempDir('fontconfig'), 'fonts.conf');
      writeFileSync(file, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>${dirs.map((d) => `<dir>${d}</dir>`).join('')}</fontconfig>`);
      return file;
    };
    const none = await media({ FONTCONFIG_FILE: conf([]) });
    const latin = await media({ FONTCONFIG_FILE: conf(['/usr/share/fonts/truetype/dejavu']) });
    expect(none.size).toBeGreaterThanOrEqual(2); // the logo and the map, from SVG
    expect(latin).toEqual(none);
  }, 180_000);
});
