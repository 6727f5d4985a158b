// temporary profiling driver (not committed)
import { AppConfigDouble } from '../test/support/appconfig-double.js';
import { DEPLOYMENTS, SCENARIOS } from './scenarios.js';
import { startSystem, type SystemName } from './systems.js';
const upstream = await AppConfigDouble.start();
upstream.put(...DEPLOYMENTS);
upstream.recordCalls = false;
const url = await startSystem(process.argv[2] as SystemName, upstream.endpoint);
const scenario = SCENARIOS.find((s) => s.name === process.argv[3])!;
const { writeFileSync } = await import('node:fs');
writeFileSync('/tmp/prof/target.json', JSON.stringify({ url, body: JSON.stringify({ query: scenario.query, variables: scenario.variables }) }));
process.on('SIGTERM', () => process.exit(0));
setTimeout(() => process.exit(0), Number(process.argv[4] ?? 20000));
