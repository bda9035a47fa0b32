// The HTTP load generator for the intake bench, on its own thread: clients that share the server's event loop
// would add their own request building and parsing to every latency measured. `connections` keep-alive
// connections each send the bodies one request at a time; answers the latency (ms) of every request and the
// statuses seen. Plain sockets with requests framed in advance, and answers framed by their content-length:
// node:http's client cost ~200 µs a request on this box and capped the load near 4,500 requests/s, so its
// own queueing showed up as server latency (a route that does nothing measured p99 23 ms through it, 7–10 ms
// through this). Plain JavaScript: a worker does not inherit tsx.
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { url, headers, bodies, connections } = workerData;
const target = new URL(url);
const headerLines = Object.entries(headers)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');
const requests = bodies.map((text) => {
  const body = Buffer.from(text);
  const head =
    `POST ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${target.host}\r\n` +
    `connection: keep-alive\r\n${headerLines}content-length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
});

const HEADER_END = Buffer.from('\r\n\r\n');
const latencies = [];
const statuses = {};
let next = 0;

/** One keep-alive connection sending requests one at a time until none are left. */
function connection() {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    let sentAt = 0;
    const sendNext = () => {
      if (next >= requests.length) {
        socket.end();
        resolve();
        return;
      }
      const request = requests[next];
      next += 1;
      sentAt = performance.now();
      socket.write(request);
    };
    socket.on('connect', sendNext);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        const headerEnd = pending.indexOf(HEADER_END);
        if (headerEnd < 0) return;
        const head = pending.subarray(0, headerEnd).toString('latin1');
        const length = /\r\ncontent-length: *(\d+)/i.exec(head);
        if (length === null) {
          socket.destroy();
          reject(new Error(`an answer without content-length: ${head.split('\r\n')[0]}`));
          return;
        }
        const end = headerEnd + HEADER_END.length + Number(length[1]);
        if (pending.length < end) return;
        const status = head.slice('HTTP/1.1 '.length, 'HTTP/1.1 '.length + 3);
        pending = pending.subarray(end);
        latencies.push(performance.now() - sentAt);
        statuses[status] = (statuses[status] ?? 0) + 1;
        sendNext();
      }
    });
  });
}

await Promise.all(Array.from({ length: connections }, connection));
parentPort.postMessage({ latencies, statuses });
