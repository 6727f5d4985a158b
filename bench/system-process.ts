import { startSystem, SYSTEMS, type SystemName } from './systems.js';

/**
 * A system under test in a process of its own, so that its CPU time is its own. Started by run.ts
 * with the system name and the AppConfig stand-in endpoint; answers 'cpu' with process.cpuUsage() and exits on 'exit'.
 */
const [name, endpoint] = process.argv.slice(2);
if (!SYSTEMS.includes(name as SystemName) || endpoint === undefined) throw new Error(`usage: system-process.ts <${SYSTEMS.join('|')}> <endpoint>`);

const url = await startSystem(name as SystemName, endpoint);
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  // A clean exit, so that `node --cpu-prof` can write its profile.
  if (message === 'exit') process.exit(0);
});
process.send?.({ url });
