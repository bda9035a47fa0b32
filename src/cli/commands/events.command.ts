// `parcelguard events …`: the hub event path over NATS JetStream (src/events/). `setup` and `publish` need only
// NATS_URL (a station has no database); `consume` writes through the app like every other command.
import { createReadStream, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { EventsConfig } from '../../platform/config.js';
import {
  cliConfig,
  EXIT_FAILED,
  EXIT_UNUSABLE,
  printJson,
  reportError,
  withApp,
  type GlobalOptions,
} from '../context.js';

const KINDS = { scans: 'scan', dispatch: 'dispatch' } as const;

function eventsConfig(global: GlobalOptions): EventsConfig {
  const config = cliConfig(global).events;
  if (config === null) {
    throw new UsageError('set NATS_URL to the NATS server (JetStream on), e.g. nats://127.0.0.1:4222');
  }
  return config;
}

class UsageError extends Error {}

function fail(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`parcelguard: ${error.message}`);
    return EXIT_UNUSABLE;
  }
  return reportError(error);
}

function number(value: string, name: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min)
    throw new UsageError(`${name} must be a whole number ≥ ${min}`);
  return parsed;
}

export function registerEvents(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const events = program
    .command('events')
    .description('hub stations over NATS JetStream: the stream, station publishing, the storing consumer');

  events
    .command('setup')
    .description(
      'create or update the company stream (<prefix>.<site>.scans and .dispatch), its dead-letter stream and the durable consumer',
    )
    .option('--retention <policy>', 'limits (kept until age/size limits), workqueue or interest', 'limits')
    .option('--replicas <n>', 'stream replicas (1, or 3 on a NATS cluster)', '1')
    .option('--max-age-days <days>', 'keep events this long (0: no limit)', '7')
    .option('--max-bytes <bytes>', 'stream size limit (-1: none)', '-1')
    .option('--duplicate-window-seconds <s>', 'a re-published event is dropped within this window', '600')
    .option('--dead-letter-max-age-days <days>', 'keep dead letters this long (0: until removed)', '0')
    .action(
      async (options: {
        retention: string;
        replicas: string;
        maxAgeDays: string;
        maxBytes: string;
        duplicateWindowSeconds: string;
        deadLetterMaxAgeDays: string;
      }) => {
        try {
          const config = eventsConfig(global());
          if (!['limits', 'workqueue', 'interest'].includes(options.retention))
            throw new UsageError('--retention must be limits, workqueue or interest');
          const maxBytes = Number(options.maxBytes);
          if (!Number.isInteger(maxBytes) || maxBytes < -1)
            throw new UsageError('--max-bytes must be -1 or more');
          const { setupEventStreams } = await import('../../events/event-stream.js');
          const { connectNats } = await import('../../events/event-runner.js');
          const { jetstreamManager } = await import('@nats-io/jetstream');
          const connection = await connectNats(config.natsUrl, 'parcelguard-setup');
          try {
            const result = await setupEventStreams(
              await jetstreamManager(connection),
              config,
              {
                retention: options.retention as 'limits' | 'workqueue' | 'interest',
                replicas: number(options.replicas, '--replicas', 1),
                maxAgeSeconds: number(options.maxAgeDays, '--max-age-days', 0) * 86_400,
                maxBytes,
                duplicateWindowSeconds: number(
                  options.duplicateWindowSeconds,
                  '--duplicate-window-seconds',
                  1,
                ),
                deadLetterMaxAgeSeconds:
                  number(options.deadLetterMaxAgeDays, '--dead-letter-max-age-days', 0) * 86_400,
              },
              config.ackWaitSeconds,
            );
            printJson(result);
          } finally {
            await connection.close();
          }
        } catch (error) {
          process.exitCode = fail(error);
        }
      },
    );

  events
    .command('publish <file>')
    .description(
      "publish a station's events from an NDJSON file (- for stdin), each signed with the station's API key; stored by JetStream before counted",
    )
    .requiredOption('--site <siteId>', "the station's site id (its API key's site)")
    .option('--kind <kind>', 'scans or dispatch', 'scans')
    .option('--api-key-file <file>', 'file holding the API key (default: PARCELGUARD_API_KEY)')
    .action(async (file: string, options: { site: string; kind: string; apiKeyFile?: string }) => {
      try {
        const config = eventsConfig(global());
        const kind = KINDS[options.kind as keyof typeof KINDS];
        if (kind === undefined) throw new UsageError('--kind must be scans or dispatch');
        const apiKey =
          options.apiKeyFile === undefined
            ? process.env.PARCELGUARD_API_KEY
            : readFileSync(options.apiKeyFile, 'utf8').trim();
        if (apiKey === undefined || apiKey === '')
          throw new UsageError('give the station API key in PARCELGUARD_API_KEY or --api-key-file');
        const { eventSigningKeyOf } = await import('../../events/event-signature.js');
        const { StationPublisher } = await import('../../events/event-publisher.js');
        const { connectNats } = await import('../../events/event-runner.js');
        const { jetstream } = await import('@nats-io/jetstream');
        let key;
        try {
          key = eventSigningKeyOf(apiKey);
        } catch (error) {
          throw new UsageError(error instanceof Error ? error.message : String(error));
        }
        const connection = await connectNats(config.natsUrl, 'parcelguard-station');
        try {
          const publisher = new StationPublisher(jetstream(connection), config, key, options.site);
          const input = file === '-' ? process.stdin : createReadStream(file);
          const summary = await publisher.publishLines(kind, createInterface({ input, crlfDelay: Infinity }));
          for (const skipped of summary.skipped)
            console.error(`line ${skipped.line}: not sent: ${skipped.reason}`);
          console.error(
            `events: ${summary.published} published, ${summary.duplicates} already in the stream, ${summary.skipped.length} not sent`,
          );
          process.exitCode = summary.skipped.length > 0 ? EXIT_FAILED : 0;
        } finally {
          await connection.drain().catch(() => connection.close());
        }
      } catch (error) {
        process.exitCode = fail(error);
      }
    });

  events
    .command('consume')
    .description(
      'store station events: a durable pull consumer, one transaction per batch, refused events to the dead-letter subject',
    )
    .option('--until-idle', 'stop once nothing is pending or unacknowledged (batch jobs, tests)')
    .option(
      '--metrics-port <port>',
      'serve Prometheus metrics on 127.0.0.1:<port>/metrics (Bearer PARCELGUARD_METRICS_TOKEN when set)',
    )
    .option('--quiet', 'no line per batch on stderr')
    .action((options: { untilIdle?: boolean; metricsPort?: string; quiet?: boolean }) =>
      withApp(global(), async (app) => {
        const config = app.config.events;
        if (config === null) throw new UsageError('set NATS_URL to the NATS server (JetStream on)');
        const [{ runEventConsumer }, { createEventMetrics }, { Registry }, { bearsMetricsToken }] =
          await Promise.all([
            import('../../events/event-runner.js'),
            import('../../events/event-metrics.js'),
            import('prom-client'),
            import('../../http/metrics.js'),
          ]);
        const token = app.config.metricsToken;
        const registry = new Registry();
        const metrics = createEventMetrics(registry);
        const metricsServer =
          options.metricsPort === undefined
            ? null
            : createServer((request, response) => {
                if (token !== null && !bearsMetricsToken(request.headers.authorization, token)) {
                  response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
                  return;
                }
                void registry.metrics().then((text) => {
                  response.writeHead(request.url === '/metrics' ? 200 : 404, {
                    'content-type': registry.contentType,
                  });
                  response.end(request.url === '/metrics' ? text : '');
                });
              }).listen(number(options.metricsPort, '--metrics-port', 0), '127.0.0.1');
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        let stored = 0;
        try {
          const totals = await runEventConsumer(app, {
            config,
            metrics,
            signal: controller.signal,
            untilIdle: options.untilIdle === true,
            onBatch: (summary) => {
              stored += summary.stored;
              if (options.quiet !== true)
                console.error(
                  `batch: ${summary.messages} messages, ${summary.stored} stored, ${summary.duplicates} duplicates, ${summary.deadLettered} dead-lettered (${stored} stored in all)`,
                );
            },
          });
          printJson(totals);
        } finally {
          metricsServer?.close();
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      }).catch((error: unknown) => {
        process.exitCode = fail(error);
      }),
    );

  events
    .command('teardown')
    .description(
      'delete the stream and its dead-letter stream (development and tests: every event in them is lost)',
    )
    .requiredOption('--yes', 'yes, delete them')
    .action(async () => {
      try {
        const config = eventsConfig(global());
        const { deleteEventStreams } = await import('../../events/event-stream.js');
        const { connectNats } = await import('../../events/event-runner.js');
        const { jetstreamManager } = await import('@nats-io/jetstream');
        const connection = await connectNats(config.natsUrl, 'parcelguard-setup');
        try {
          await deleteEventStreams(await jetstreamManager(connection), config);
        } finally {
          await connection.close();
        }
      } catch (error) {
        process.exitCode = fail(error);
      }
    });
}
