// The printable report in Chinese: a PDF rendered from the report document with pdfkit. The font comes from an npm
// package (Noto Sans Hans, OFL, in @embedpdf/fonts-sc), never from the system, so every machine prints the same;
// pdfkit embeds only the glyphs used (a subset), so a report stays a few tens of kilobytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create as parseFont, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { AUTHORITY_PROFILES, type PersonalField } from './authorities.js';
import { documentSha256, type ReportDocument } from './report-package.js';
import { CHINA_OFFSET_MS } from '../../platform/clock.js';

const FONT_PACKAGE = '@embedpdf/fonts-sc';
const REGULAR = 'NotoSansHans-Regular.otf';
const BOLD = 'NotoSansHans-Bold.otf';

let fonts: { regular: Font; bold: Font } | undefined;

/**
 * The fonts, read and parsed once per process (about 8 MB each): pdfkit takes the parsed font, and fontkit keeps
 * the glyphs it has laid out, so later reports render faster. Only the glyphs a report uses are embedded.
 */
function loadFonts(): { regular: Font; bold: Font } {
  if (fonts === undefined) {
    // The package exports only its index; its fonts/ folder sits beside dist/.
    const entry = createRequire(import.meta.url).resolve(FONT_PACKAGE);
    const folder = join(dirname(entry), '..', 'fonts');
    fonts = {
      regular: parseFont(readFileSync(join(folder, REGULAR))),
      bold: parseFont(readFileSync(join(folder, BOLD))),
    };
  }
  return fonts;
}

const PERSONAL_LABELS: Record<PersonalField, string> = {
  'sender.name': '寄件人姓名',
  'sender.documentType': '证件类型',
  'sender.documentNumber': '证件号码',
  'sender.phones': '寄件人电话',
  'origin.address': '寄件地址',
  'recipient.name': '收件人姓名',
  'recipient.phone': '收件人电话',
  'recipient.address': '收件地址',
};

/** Document types (identity/documents/document-types.ts) as printed on a Chinese form. */
const DOCUMENT_TYPE_LABELS: Record<string, string> = {
  'resident-id': '居民身份证',
  'hkmo-residence': '港澳居民居住证',
  'tw-residence': '台湾居民居住证',
  'hkmo-permit': '港澳居民来往内地通行证',
  'tw-permit': '台湾居民来往大陆通行证',
  'foreign-permanent-resident': '外国人永久居留身份证',
  passport: '护照',
  'military-id': '军人身份证件',
  uscc: '统一社会信用代码',
};

const DIRECTION_LABELS: Record<string, string> = { domestic: '境内', inbound: '进境', outbound: '出境' };

