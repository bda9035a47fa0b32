import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError, redactUrl } from '../../platform/config.js';
import { cliConfig, reportError, type GlobalOptions } from '../context.js';

interface ServeOptions {
  production?: boolean;
  port?: string;
  host?: string;
  consumeEvents?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run the HTTP server (migrates the store on start; demo data on a first start unless --production)',
    )
    .option('--production', 'refuse to start without configured keys; create no demo data')
    .option('--port <port>', 'HTTP port (overrides PORT)')
    .option('--host <host>', 'interface to listen on (overrides HOST)')
    .option(
      '--consume-events',
      'also store hub station events from NATS JetStream (needs NATS_URL; as PARCELGUARD_EVENTS_CONSUME=true)',
    )
    .action(async (options: ServeOptions) => {
      const global = program.opts<GlobalOptions>();
      try {
        const [{ createApp }, { seedDemoIfEmpty, simulateDemoTraffic }, { buildServer }, { CONSOLE_DIR }] =
          await Promise.all([
            import('../../app.js'),
            import('../../demo/demo-seed.js'),
            import('../../http/server.js'),
            import('../../http/console.routes.js'),
          ]);
        const config = cliConfig(
          global,
          {
            ...(options.production ? { production: true } : {}),
            ...(options.host === undefined ? {} : { host: options.host }),
          },
          options.port === undefined ? {} : { PORT: options.port },
        );
        if (options.consumeEvents === true && config.events === null) {
          throw new ConfigError(['--consume-events: needs NATS_URL (the NATS server to consume from)']);
        }
        const app = await createApp(config);
        if (app.keysCreated)
          console.log(`Created demo key material in ${config.dataDir}/keys.json (mode 0600).`);
        const credentials = await seedDemoIfEmpty(app);
        if (credentials !== null) {
          console.log(
            `Simulating ${config.demoSimulationParcels} parcels over the past 3 days for the demo reports…`,
          );
          const simulated = await simulateDemoTraffic(app);
          if (simulated !== null)
            console.log(
              `  ${simulated.parcels} parcels: ${simulated.refused} refused, ${simulated.dispatched} dispatched, ` +
                `${simulated.gaps.skippedInspection + simulated.gaps.neverTakenIn + simulated.gaps.missedTheBelt} gate gaps made on purpose.`,
            );
        }
        // Build the active catalogue's screener now: the first counter's intake would otherwise wait for it.
        await app.screening.activeScreener();
        // The app signs audit checkpoints on its own schedule from its start and a last time on close.
        // The server's metrics registry, shared with the event consumer's when it runs here.
        const { createHttpMetrics } = await import('../../http/metrics.js');
        const metrics = createHttpMetrics();
        const server = await buildServer(app, { metrics });
        // The address as bound (http://127.0.0.1:8080): `localhost` may resolve to ::1, where nothing listens.
        const address = await server.listen({ port: config.port, host: config.host });
        // Webhook deliveries go out from the serving process only (CLI commands queue them, never send).
        app.webhookDispatcher.start();
        // Without NATS_URL nothing changes: HTTP only. With it, the consumer runs here only when asked.
        const events = app.config.events;
        let consumer: { stop(): Promise<void> } | null = null;
        if (events !== null && (events.consumeInServe || options.consumeEvents === true)) {
          const [{ startEventConsumer }, { createEventMetrics }] = await Promise.all([
            import('../../events/event-runner.js'),
            import('../../events/event-metrics.js'),
          ]);
          consumer = startEventConsumer(app, events, createEventMetrics(metrics.registry));
          console.log(`  Storing hub events from ${events.natsUrl} (stream ${events.stream})`);
        }
        console.log(`ParcelGuard is serving on ${address} (database ${redactUrl(app.store.description)})`);
        console.log(
          existsSync(path.join(CONSOLE_DIR, 'index.html'))
            ? `  Console: ${address}/    API docs: ${address}/api/docs    health: ${address}/healthz`
            : `  API docs: ${address}/api/docs    health: ${address}/healthz    (console not built: npm run build)`,
        );
        if (credentials !== null) {
          console.log('\nDemo logins (shown once; also written to demo-credentials.txt in the data dir):');
          for (const c of credentials)
            console.log(`  ${c.username.padEnd(24)} ${c.password}   ${c.role} at ${c.site}`);
        }
        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          app.logger.info({ signal }, 'shutting down');
          await server.close();
          await consumer?.stop();
          await app.close();
          process.exit(0);
        };
        process.on('SIGINT', () => void stop('SIGINT'));
        process.on('SIGTERM', () => void stop('SIGTERM'));
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });
}
