declare module 'svg-to-pdfkit' {
  type Colour = [number[], number];
  interface Options {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    precision?: number;
    fontCallback?: (family: string, bold: boolean, italic: boolean, options: { fauxBold?: boolean; fauxItalic?: boolean }) => string;
    colorCallback?: (colour: Colour, raw?: string) => Colour;
    imageCallback?: (link: string) => string;
    warningCallback?: (message: string) => void;
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x?: number, y?: number, options?: Options): void;
  export default SVGtoPDF;
}
