// Document metadata → an XMP packet (ISO 16684-1) for the catalog's Metadata stream. pdfkit writes its
// own packet without escaping (a title with `&` or `<` makes it ill-formed XML) and without keywords,
// document ids or the PDF/X fields, so the writer replaces it with this one.

export interface XmpFields {
  title: string;
  /** Subject / description. */
  description?: string;
  /** Author: the publisher; absent when the dataset names none. */
  creator?: string | undefined;
  keywords: string[];
  /** BCP 47 language of the document. */
  lang: string;
  date: Date;
  creatorTool: string;
  producer: string;
  /** `uuid:…`, the same for every rendition of the document. */
  documentId: string;
  /** `uuid:…`, this file. */
  instanceId: string;
  /** The PDF/X-4 identification (print edition): pdfxid:GTS_PDFXVersion, pdf:Trapped, version and rendition. */
  pdfx?: { version: 'PDF/X-4'; trapped: 'True' | 'False' };
  /** The PDF/UA identification (tagged screen edition): pdfuaid:part (ISO 14289-1 §5). */
  pdfua?: { part: 1 };
}

/** Text as XML character data or attribute value: markup characters escaped, characters XML 1.0 forbids dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `2026-04-28T00:00:00Z`: XMP dates are ISO 8601; UTC, like the Info dictionary's `D:…Z`. */
export function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Keywords as one string, for the Info dictionary's /Keywords and pdf:Keywords (they must agree). */
export function keywordString(keywords: string[]): string {
  return keywords.join('; ');
}

export function xmpPacket(f: XmpFields): string {
  const e = escapeXml;
  const date = xmpDate(f.date);
  const alt = (text: string): string => `<rdf:Alt><rdf:li xml:lang="x-default">${e(text)}</rdf:li></rdf:Alt>`;
  const lines = [
    // The BOM-in-attribute is the XMP packet header's byte-order marker (ISO 16684-1 §7.3.2).
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '  xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    '  xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"',
    ...(f.pdfx ? ['  xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"'] : []),
    ...(f.pdfua ? ['  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'] : []),
    '>',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(f.title)}</dc:title>`,
    ...(f.description ? [`<dc:description>${alt(f.description)}</dc:description>`] : []),
    ...(f.creator ? [`<dc:creator><rdf:Seq><rdf:li>${e(f.creator)}</rdf:li></rdf:Seq></dc:creator>`] : []),
    `<dc:language><rdf:Bag><rdf:li>${e(f.lang)}</rdf:li></rdf:Bag></dc:language>`,
    ...(f.keywords.length ? [`<dc:subject><rdf:Bag>${f.keywords.map((k) => `<rdf:li>${e(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`] : []),
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${e(f.creatorTool)}</xmp:CreatorTool>`,
    `<pdf:Producer>${e(f.producer)}</pdf:Producer>`,
    ...(f.keywords.length ? [`<pdf:Keywords>${e(keywordString(f.keywords))}</pdf:Keywords>`] : []),
    `<xmpMM:DocumentID>${e(f.documentId)}</xmpMM:DocumentID>`,
    `<xmpMM:InstanceID>${e(f.instanceId)}</xmpMM:InstanceID>`,
    ...(f.pdfx
      ? [
          `<pdf:Trapped>${f.pdfx.trapped}</pdf:Trapped>`,
          '<xmpMM:VersionID>1</xmpMM:VersionID>',
          '<xmpMM:RenditionClass>default</xmpMM:RenditionClass>',
          `<pdfxid:GTS_PDFXVersion>${f.pdfx.version}</pdfxid:GTS_PDFXVersion>`,
        ]
      : []),
    ...(f.pdfua ? [`<pdfuaid:part>${f.pdfua.part}</pdfuaid:part>`] : []),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ];
  return lines.join('\n');
}
