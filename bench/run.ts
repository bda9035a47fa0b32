// `npm run bench -- [NAME...]`: runs bench/<name>.bench.ts (all when no name is given) and prints one JSON
// object per metric: {"bench", "metric", "value", "unit"}. A ratio measured side by side ends in `_ratio`.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Report = (metric: string, value: number, unit: string) => void;
export type Bench = (report: Report) => Promise<void>;

const dir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .sort();
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : available) {
  const module = (await import(`./${name}.bench.ts`)) as { default: Bench };
  await module.default((metric, value, unit) => {
    console.log(JSON.stringify({ bench: name, metric, value: Number(value.toFixed(3)), unit }));
  });
}
