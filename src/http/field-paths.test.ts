import { expect, it } from 'vitest';
import { intakeBody } from '../testing/parcel-factories.js';
import { createSite, describeEachDialect, signIn } from '../testing/test-app.js';

interface Problem {
  code: string;
  detail: string;
  errors: { path: string; message: string }[];
}

// A field error names its field by the full JSON pointer into the request, parents included, and the detail
// says the same: a terminal can put the message beside the right input.
describeEachDialect('error paths are full JSON pointers', (env) => {
  async function post(url: string, payload: (siteId: string) => object) {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await signIn(server, app, ['courier'], site.id);
    const response = await server.inject({
      method: 'POST',
      url,
      headers: courier.headers,
      payload: payload(site.id),
    });
    return { status: response.statusCode, body: response.json<Problem>() };
  }

  async function intake(sender: Record<string, unknown>) {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await signIn(server, app, ['courier'], site.id);
    const body = intakeBody(site.id);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: { ...body, sender: { ...body.sender, ...sender } },
    });
    return { status: response.statusCode, body: response.json<Problem>() };
  }

  it('intake: the sender fields the identity gate checks are named under /body/sender', async () => {
    const type = await intake({ documentType: 'library-card' });
    expect(type.status).toBe(400);
    expect(type.body.errors.map((e) => e.path)).toEqual(['/body/sender/documentType']);
    expect(type.body.detail).toContain('/body/sender/documentType');

    const passport = await intake({ documentType: 'passport', number: 'E12345678' });
    expect(passport.body.errors.map((e) => e.path)).toEqual(['/body/sender/nationality']);

    const faceMatch = await intake({ verification: { method: 'face-match' } });
    expect(faceMatch.body.errors.map((e) => e.path)).toEqual(['/body/sender/verification/deviceScore']);
    expect(faceMatch.body.detail).toContain('/body/sender/verification/deviceScore');
  });

  it('gate: fields the gate checks, in the errors and the detail, carry /body', async () => {
    const { status, body } = await post('/api/v1/identity/gate', (siteId: string) => ({
      kind: 'agreement',
      agreementId: '   ',
      siteId,
    }));
    expect(status).toBe(400);
    expect(body.errors.map((e) => e.path)).toEqual(['/body/agreementId']);
    expect(body.detail).toBe('/body/agreementId: is required');
  });

  it('a service field error outside the gate: the detail names the full path too', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers: admin.headers,
      payload: { code: 'x_y', name: 'Outlet', kind: 'outlet', regionCode: '310104' },
    });
    const body = response.json<Problem>();
    expect(body.errors.map((e) => e.path)).toEqual(['/body/code']);
    expect(body.detail).toBe('/body/code: must be 2-20 capital letters, digits or dashes');
  });
});
