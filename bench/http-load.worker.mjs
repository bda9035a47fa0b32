// The HTTP load generator for the intake bench, on its own thread: clients that share the server's event loop
// would add their own request building and parsing to every latency measured. `connections` keep-alive
// connections each send the bodies one request at a time; answers the latency (ms) of every request and the
// statuses seen. node:http rather than fetch: fetch's own per-request cost capped this client near 2,000
// requests/s on this box, below what the server answers. Plain JavaScript: a worker does not inherit tsx.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { url, headers, bodies, connections } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const post = (body) =>
  new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        agent,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      },
    );
    request.on('error', reject);
    request.end(body);
  });

const latencies = [];
const statuses = {};
let next = 0;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (next < bodies.length) {
      const body = bodies[next];
      next += 1;
      const t0 = performance.now();
      const status = await post(body);
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
agent.destroy();
parentPort.postMessage({ latencies, statuses });
