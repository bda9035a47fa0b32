import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import type { SiteKind } from '../../people/people.types.js';
import { MACHINE_ROLES, type MachineRole, type StaffRole } from '../../people/roles.js';
import { newId } from '../../platform/ids.js';
import { printJson, printTable, withApp, withReadOnlyApp, type GlobalOptions } from '../context.js';

export function registerPeople(program: Command): void {
  const global = () => program.opts<GlobalOptions>();

  const company = program.command('company').description('the company profile');
  company
    .command('set')
    .description('set the company name, unified social credit code and licence number')
    .requiredOption('--name <name>', 'company name')
    .option('--uscc <code>', 'unified social credit code')
    .option('--licence <number>', 'express delivery business licence number')
    .action((options: { name: string; uscc?: string; licence?: string }) =>
      withApp(global(), async (app) => {
        printJson(
          await app.sites.setCompany(cliContext(newId()), {
            name: options.name,
            uscc: options.uscc ?? null,
            licenceNo: options.licence ?? null,
          }),
        );
      }),
    );

  const site = program.command('site').description('outlets and hubs');
  site
    .command('add')
    .description('register a site')
    .requiredOption('--code <code>', 'site code, e.g. SH-OUT-02')
    .requiredOption('--name <name>', 'site name')
    .requiredOption('--kind <kind>', 'outlet or hub')
    .requiredOption('--region <code>', '6-digit administrative region code')
    .action((options: { code: string; name: string; kind: string; region: string }) =>
      withApp(global(), async (app) => {
        const created = await app.sites.createSite(cliContext(newId()), {
          code: options.code,
          name: options.name,
          kind: options.kind as SiteKind,
          regionCode: options.region,
        });
        console.log(`Site ${created.code} registered (id ${created.id}).`);
      }),
    );
  site
    .command('list')
    .description('list sites')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const sites = await app.sites.findSites();
        if (options.json) return printJson(sites);
        printTable(
          sites.map((s) => ({
            code: s.code,
            kind: s.kind,
            region: s.regionCode,
            status: s.status,
            name: s.name,
            id: s.id,
          })),
        );
      }),
    );

  const user = program.command('user').description('staff accounts');
  user
    .command('add')
    .description('register a staff member (a password is generated and printed once unless --password-stdin)')
    .requiredOption('--username <username>', 'sign-in name')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--site <site>', 'site code or id')
    .requiredOption(
      '--roles <roles>',
      'comma-separated roles: courier, screener, station-manager, security-officer, legal-liaison, auditor, admin',
    )
    .option('--phone <phone>', 'phone number (stored encrypted)')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      (options: {
        username: string;
        name: string;
        site: string;
        roles: string;
        phone?: string;
        passwordStdin?: boolean;
      }) =>
        withApp(global(), async (app) => {
          const site = await app.sites.getSiteByIdOrCode(options.site);
          const password = options.passwordStdin ? readFileSync(0, 'utf8').trim() : undefined;
          const { staff, generatedPassword } = await app.staff.createStaff(cliContext(newId()), {
            username: options.username,
            name: options.name,
            siteId: site.id,
            roles: options.roles.split(',').map((role) => role.trim()) as StaffRole[],
            phone: options.phone ?? null,
            ...(password === undefined ? {} : { password }),
          });
          console.log(`User ${staff.username} registered at ${site.code} (id ${staff.id}).`);
          if (generatedPassword !== null) console.log(`Password (shown once): ${generatedPassword}`);
        }),
    );
  user
    .command('list')
    .description('list staff')
    .option('--site <site>', 'only this site (code or id)')
    .option('--json', 'print JSON')
    .action((options: { site?: string; json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const siteId =
          options.site === undefined ? undefined : (await app.sites.getSiteByIdOrCode(options.site)).id;
        const staff = await app.staff.findStaff(cliContext(newId()), siteId === undefined ? {} : { siteId });
        if (options.json) return printJson(staff);
        const sites = new Map((await app.sites.findSites()).map((s) => [s.id, s.code]));
        printTable(
          staff.map((s) => ({
            username: s.username,
            roles: s.roles.join(','),
            site: sites.get(s.siteId),
            status: s.status,
            id: s.id,
          })),
        );
      }),
    );

  const apikey = program
    .command('apikey')
    .description('API keys for machines (X-ray stations, order systems)');
  apikey
    .command('create')
    .description('issue an API key bound to a site and a role; the key is printed once')
    .requiredOption('--name <name>', 'what the key is for, e.g. "counter terminal 3"')
    .requiredOption('--site <site>', 'site code or id')
    .requiredOption('--role <role>', `the role the machine acts with: ${MACHINE_ROLES.join(' or ')}`)
    .action((options: { name: string; site: string; role: string }) =>
      withApp(global(), async (app) => {
        const site = await app.sites.getSiteByIdOrCode(options.site);
        const { apiKey, secret } = await app.auth.createApiKey(cliContext(newId()), {
          name: options.name,
          siteId: site.id,
          role: options.role as MachineRole,
        });
        console.log(`API key ${apiKey.id} issued for ${apiKey.name} at ${site.code} as ${apiKey.role}.`);
        console.log(`Key (shown once): ${secret}`);
      }),
    );
  apikey
    .command('list')
    .description('list API keys')
    .action(() =>
      withReadOnlyApp(global(), async (app) => {
        printTable(
          (await app.auth.findApiKeys()).map((k) => ({
            id: k.id,
            name: k.name,
            role: k.role,
            revoked: k.revokedAt === null ? '' : 'revoked',
          })),
        );
      }),
    );
  apikey
    .command('revoke <id>')
    .description('revoke an API key')
    .action((id: string) =>
      withApp(global(), async (app) => {
        await app.auth.revokeApiKey(cliContext(newId()), id);
        console.log(`API key ${id} revoked.`);
      }),
    );
}