/** A time as China Standard Time (UTC+8), `YYYY-MM-DD HH:mm`. */
export function chinaDateTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Renders the report document as an A4 PDF in Chinese. */
export async function renderReportPdf(document: ReportDocument): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: true,
    info: {
      Title: `违禁物品情况报告 ${document.caseReference}`,
      Author: document.reportingUnit.company,
      Subject: document.authority.nameZh,
      Creator: 'ParcelGuard',
      // The approval time, not the rendering time: the same document renders to the same metadata.
      CreationDate: new Date(document.approvedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  // pdfkit takes a parsed fontkit font as it takes a file (PDFFontFactory.open); its types know only files.
  pdf.registerFont('regular', regular as unknown as Buffer);
  pdf.registerFont('bold', bold as unknown as Buffer);

  const heading = (text: string) => {
    pdf.moveDown(0.6).font('bold').fontSize(12).text(text).moveDown(0.2);
    pdf.font('regular').fontSize(10.5);
  };
  const field = (label: string, value: string) => {
    pdf.font('bold').fontSize(10.5).text(`${label}：`, { continued: true });
    pdf.font('regular').text(value);
  };

  pdf.font('bold').fontSize(18).text('违禁物品及涉案线索情况报告', { align: 'center' });
  pdf.moveDown(0.3).font('regular').fontSize(10).text(`报告编号 ${document.reportId}`, { align: 'center' });
  pdf.moveDown(0.8);

  const profile = AUTHORITY_PROFILES[document.authority.code];
  field('报送机关', document.authority.nameZh);
  const contact = [profile.contact.hotline, profile.contact.website].filter((item) => item !== null);
  if (contact.length > 0) field('受理渠道', contact.join('\u3000'));
  field('路由依据', document.authority.rule);
  if (document.authority.overridden) field('改报理由', document.authority.overrideReason ?? '');
  field('案件编号', document.caseReference);
  field('报告单位', document.reportingUnit.company);
  if (document.reportingUnit.siteName !== null) {
    field('发现网点', `${document.reportingUnit.siteName}（${document.reportingUnit.siteCode ?? ''}）`);
  }

  heading('一、基本情况');
  if (document.facts.waybillNo !== null) field('运单号', document.facts.waybillNo);
  if (document.category !== null) {
    field('物品类别', `${document.category.nameZh ?? ''}（${document.category.slug}）`);
  }
  if (document.facts.direction !== null) {
    field('寄递方向', DIRECTION_LABELS[document.facts.direction] ?? document.facts.direction);
  }
  if (document.facts.clueAt !== null) field('发现线索时间', chinaDateTime(document.facts.clueAt));
  if (document.facts.heldAt !== null) field('扣留时间', chinaDateTime(document.facts.heldAt));
  if (document.facts.custody !== null) field('物品保管', document.facts.custody);

  heading('二、事实经过');
  pdf.text(document.facts.summary, { align: 'left' });

  heading(`三、证据清单（共 ${document.evidence.length} 项，SHA-256 校验）`);
  if (document.evidence.length === 0) pdf.text('无');
  document.evidence.forEach((item, index) => {
    pdf
      .font('regular')
      .fontSize(10.5)
      .text(`${index + 1}. ${item.label}（${item.kind}）\u3000${chinaDateTime(item.recordedAt)}`);
    pdf.fontSize(8).fillColor('#444444').text(`SHA-256 ${item.sha256}`).fillColor('black').fontSize(10.5);
  });

  heading('四、当事人信息（仅限受理机关所需）');
  const personal = document.personalData;
  if (personal === null || personal.fields.length === 0) {
    pdf.text('本报告不含个人信息。');
  } else {
    const values: Partial<Record<PersonalField, string | undefined>> = {
      'sender.name': personal.sender?.name,
      'sender.documentType':
        personal.sender?.documentType === undefined
          ? undefined
          : (DOCUMENT_TYPE_LABELS[personal.sender.documentType] ?? personal.sender.documentType),
      'sender.documentNumber': personal.sender?.documentNumber,
      'sender.phones': personal.sender?.phones?.join('、'),
      'origin.address': personal.originAddress,
      'recipient.name': personal.recipient?.name,
      'recipient.phone': personal.recipient?.phone,
      'recipient.address': personal.recipient?.address,
    };
    for (const name of personal.fields) field(PERSONAL_LABELS[name], values[name] ?? '（无记录）');
    pdf.moveDown(0.2).fontSize(9).fillColor('#444444');
    pdf.text('以上个人信息仅供受理机关依法办案使用，请依法保密。').fillColor('black').fontSize(10.5);
  }

  heading('五、审核（双人复核）');
  field('起草人', `${document.draftedBy.name}\u3000${chinaDateTime(document.draftedAt)}`);
  field('审批人', `${document.approvedBy.name}\u3000${chinaDateTime(document.approvedAt)}`);

  pdf.moveDown(1).fontSize(8).fillColor('#444444');
  pdf.text(`本报告的电子文本（JSON）SHA-256：${documentSha256(document)}`);
  pdf.text(
    '报告包已由报告单位以 Ed25519 签名，可离线核验：parcelguard case report-verify <报告包> --public-key <公钥>',
  );
  pdf.text('举报人身份依法保密。');
  pdf.end();
  return done;
}
