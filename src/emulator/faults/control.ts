import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import type { FaultInjector } from './injector.js';
import { FaultSyntaxError, faultRulesSchema, parseFaultRules } from './rules.js';

/** Where the control endpoint lives: beside AppConfig's routes, none of which starts with it. */
export const CONTROL_PATH = '/_emulator/faults';

/**
 * The fault rules while the emulator runs: GET shows them, PUT replaces them (a JSON array of rules,
 * or the EMULATOR_FAULTS grammar as text/plain), DELETE removes them all.
 */
export async function handleFaultControl(req: IncomingMessage, res: ServerResponse, faults: FaultInjector): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  switch (req.method) {
    case 'GET':
      return send(200, { rules: faults.current() });
    case 'DELETE':
      faults.replace([]);
      return send(200, { rules: [] });
    case 'PUT': {
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        const json = (req.headers['content-type'] ?? '').includes('json');
        faults.replace(json ? faultRulesSchema.parse(JSON.parse(text)) : parseFaultRules(text));
        return send(200, { rules: faults.current() });
      } catch (error) {
        if (error instanceof FaultSyntaxError) return send(400, { message: 'Invalid fault rules', problems: error.problems });
        if (error instanceof ZodError)
          return send(400, { message: 'Invalid fault rules', problems: error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
        if (error instanceof SyntaxError) return send(400, { message: `The body is not valid JSON: ${error.message}` });
        throw error;
      }
    }
    default:
      res.writeHead(405, { Allow: 'GET, PUT, DELETE' }).end();
  }
}
