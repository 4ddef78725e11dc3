// The markup parser: markup text → Doc, whitespace rules, spans from `src`, and located errors.
import { describe, expect, it } from 'vitest';
import { schemas } from '../src/data/schema.js';
import { loadYamlFile } from '../src/data/yaml.js';
import { codes, DiagnosticError, type Diagnostic } from '../src/diag/diagnostic.js';
import { parseMarkup } from '../src/markup/parse.js';
import type { BlockOf, Doc } from '../src/markup/types.js';

const { DatasetSchema } = schemas();

const FILE = 'templates/test.hbs';
const DOC_OPEN = '<doc title="標題" lang="zh-Hant-HK" publisher="出版者" date="2026-04-28" source="來源">';

function parse(body: string): Doc {
  return parseMarkup({ markup: `${DOC_OPEN}\n${body}\n</doc>\n`, file: FILE });
}

/** The diagnostics a markup fails with (the test fails if it parses). */
function failures(markup: string, data?: Parameters<typeof parseMarkup>[0]['data']): Diagnostic[] {
  try {
    parseMarkup({ markup, file: FILE, data });
  } catch (e) {
    expect(e).toBeInstanceOf(DiagnosticError);
    const diagnostics = (e as DiagnosticError).diagnostics;
    for (const d of diagnostics) expect(d.code).toBe(codes.markup);
    return diagnostics;
  }
  throw new Error('expected the markup to be rejected');
}

/** Markup whose `body` starts on line 2 of the document. */
const wrap = (body: string): string => `${DOC_OPEN}\n${body}\n</doc>\n`;

describe('parseMarkup builds the document tree', () => {
  it('reads the doc attributes into meta', () => {
    const doc = parseMarkup({
      markup: '<doc title="A &amp; B" subtitle="副題" lang="zh-Hant-HK" publisher="P" date="2026-04-28" source="S"></doc>',
      file: FILE,
    });
    expect(doc).toEqual({
      meta: { title: 'A & B', subtitle: '副題', lang: 'zh-Hant-HK', publisher: 'P', date: '2026-04-28', source: 'S' },
      blocks: [],
    });
  });

  it('builds sections with headings, paragraphs, lists, strong, stats and charts', () => {
    const doc = parse(`<cover/>
<toc/>
<section id="a" level="1">
  <h>（一）標題</h>
  <p role="lead">引言</p>
  <list>
    <item>甲<strong>乙</strong>丙</item>
  </list>
  <stat value="1400" display="1 400" unit="家" label="企業" asof="2024"/>
  <chart id="c" title="圖" unit="個">
    <category label="x"/>
    <category label="y"/>
    <series name="s" values="14 21.5"/>
  </chart>
  <section id="b" level="2">
    <h>子</h>
    <pagebreak/>
  </section>
</section>`);
    const strip = JSON.parse(JSON.stringify(doc.blocks, (k, v) => (k === 'span' ? undefined : v)));
    expect(strip).toEqual([
      { kind: 'cover' },
      { kind: 'toc' },
      {
        kind: 'section',
        id: 'a',
        level: 1,
        heading: [{ kind: 'text', text: '（一）標題' }],
        blocks: [
          { kind: 'paragraph', role: 'lead', inlines: [{ kind: 'text', text: '引言' }] },
          {
            kind: 'list',
            items: [
              {
                inlines: [
                  { kind: 'text', text: '甲' },
                  { kind: 'strong', children: [{ kind: 'text', text: '乙' }] },
                  { kind: 'text', text: '丙' },
                ],
              },
            ],
          },
          { kind: 'stat', value: 1400, display: '1 400', unit: '家', label: '企業', asOf: 2024 },
          { kind: 'chart', id: 'c', title: '圖', unit: '個', categories: ['x', 'y'], series: [{ name: 's', values: [14, 21.5] }] },
          { kind: 'section', id: 'b', level: 2, heading: [{ kind: 'text', text: '子' }], blocks: [{ kind: 'pageBreak' }] },
        ],
      },
    ]);
  });

  it('builds slides with title, subtitle, points, stats, chart and plain-text notes', () => {
    const doc = parse(`<slide layout="content">
  <title>標題</title>
  <subtitle>副題</subtitle>
  <point>一</point>
  <point><strong>二</strong></point>
  <stat value="-3.5" display="-3.5" unit="%" label="L" asof="2025"/>
  <chart id="c" title="T" unit="u"><category label="x"/><series name="s" values="1"/></chart>
  <notes>
    <p>第一段 &lt;全文&gt;</p>
    <p>第二段</p>
  </notes>
</slide>`);
    const slide = doc.blocks[0] as BlockOf<'slide'>;
    expect(slide.kind).toBe('slide');
    expect(slide.layout).toBe('content');
    expect(slide.title).toMatchObject([{ kind: 'text', text: '標題' }]);
    expect(slide.subtitle).toMatchObject([{ kind: 'text', text: '副題' }]);
    expect(slide.points.map((p) => p.inlines)).toMatchObject([
      [{ kind: 'text', text: '一' }],
      [{ kind: 'strong', children: [{ kind: 'text', text: '二' }] }],
    ]);
    expect(slide.stats).toMatchObject([{ kind: 'stat', value: -3.5, asOf: 2025 }]);
    expect(slide.chart).toMatchObject({ kind: 'chart', categories: ['x'], series: [{ name: 's', values: [1] }] });
    expect(slide.notes).toEqual(['第一段 <全文>', '第二段']);
  });
});

