import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/schema.js';
import { PROJECT_ROOT } from '../support/process.js';

/** docs/live-updates.md shows what the tests run, verbatim, so that the two cannot drift apart. */

const read = (path: string) => readFileSync(`${PROJECT_ROOT}${path}`, 'utf8');
const DOC = read('docs/live-updates.md');

/** The contents of the doc's fenced blocks in `language`. */
const blocksOf = (language: string) => [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(([, body]) => body!);

describe('docs/live-updates.md', () => {
  it.each(['test/fixtures/live-client.ts', 'test/fixtures/hive-gateway/gateway.config.ts'])('shows %s as the tests run it', (path) => {
    expect(blocksOf('ts')).toContain(read(path));
  });

  it('shows operations the schema accepts', () => {
    const operations = blocksOf('graphql');
    expect(operations.length).toBeGreaterThan(0);
    const schema = buildGatewaySchema();
    for (const operation of operations) expect(validate(schema, parse(operation)).map((error) => error.message)).toEqual([]);
  });
});
