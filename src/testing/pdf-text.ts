// A PDF's text layer, as a reader extracting text would see it (pdfjs-dist, a development dependency): tests check
// that printed reports carry their text, not only its picture.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page, items joined without separators (Chinese runs are split at arbitrary points). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const loading = getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  });
  const document = await loading.promise;
  try {
    let text = '';
    for (let page = 1; page <= document.numPages; page += 1) {
      const content = await (await document.getPage(page)).getTextContent();
      for (const item of content.items) if ('str' in item) text += item.str;
      text += '\n';
    }
    return text;
  } finally {
    await loading.destroy();
  }
}