describe('whitespace: template indentation goes, data spacing stays', () => {
  const itemText = (markupItem: string): unknown => {
    const doc = parse(`<list>${markupItem}</list>`);
    return (doc.blocks[0] as BlockOf<'list'>).items[0]!.inlines;
  };

  it('keeps the single space in 「2013 年」 and runs of spaces without a line break', () => {
    expect(itemText('<item>自 2013 年提出  兩個空格</item>')).toMatchObject([{ kind: 'text', text: '自 2013 年提出  兩個空格' }]);
  });

  it('drops indentation around and inside inline content', () => {
    expect(itemText('\n    <item>\n      香港\n      <strong>機場</strong> 第一\n    </item>\n  ')).toMatchObject([
      { kind: 'text', text: '香港' },
      { kind: 'strong', children: [{ kind: 'text', text: '機場' }] },
      { kind: 'text', text: ' 第一' },
    ]);
  });

  it('keeps line breaks that come from the data as character references', () => {
    expect(itemText('<item>上&#10;下&#x9;tab&#13;</item>')).toMatchObject([{ kind: 'text', text: '上\n下\ttab\r' }]);
  });

  it('keeps full-width spaces (U+3000), which are data, not indentation', () => {
    expect(itemText('<item>\n\u3000甲\u3000\n</item>')).toMatchObject([{ kind: 'text', text: '\u3000甲\u3000' }]);
  });
});

describe('spans point back to the data', () => {
  const data = loadYamlFile('test/fixtures/mini/dataset.yaml', DatasetSchema);

  it('resolves src through the dataset to its file, line and column', () => {
    const doc = parseMarkup({
      markup: wrap('<list src="/sections/0/body/1/facts"><item src="/sections/0/body/1/facts/0/text">x<strong>y</strong></item></list>'),
      file: FILE,
      data,
    });
    const list = doc.blocks[0] as BlockOf<'list'>;
    expect(list.span).toEqual(data.locate('/sections/0/body/1/facts'));
    const item = list.items[0]!;
    expect(item.span).toEqual({ file: 'test/fixtures/mini/dataset.yaml', line: 19, column: 19, path: '/sections/0/body/1/facts/0/text' });
    // Inline nodes carry the span of the data text they came from.
    expect(item.inlines[0]!.span).toEqual(item.span);
    expect(item.inlines[1]!.span).toEqual(item.span);
  });

  it('falls back to the markup position (and keeps the pointer) without a dataset or src', () => {
    const doc = parse('<p>a</p>\n  <p src="/sections/0/title">b</p>');
    expect(doc.blocks[0]!.span).toEqual({ file: FILE, line: 2, column: 1 });
    expect(doc.blocks[1]!.span).toEqual({ file: FILE, line: 3, column: 3, path: '/sections/0/title' });
  });
});

