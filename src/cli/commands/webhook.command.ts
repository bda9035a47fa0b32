import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import { WEBHOOK_EVENT_KINDS } from '../../webhooks/webhook-events.js';
import { DEFAULT_TOLERANCE_SECONDS, verifyWebhookSignature } from '../../webhooks/webhook-signature.js';
import type { WebhookEndpoint } from '../../webhooks/webhooks.types.js';
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_UNUSABLE,
  printJson,
  printTable,
  reportError,
  withApp,
  withReadOnlyApp,
  type GlobalOptions,
} from '../context.js';

const wholeNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('must be a whole number');
  return number;
};

const kindList = (value: string) =>
  value
    .split(',')
    .map((kind) => kind.trim())
    .filter(Boolean);

/** `parcelguard webhook …`: signed webhooks for the company's own systems, and the offline check of one. */
export function registerWebhook(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const context = () => cliContext(newId());
  const webhook = program
    .command('webhook')
    .description("signed webhooks on case and report events for the company's own systems");

  webhook
    .command('add')
    .description('register an endpoint; prints its signing secret once')
    .requiredOption('--name <name>', 'which system this is')
    .requiredOption('--url <url>', 'https URL (plain http only for localhost and 127.0.0.1)')
    .requiredOption(
      '--events <kinds>',
      `comma-separated event kinds, or "all": ${WEBHOOK_EVENT_KINDS.join(', ')}`,
      kindList,
    )
    .option('--inactive', 'register it deactivated (nothing queued until activated)')
    .action((options: { name: string; url: string; events: string[]; inactive?: boolean }) =>
      withApp(global(), async (app) => {
        const { endpoint, secret } = await app.webhooks.createEndpoint(context(), {
          name: options.name,
          url: options.url,
          events: options.events.includes('all') ? WEBHOOK_EVENT_KINDS : options.events,
          active: options.inactive !== true,
        });
        printEndpoint(endpoint);
        console.log(`\nSigning secret (shown once, keep it in the receiving system): ${secret}`);
      }),
    );

  webhook
    .command('list')
    .description('list the endpoints')
    .option('--json', 'JSON instead of a table')
    .action((options: { json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const endpoints = await app.webhooks.findEndpoints();
        if (options.json === true) return printJson(endpoints);
        printTable(
          endpoints.map((endpoint) => ({
            id: endpoint.id,
            name: endpoint.name,
            url: endpoint.url,
            active: endpoint.active,
            events: endpoint.events.join(','),
          })),
        );
      }),
    );

  webhook
    .command('rotate <id>')
    .description('new signing secret (printed once); the previous one keeps signing through the grace period')
    .option(
      '--grace-hours <hours>',
      'hours the previous secret still signs (default 24; 0: none)',
      wholeNumber,
    )
    .action((id: string, options: { graceHours?: number }) =>
      withApp(global(), async (app) => {
        const { endpoint, secret } = await app.webhooks.rotateSecret(
          context(),
          id,
          options.graceHours === undefined ? {} : { graceHours: options.graceHours },
        );
        printEndpoint(endpoint);
        console.log(`\nNew signing secret (shown once): ${secret}`);
        if (endpoint.previousSecretValidUntil !== null) {
          console.log(
            `The previous secret signs too until ${new Date(endpoint.previousSecretValidUntil).toISOString()}.`,
          );
        }
      }),
    );

  webhook
    .command('deliveries <id>')
    .description("an endpoint's deliveries, newest first")
    .option('--status <status>', 'pending, delivered or failed')
    .option('--limit <n>', 'how many', wholeNumber, 50)
    .option('--json', 'JSON instead of a table')
    .action((id: string, options: { status?: string; limit: number; json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        if (options.status !== undefined && !['pending', 'delivered', 'failed'].includes(options.status)) {
          console.error('parcelguard: --status must be pending, delivered or failed');
          return EXIT_UNUSABLE;
        }
        const deliveries = await app.webhooks.findDeliveries(id, {
          limit: options.limit,
          ...(options.status === undefined
            ? {}
            : { status: options.status as 'pending' | 'delivered' | 'failed' }),
        });
        if (options.json === true) return printJson(deliveries);
        printTable(
          deliveries.map((delivery) => ({
            id: delivery.id,
            kind: delivery.kind,
            caseId: delivery.caseId,
            status: delivery.status,
            attempts: delivery.attempts,
            lastStatus: delivery.lastStatusCode ?? '',
            lastError: delivery.lastError ?? '',
            created: new Date(delivery.createdAt).toISOString(),
          })),
        );
      }),
    );

  webhook
    .command('verify')
    .description(
      'check a saved delivery (body and headers) against a secret, offline; exit 0 when the signature holds',
    )
    .requiredOption('--body <file>', 'the body exactly as received')
    .requiredOption(
      '--headers <file>',
      'the headers received: a JSON object, or "Name: value" lines as an HTTP log shows them',
    )
    .option('--secret-file <file>', 'file holding the secret (default: PARCELGUARD_WEBHOOK_SECRET)')
    .option(
      '--tolerance <seconds>',
      `how old the signature may be (default ${DEFAULT_TOLERANCE_SECONDS})`,
      wholeNumber,
    )
    .option('--any-age', 'skip the replay window (a delivery saved long ago)')
    .action(
      (options: {
        body: string;
        headers: string;
        secretFile?: string;
        tolerance?: number;
        anyAge?: boolean;
      }) => {
        try {
          const secret =
            options.secretFile === undefined
              ? process.env.PARCELGUARD_WEBHOOK_SECRET
              : readFileSync(options.secretFile, 'utf8').trim();
          if (secret === undefined || secret === '') {
            console.error('parcelguard: give the secret with --secret-file or PARCELGUARD_WEBHOOK_SECRET');
            process.exitCode = EXIT_UNUSABLE;
            return;
          }
          const result = verifyWebhookSignature(
            secret,
            parseHeaders(readFileSync(options.headers, 'utf8')),
            readFileSync(options.body, 'utf8'),
            Date.now(),
            options.anyAge === true
              ? Number.POSITIVE_INFINITY
              : (options.tolerance ?? DEFAULT_TOLERANCE_SECONDS),
          );
          if (result.ok) {
            console.log(
              `valid: delivery ${result.id}, signed ${new Date(result.timestamp * 1000).toISOString()}`,
            );
            process.exitCode = EXIT_OK;
          } else {
            console.log(`NOT valid: ${result.reason}`);
            process.exitCode = EXIT_FAILED;
          }
        } catch (error) {
          process.exitCode = reportError(error);
        }
      },
    );
}

function printEndpoint(endpoint: WebhookEndpoint): void {
  console.log(
    `${endpoint.id}  ${endpoint.name}  ${endpoint.url}  ${endpoint.active ? 'active' : 'inactive'}`,
  );
  console.log(`  events: ${endpoint.events.join(', ')}`);
}

/** Headers from a JSON object or from "Name: value" lines (the first colon splits). */
function parseHeaders(text: string): Record<string, string> {
  if (text.trimStart().startsWith('{')) {
    return Object.fromEntries(
      Object.entries(JSON.parse(text) as Record<string, unknown>).map(([name, value]) => [
        name,
        Array.isArray(value) ? String(value[0]) : String(value),
      ]),
    );
  }
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}
