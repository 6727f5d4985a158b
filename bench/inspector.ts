import WebSocket from 'ws';

/**
 * Asks a Node process for its heap through its inspector (the process started with
 * `--inspect=127.0.0.1:0`, which prints where it listens). Heap in use read without a collection
 * counts garbage too, and more of it the busier the process was; after a full collection it is
 * what the process holds.
 */
export const INSPECT_OPTION = '--inspect=127.0.0.1:0';

/** V8's heap in use, in MiB, right after a full garbage collection of the process that printed `output`. */
export async function heapAfterCollectionMiB(output: string): Promise<number> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`the process has no inspector listening (start it with ${INSPECT_OPTION}):\n${output.slice(-2000)}`);
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 0;
  const call = (method: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = (nextId += 1);
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const { usedSize } = (await call('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / 2 ** 20;
  } finally {
    socket.close();
  }
}
