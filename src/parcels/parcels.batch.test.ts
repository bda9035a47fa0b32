import type { FastifyRequest } from 'fastify';
import { expect, it } from 'vitest';
import { intakeBody } from '../testing/parcel-factories.js';
import {
  adminContext,
  createSite,
  createStaffMember,
  describeEachDialect,
  signIn,
  unique,
} from '../testing/test-app.js';
import { intakeLines, type BatchLineAnswer } from './parcels.batch.js';
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

describeEachDialect('bulk intake in chunks', (env) => {
  it('answers every line in input order while the next chunk is stored before the last is answered', async () => {
    const { app } = env();
    const site = await createSite(app);
    const { staff } = await createStaffMember(app, ['courier'], site.id);
    const prefix = unique('CHUNK').toUpperCase();
    const total = 1_250;
    // Lines arrive in bursts of 100 (each burst one chunk, or part of one): several chunks, some in flight at
    // once; every 97th line is malformed and answered without reaching the store.
    async function* arriving(): AsyncGenerator<string> {
      for (let i = 1; i <= total; i += 1) {
        if (i % 97 === 0) yield '{not json';
        else yield JSON.stringify(intakeBody(site.id, { waybillNo: `${prefix}-${i}`, courierId: staff.id }));
        if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const request = {
      requestContext: adminContext(),
      id: 'test-request',
      url: '/api/v1/parcels/batch',
      log: { error: () => {} },
    } as unknown as FastifyRequest;
    const answers: BatchLineAnswer[] = [];
    await intakeLines(app, request, arriving(), async (line) => {
      answers.push(line);
      await new Promise((resolve) => setImmediate(resolve));
    });
    expect(answers.map((answer) => answer.line)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const answer of answers) expect(answer.status).toBe(answer.line % 97 === 0 ? 400 : 201);
    const last = answers.at(-1)!;
    expect((await app.parcels.getTimeline(adminContext(), last.waybillNo!)).decision).toBe('inspect');
  });
});
