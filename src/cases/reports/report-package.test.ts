// The pure parts of reports to the authorities: routing, the state machine and four eyes, the signed package
// and its offline verification, and the Chinese PDF's text layer.
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { loadDefaultCatalogue } from '../../screening/default-catalogue.js';
import { chooseAuthority, routeAuthority, type Direction } from './authorities.js';
import {
  buildReportPackage,
  DOCUMENT_FORMAT,
  verifyReportPackage,
  type ReportDocument,
  type ReportPackage,
} from './report-package.js';
import { renderReportPdf } from './report-pdf.js';
import { nextReportStatus, throwIfOwnReport } from './report-state.js';
import { pdfText } from '../../testing/pdf-text.js';

const keys = generateKeyPairSync('ed25519');
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const otherPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const signer = {
  activeKeyId: 'test-key',
  sign: (message: string) => ({
    keyId: 'test-key',
    signature: sign(null, Buffer.from(message), keys.privateKey).toString('base64url'),
  }),
};

function document(overrides: Partial<ReportDocument> = {}): ReportDocument {
  return {
    format: DOCUMENT_FORMAT,
    reportId: '01900000-0000-7000-8000-000000000001',
    caseId: '01900000-0000-7000-8000-000000000002',
    caseReference: 'CASE-2026-0001',
    authority: {
      code: 'national-security',
      nameZh: '国家安全机关（12339举报受理）',
      nameEn: 'National security organs (12339 reporting centre)',
      routed: 'national-security',
      rule: 'category spy-equipment: national security (12339)',
      overridden: false,
      overrideReason: null,
    },
    reportingUnit: {
      company: '示例快递有限公司',
      siteId: 's1',
      siteCode: 'SH-OUT-01',
      siteName: '上海浦东营业部',
    },
    category: { slug: 'spy-equipment', nameZh: '间谍专用器材' },
    facts: {
      summary: 'X光机发现包裹内有疑似窃听器材，开箱查验确认为伪装成玩具的录音设备，已扣留。',
      waybillNo: 'SF1234567890',
      direction: 'domestic',
      clueAt: Date.UTC(2026, 11, 6, 2, 0),
      heldAt: Date.UTC(2026, 11, 6, 2, 5),
      custody: '网点安全柜，安全员保管',
    },
    evidence: [
      {
        id: 'e1',
        kind: 'xray-image',
        label: 'X光图像',
        sha256: 'a'.repeat(64),
        sizeBytes: 1234,
        mediaType: 'image/png',
        recordedAt: Date.UTC(2026, 11, 6, 2, 1),
      },
    ],
    personalData: {
      fields: ['sender.name', 'sender.documentNumber'],
      sender: { name: '张伟', documentNumber: '110101199003071234' },
      recipient: null,
    },
    draftedBy: { staffId: 'st1', name: '李安全' },
    draftedAt: Date.UTC(2026, 11, 6, 3, 0),
    approvedBy: { staffId: 'st2', name: '王站长' },
    approvedAt: Date.UTC(2026, 11, 6, 3, 30),
    ...overrides,
  };
}

describe('routing to an authority', () => {
  const catalogue = loadDefaultCatalogue();
  // As case reports route: the category's reportTo from the (default) catalogue.
  const routed = (category: string | null, direction: Direction | null) =>
    routeAuthority({
      category,
      reportTo: catalogue.categories.find((entry) => entry.slug === category)?.reportTo ?? [],
      direction,
    });

  it('routes every category of the catalogue at home as before the routing read the catalogue', () => {
    // The authorities the slug sets in authorities.ts gave each category of catalogue 2026.1 (domestic parcels),
    // before routing read the catalogue's reportTo.
    const expected: Record<string, string> = {
      firearms: 'public-security',
      'controlled-instruments': 'public-security',
      explosives: 'public-security',
      gases: 'postal-administration',
      'flammable-liquids': 'postal-administration',
      'flammable-solids': 'postal-administration',
      oxidizers: 'postal-administration',
      toxic: 'public-security',
      infectious: 'public-security',
      radioactive: 'public-security',
      corrosive: 'postal-administration',
      narcotics: 'public-security',
      'illegal-publications': 'national-security',
      'spy-equipment': 'national-security',
      forgeries: 'public-security',
      'counterfeit-goods': 'public-security',
      'endangered-wildlife': 'public-security',
      'border-prohibited': 'customs',
      'other-prohibited': 'public-security',
      'state-secrets': 'national-security',
      'alien-species': 'customs',
      'biological-resources': 'customs',
      'strategic-minerals': 'commerce',
      tobacco: 'postal-administration',
      alcohol: 'postal-administration',
      batteries: 'postal-administration',
      medicines: 'postal-administration',
    };
    const actual = Object.fromEntries(
      catalogue.categories.map((category) => [category.slug, routed(category.slug, 'domestic').authority]),
    );
    expect(actual).toEqual(expected);
    // A category the active catalogue does not define reads as none known to it: the postal administration.
    expect(routed('no-such-category', 'domestic').authority).toBe('postal-administration');
  });

  it('routes by category and direction, national security first', () => {
    expect(routed('spy-equipment', 'outbound').authority).toBe('national-security');
    expect(routed('state-secrets', null).authority).toBe('national-security');
    expect(routed('illegal-publications', 'domestic').authority).toBe('national-security');
    expect(routed('strategic-minerals', 'outbound').authority).toBe('commerce');
    expect(routed('firearms', 'domestic').authority).toBe('public-security');
    expect(routed('narcotics', null).authority).toBe('public-security');
    expect(routed('forgeries', 'domestic').authority).toBe('public-security');
    expect(routed('narcotics', 'inbound').authority).toBe('customs');
    expect(routed('gases', 'domestic').authority).toBe('postal-administration');
    expect(routed(null, null).authority).toBe('postal-administration');
  });

  it('takes another authority only with a reason', () => {
    const route = routed('firearms', 'domestic');
    expect(chooseAuthority(route).overridden).toBe(false);
    expect(chooseAuthority(route, 'public-security').overridden).toBe(false);
    const thrown = captureError(() => chooseAuthority(route, 'customs'));
    expect(thrown.errors.map((error) => error.path)).toEqual(['/overrideReason']);
    expect(captureError(() => chooseAuthority(route, 'embassy', 'a good long reason')).errors[0]?.path).toBe(
      '/authority',
    );
    const chosen = chooseAuthority(route, 'customs', '寄往境外，海关缉私部门已来电要求移交');
    expect(chosen).toMatchObject({ authority: 'customs', routed: 'public-security', overridden: true });
  });
});

