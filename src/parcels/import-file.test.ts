import { describe, expect, it } from 'vitest';
import { csvRowToIntake, parseCsvHeader } from './import-file.js';

describe('CSV intake rows', () => {
  const columns = parseCsvHeader(
    'waybillNo,senderDocumentType,senderNumber,senderName,senderVerification,senderDeviceScore,items',
  );

  it("carries how the counter checked the sender, with a face match's score", () => {
    expect(
      csvRowToIntake(columns, 'WB000001,resident-id,11010519491231002X,张三,face-match,0.91,茶叶:1:盒', {}),
    ).toMatchObject({
      sender: { documentType: 'resident-id', verification: { method: 'face-match', deviceScore: 0.91 } },
    });
    expect(
      csvRowToIntake(columns, 'WB000002,resident-id,11010519491231002X,张三,card-reader,,茶叶', {}),
    ).toMatchObject({ sender: { verification: { method: 'card-reader' } } });
  });

  it('leaves the verification out when the row gives none (intake then asks for it with a document)', () => {
    const row = csvRowToIntake(columns, 'WB000003,resident-id,11010519491231002X,张三,,,茶叶', {});
    expect(row.sender).not.toHaveProperty('verification');
  });
});
