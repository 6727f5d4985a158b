import { printSubgraphSchema } from '@apollo/subgraph';
import { buildGatewaySchema } from './schema.js';

/** `npm run supergraph:sdl`: the subgraph's SDL, for `rover subgraph publish` or `rover supergraph compose`. */
process.stdout.write(printSubgraphSchema(buildGatewaySchema()));
