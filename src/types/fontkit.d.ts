// fontkit (pdfkit's font engine) ships no declarations. The project only parses a font once and hands the parsed
// font to pdfkit, which accepts any object with `layout` (PDFFontFactory.open).

declare module 'fontkit' {
  export interface Font {
    layout(text: string): unknown;
    familyName: string;
    numGlyphs: number;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
