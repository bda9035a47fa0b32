import { expect, it } from 'vitest';
import { createSite, describeEachDialect, signIn, unique } from '../testing/test-app.js';
import { residentIdCheckCharacter } from '../identity/documents/check-characters.js';

function residentId(body17: string): string {
  return body17 + residentIdCheckCharacter(body17);
}

describeEachDialect('bulk intake over HTTP (NDJSON)', (env) => {
  it('answers one line per input line, in order, a bad line answering for itself', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await signIn(server, app, ['courier'], site.id);
    const parcel = (waybillNo: string, description: string) =>
      JSON.stringify({
        waybillNo,
        siteId: site.id,
        route: 'domestic',
        origin: { country: 'CN', address: '上海市徐汇区' },
        destination: { country: 'CN', address: '北京市朝阳区' },
        sender: {
          documentType: 'resident-id',
          number: residentId('31010419800101123'),
          name: '张三',
          verification: { method: 'visual' },
        },
        recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
        items: [{ description }],
        weightGrams: 500,
        noticeAcknowledged: true,
      });
    const a = unique('BATCHA').toUpperCase();
    const b = unique('BATCHB').toUpperCase();
    const payload = [
      parcel(a, '纯棉T恤'),
      '{broken',
      JSON.stringify({ waybillNo: 'X' }),
      parcel(b, '仿真手枪'),
      parcel(a, '纯棉T恤'),
    ].join('\n');
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels/batch',
      headers: { ...courier.headers, 'content-type': 'application/x-ndjson' },
      payload,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const lines = response.body
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            line: number;
            status: number;
            problem?: { code: string; errors: { path: string }[] };
            result?: { decision: string };
          },
      );
    expect(lines.map((line) => [line.line, line.status])).toEqual([
      [1, 201],
      [2, 400],
      [3, 400],
      [4, 201],
      [5, 200],
    ]);
    expect(lines[1]!.problem!.code).toBe('malformed-json');
    expect(lines[2]!.problem!.errors.map((e) => e.path)).toContain('/body/siteId');
    expect(lines[3]!.result!.decision).toBe('refuse');
  });
});
