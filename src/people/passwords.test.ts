import { describe, expect, it } from 'vitest';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createSite,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';
import { isCommonPassword } from './common-passwords.js';
import { findPasswordProblems, generatePassword, MAX_PASSWORD_LENGTH } from './passwords.js';

describe('password policy (NIST SP 800-63B)', () => {
  it('asks for 12 to 200 characters, counted as characters, not UTF-16 units', () => {
    expect(findPasswordProblems('short pass1')).toEqual(['must be at least 12 characters']);
    expect(findPasswordProblems('x'.repeat(MAX_PASSWORD_LENGTH + 1))).toEqual([
      `must be at most ${MAX_PASSWORD_LENGTH} characters`,
    ]);
    expect(findPasswordProblems('😀'.repeat(MAX_PASSWORD_LENGTH))).toEqual([]);
    expect(findPasswordProblems('我的快递柜密码不告诉你啊')).toEqual([]);
  });

  it('refuses passwords on the common-password list, whatever their case', () => {
    expect(isCommonPassword('password1234')).toBe(true);
    expect(findPasswordProblems('PassWord1234')).toEqual(['is a commonly used password; choose another']);
    expect(findPasswordProblems('1q2w3e4r5t6y')).toEqual(['is a commonly used password; choose another']);
    expect(findPasswordProblems('blue parcel at gate 7')).toEqual([]);
  });

  it('refuses the username as the password', () => {
    expect(findPasswordProblems('Zhang.San.Hub9', 'zhang.san.hub9')).toEqual(['must not be the username']);
    expect(findPasswordProblems('zhang.san.hub9 gate', 'zhang.san.hub9')).toEqual([]);
  });

  it('accepts what the test factories and the generator use', () => {
    expect(findPasswordProblems('correct horse battery')).toEqual([]);
    expect(findPasswordProblems('bench password 1')).toEqual([]);
    for (let i = 0; i < 20; i += 1) expect(findPasswordProblems(generatePassword())).toEqual([]);
  });
});

describeEachDialect('password policy where passwords are set', (env) => {
  it('refuses a common password for a new staff member with a field error, and stores nothing', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const site = await createSite(app);
    const before = await auditHead(app);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: admin.headers,
      payload: {
        username: 'chen.common',
        name: '陈',
        siteId: site.id,
        roles: ['courier'],
        password: 'Password1234',
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation-failed',
      detail: '/body/password: is a commonly used password; choose another',
      errors: [{ path: '/body/password', message: 'is a commonly used password; choose another' }],
    });
    expect(await auditEntriesAfter(app, before)).toEqual([]);
    expect(
      (await app.staff.findStaff(adminContext())).some((staff) => staff.username === 'chen.common'),
    ).toBe(false);
  });

  it('refuses the username as a new staff member’s password', async () => {
    const { app } = env();
    const site = await createSite(app);
    await expect(
      app.staff.createStaff(adminContext(), {
        username: 'chen.sameasname',
        name: '陈',
        siteId: site.id,
        roles: ['courier'],
        password: 'Chen.SameAsName',
      }),
    ).rejects.toMatchObject({
      code: 'validation-failed',
      errors: [{ path: '/password', message: 'must not be the username' }],
    });
  });

  it('refuses a common password or the username when a password is set, and audits a good one', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const { staff } = await app.staff.createStaff(adminContext(), {
      username: 'courier.longname',
      name: 'Test Person',
      siteId: (await createSite(app)).id,
      roles: ['courier'],
    });
    const before = await auditHead(app);
    const put = (password: string) =>
      server.inject({
        method: 'PUT',
        url: `/api/v1/staff/${staff.id}/password`,
        headers: admin.headers,
        payload: { password },
      });

    const common = await put('QWERTYUIOP123');
    expect(common.statusCode).toBe(400);
    expect(common.json()).toMatchObject({
      errors: [{ path: '/body/password', message: 'is a commonly used password; choose another' }],
    });
    await expect(app.staff.setPassword(adminContext(), staff.id, staff.username)).rejects.toMatchObject({
      code: 'validation-failed',
      errors: [{ path: '/password', message: 'must not be the username' }],
    });
    expect(await auditEntriesAfter(app, before)).toEqual([]);

    expect((await put('a new and better passphrase')).statusCode).toBe(204);
    expect(await auditEntriesAfter(app, before)).toMatchObject([
      {
        action: 'staff.password-changed',
        subjectType: 'staff',
        subjectId: staff.id,
        actorId: admin.staff.id,
      },
    ]);
  });
});
