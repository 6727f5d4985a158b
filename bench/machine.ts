import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a run was measured on; the load average says how shared it was at the time. */
export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  };
}

/** "Run on <date>, <cores> × <cpu>, …": the line above a run's table. */
export function runLine(figures: ReturnType<typeof machine>): string {
  return `Run on ${new Date().toISOString().slice(0, 10)}, ${figures.cores} × ${figures.cpu}, ${figures.memoryGiB} GiB, Node ${figures.node.slice(1)}, load average ${figures.loadAverage1m} at the start`;
}

/** Writes `figures` to bench/results/`file` as JSON. */
export function writeResults(file: string, figures: unknown): void {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${file}`, import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
}