describe('parseMarkup rejects malformed markup with the place to fix it', () => {
  it('unknown element, at its line and column', () => {
    const [d, ...rest] = failures(wrap('<p>ok</p>\n  <para>x</para>'));
    expect(rest).toEqual([]);
    expect(d!.message).toBe('unknown element <para>');
    expect(d!.span).toEqual({ file: FILE, line: 3, column: 3 });
    expect(d!.hints[0]).toContain('section');
  });

  it('missing required attribute', () => {
    const [d] = failures(wrap('<stat value="1" display="1" unit="" label="L"/>'));
    expect(d!.message).toBe("<stat> is missing required attribute 'asof'");
    expect(d!.span).toMatchObject({ line: 2, column: 1 });
  });

  it('a number attribute that is not a number', () => {
    const [d] = failures(wrap('<p>x</p><stat value="1,400" display="1 400" unit="家" label="L" asof="2024"/>'));
    expect(d!.message).toBe(`<stat>: attribute 'value' must be a number, got "1,400"`);
    expect(d!.span).toMatchObject({ line: 2, column: 9 });
  });

  it('a series with a word that is not a number, and one with the wrong count', () => {
    const ds = failures(
      wrap('<chart id="c" title="t" unit="u">\n<category label="a"/>\n<series name="s" values="1 x"/>\n<series name="t" values="1 2"/>\n</chart>'),
    );
    expect(ds.map((d) => [d.message, d.span?.line])).toEqual([
      [`<series>: attribute 'values' must be numbers separated by spaces; "x" is not a number`, 4],
      ['<series name="t"> has 2 values for 1 categories', 5],
    ]);
  });

  it('an element where it is not allowed', () => {
    const ds = failures(wrap('<section id="s" level="1">\n  <h>t</h>\n  <item>x</item>\n  <p>a<stat value="1" display="1" unit="" label="" asof="1"/></p>\n</section>'));
    expect(ds.map((d) => [d.message, d.span?.line, d.span?.column])).toEqual([
      ['<item> is not allowed in <section>', 4, 3],
      ['<stat> is not allowed inside <p>', 5, 7],
    ]);
  });

  it('text directly in a block container', () => {
    const [d] = failures(wrap('<section id="s" level="1"><h>t</h>stray</section>'));
    expect(d!.message).toBe('text "stray" is not allowed directly in <section>');
  });

  it('a section whose level does not match its nesting, or without a heading', () => {
    const ds = failures(wrap('<section id="a" level="1"><h>a</h><section id="b" level="3"><p>x</p></section></section>'));
    expect(ds.map((d) => d.message)).toEqual([
      '<section> says level="3" but sits at level 2',
      '<section> must start with its heading <h>',
    ]);
  });

  it('mismatched and unclosed tags, which htmlparser2 alone would repair silently', () => {
    const mismatched = failures(wrap('<p>a<strong>b</p>'));
    expect(mismatched[0]!.message).toBe('closing tag </p> found while <strong> (line 2) is still open');
    expect(mismatched[0]!.span).toMatchObject({ line: 2, column: 14 });
    const unclosed = failures(`${DOC_OPEN}\n<list>\n<item>x</item>\n`);
    expect(unclosed.map((d) => d.message)).toEqual(['<list> is never closed', '<doc> is never closed']);
    const stray = failures(wrap('<p>a</p></item>'));
    expect(stray[0]!.message).toBe('closing tag </item> has no matching open element');
  });

  it('duplicate and unquoted attributes, unknown attributes and entities, bare &', () => {
    expect(failures(wrap('<p role="lead" role="source">x</p>'))[0]!.message).toBe("<p> has attribute 'role' twice");
    expect(failures(wrap('<p role=lead>x</p>'))[0]!.message).toBe(`<p>: attribute 'role' needs a quoted value, e.g. role="…"`);
    expect(failures(wrap('<p colour="red">x</p>'))[0]!.message).toBe("<p> has no attribute 'colour'");
    expect(failures(wrap('<p>&nbsp;</p>'))[0]!.message).toBe('unknown entity &nbsp;');
    expect(failures(wrap('<p>a & b</p>'))[0]!.message).toBe('a bare "&" in the markup');
  });

  it('enumerated attributes: slide layout and paragraph role', () => {
    expect(failures(wrap('<slide layout="grid"><title>t</title></slide>'))[0]!.message).toBe(
      '<slide>: layout must be one of title, agenda, section, content, figures, chart, table, picture, closing; got "grid"',
    );
    expect(failures(wrap('<p role="aside">x</p>'))[0]!.message).toBe('<p>: role must be one of lead, source; got "aside"');
  });

  it('slides need one title; notes are plain text', () => {
    expect(failures(wrap('<slide layout="content"><point>x</point></slide>'))[0]!.message).toBe('<slide> needs a <title>');
    expect(failures(wrap('<slide layout="content"><title>a</title><title>b</title></slide>'))[0]!.message).toBe('<slide> has a second <title>');
    expect(failures(wrap('<slide layout="content"><title>a</title><notes><p><strong>x</strong></p></notes></slide>'))[0]!.message).toBe(
      'speaker notes are plain text; <strong> is not allowed in them',
    );
  });

  it('the root must be a single <doc>', () => {
    expect(failures('<p>x</p>')[0]!.message).toBe('the markup must be one <doc> element; found <p> at the top');
    expect(failures('')[0]!.message).toBe('the markup has no <doc> element');
  });

  it('an error inside data-backed markup names the data location in its trace', () => {
    const data = loadYamlFile('test/fixtures/mini/dataset.yaml', DatasetSchema);
    const [d] = failures(wrap('<list src="/sections/0/body/1/facts">\n  <item src="/sections/0/body/1/facts/0/text">a<em>b</em></item>\n</list>'), data);
    expect(d!.message).toBe('unknown element <em>');
    expect(d!.span).toEqual({ file: FILE, line: 3, column: 48 });
    expect(d!.trace).toEqual([
      'data test/fixtures/mini/dataset.yaml:19:19 at /sections/0/body/1/facts/0/text (inside <item>)',
      'markup line 3: <item src="/sections/0/body/1/facts/0/text">a<em>b</em></item>',
    ]);
  });

  it('a src that points to nothing in the dataset', () => {
    const data = loadYamlFile('test/fixtures/mini/dataset.yaml', DatasetSchema);
    const [d] = failures(wrap('<p src="/sections/9/title">x</p>'), data);
    expect(d!.message).toBe('<p>: src "/sections/9/title" points to nothing in test/fixtures/mini/dataset.yaml');
  });

  it('collects every problem instead of stopping at the first', () => {
    const ds = failures(wrap('<para/>\n<stat value="x" display="" unit="" label="" asof="y"/>'));
    expect(ds.map((d) => d.span?.line)).toEqual([2, 3, 3]);
  });
});