describe('the report state machine', () => {
  it('moves draft → approved → submitted → acknowledged and refuses the rest with 409', () => {
    expect(nextReportStatus('draft', 'approve')).toBe('approved');
    expect(nextReportStatus('approved', 'submit')).toBe('submitted');
    expect(nextReportStatus('submitted', 'acknowledge')).toBe('acknowledged');
    const unapproved = captureError(() => nextReportStatus('draft', 'submit'));
    expect(unapproved.status).toBe(409);
    expect(unapproved.message).toContain('draft');
    expect(captureError(() => nextReportStatus('approved', 'edit')).status).toBe(409);
  });

  it('never lets an author approve their own report', () => {
    expect(captureError(() => throwIfOwnReport('a', 'a')).status).toBe(403);
    expect(() => throwIfOwnReport('a', 'b')).not.toThrow();
  });
});

describe('the report package', () => {
  let built: ReportPackage;

  it('renders the PDF in Chinese with the text in its text layer, subset small', async () => {
    const pdf = await renderReportPdf(document());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(300_000);
    const text = await pdfText(pdf);
    expect(text).toContain('违禁物品及涉案线索情况报告');
    expect(text).toContain('国家安全机关');
    expect(text).toContain('疑似窃听器材');
    expect(text).toContain('张伟');
    expect(text).toContain('SF1234567890');
    built = buildReportPackage(document(), pdf, signer, publicKeyPem, Date.UTC(2026, 11, 6, 3, 31));
    expect(verifyReportPackage(built, publicKeyPem)).toMatchObject({
      valid: true,
      authority: 'national-security',
    });
  });

  it('survives a JSON round trip with keys in any order', () => {
    const copy = JSON.parse(JSON.stringify(built)) as ReportPackage;
    const reordered = { ...copy, document: Object.fromEntries(Object.entries(copy.document).reverse()) };
    expect(verifyReportPackage(reordered, publicKeyPem).valid).toBe(true);
  });

  it('refuses a tampered document, PDF, manifest, or another key', () => {
    const copy = () => JSON.parse(JSON.stringify(built)) as ReportPackage;
    const facts = copy();
    facts.document.facts.summary = '无异常';
    expect(verifyReportPackage(facts, publicKeyPem)).toMatchObject({ valid: false, reason: /document/ });
    const pdf = copy();
    const bytes = Buffer.from(pdf.pdf, 'base64');
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 1;
    pdf.pdf = bytes.toString('base64');
    expect(verifyReportPackage(pdf, publicKeyPem)).toMatchObject({ valid: false, reason: /PDF/ });
    const manifest = copy();
    manifest.manifest.authority = 'postal-administration';
    expect(verifyReportPackage(manifest, publicKeyPem)).toMatchObject({ valid: false, reason: /signature/ });
    const swapped = copy();
    swapped.document.authority.code = 'postal-administration';
    expect(verifyReportPackage(swapped, publicKeyPem).valid).toBe(false);
    expect(verifyReportPackage(copy(), otherPem)).toMatchObject({ valid: false, reason: /signature/ });
    expect(verifyReportPackage({ format: 'x' }, publicKeyPem).valid).toBe(false);
    expect(verifyReportPackage(null, publicKeyPem).valid).toBe(false);
  });

  it('leaves personal data out of a report for the postal administration', async () => {
    const pdf = await renderReportPdf(
      document({
        authority: { ...document().authority, code: 'postal-administration', nameZh: '邮政管理部门' },
        personalData: null,
      }),
    );
    const text = await pdfText(pdf);
    expect(text).toContain('本报告不含个人信息');
    expect(text).not.toContain('张伟');
  });
});

function captureError(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
