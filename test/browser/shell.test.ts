/// <reference lib="dom" />
// The frame every role meets: sign-in, the navigation each role gets, language, who am I, pages a role may not
// open (the page and the API both refuse), and session expiry without losing what was typed.
import { expect, it } from 'vitest';
import type { StaffRole } from '../../src/people/roles.js';
import { chooseOption, describeConsole, expectAccessible, screenshot, signIn } from './console-harness.js';

const NAVIGATION: Record<StaffRole, { home: string; links: string[]; absent: string[] }> = {
  courier: { home: '/counter', links: ['Counter', 'Parcels'], absent: ['Hub', 'Coverage', 'Clues', 'Admin'] },
  screener: { home: '/hub', links: ['Hub', 'Parcels'], absent: ['Counter', 'Coverage', 'Clues', 'Admin'] },
  'station-manager': {
    home: '/site',
    links: ['Counter', 'Parcels', 'Coverage', 'Admin'],
    absent: ['Hub', 'Clues'],
  },
  'security-officer': {
    home: '/clues',
    links: ['Parcels', 'Coverage', 'Clues'],
    absent: ['Counter', 'Hub', 'Admin'],
  },
  'legal-liaison': {
    home: '/requests',
    links: ['Lawful requests'],
    absent: ['Counter', 'Hub', 'Parcels', 'Coverage', 'Clues', 'Admin'],
  },
  auditor: {
    home: '/coverage',
    links: ['Parcels', 'Coverage'],
    absent: ['Counter', 'Hub', 'Clues', 'Admin'],
  },
  admin: {
    home: '/admin',
    links: ['Counter', 'Hub', 'Parcels', 'Coverage', 'Clues', 'Admin'],
    absent: ['Lawful requests'],
  },
};

describeConsole('sign-in and the frame', (env) => {
  it('rejects a wrong password with a message and no session', async () => {
    const page = await env().newPage();
    await page.getByLabel('Username').fill('demo-courier');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong username or password');
    expect(page.url()).toContain('/sign-in');
    await expectAccessible(page);
  });

  for (const [role, expected] of Object.entries(NAVIGATION) as [
    StaffRole,
    (typeof NAVIGATION)[StaffRole],
  ][]) {
    it(`signs a ${role} in to their own work, with only their navigation`, async () => {
      const page = await env().newPage();
      await signIn(page, env(), role);
      await page.waitForURL((url) => url.pathname === expected.home);
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      for (const link of expected.links)
        await expect.poll(() => navigation.getByRole('link', { name: link, exact: true }).count()).toBe(1);
      for (const link of expected.absent)
        expect(await navigation.getByRole('link', { name: link, exact: true }).count()).toBe(0);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await screenshot(page, `role-${role}`);
      await expectAccessible(page);
    });
  }

  it('shows who I am, my site and my certifications', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'screener');
    await page.goto(`${env().baseUrl}/me`);
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    await expect.poll(() => page.getByText('SH-HUB-01').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('X-ray operation').count()).toBe(1);
    await expectAccessible(page);
  });

  it('keeps a courier out of the admin page: the page says not found and the API refuses', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'courier');
    await page.goto(`${env().baseUrl}/admin`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    const status = await page.evaluate(async () => {
      const token = sessionStorage.getItem('parcelguard.session');
      const response = await fetch('/api/v1/api-keys', { headers: { authorization: `Bearer ${token}` } });
      return response.status;
    });
    expect(status).toBe(403);
    expect(await page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
  });

  it('switches to English and back with the Language control, and remembers the choice', async () => {
    const page = await env().newPage({ lang: 'zh-CN' });
    await page.getByRole('button', { name: '登录' }).waitFor();
    await chooseOption(page, '语言', 'English');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${env().baseUrl}/sign-in`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await chooseOption(page, 'Language', '中文');
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('takes ?lang= on any console URL and remembers it', async () => {
    const page = await env().newPage({ lang: 'en' });
    await signIn(page, env(), 'courier');
    await page.goto(`${env().baseUrl}/me?lang=zh-CN`);
    await page.getByRole('heading', { name: '我的账户' }).waitFor();
    await page.goto(`${env().baseUrl}/me`);
    await page.getByRole('heading', { name: '我的账户' }).waitFor();
    await page.goto(`${env().baseUrl}/me?lang=en`);
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    await page.goto(`${env().baseUrl}/me`);
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    expect(await page.getByRole('link', { name: 'Counter', exact: true }).count()).toBe(1);
  });
});
