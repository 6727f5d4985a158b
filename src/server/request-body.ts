import type { IncomingMessage, ServerResponse } from 'node:http';
import bodyParser from 'body-parser';

/** Why a body could not be read: the status to answer and a message for the client. */
export interface BodyProblem {
  readonly status: number;
  readonly message: string;
  /** The client went away while sending; there is nobody to answer. */
  readonly clientGone: boolean;
}

export type BodyReader = (req: IncomingMessage, res: ServerResponse) => Promise<{ readonly body: unknown } | BodyProblem>;

/** What body-parser's errors carry (http-errors). */
interface ParserError {
  readonly status?: number;
  readonly type?: string;
}

/**
 * Reads JSON request bodies with body-parser: `gzip`, `deflate` and `br` bodies are inflated (routers
 * compress subgraph requests), and `maxBytes` bounds the inflated size, so a small compressed bomb is
 * refused once it inflates past the limit rather than after. Bodies of other media types are left
 * unread: Apollo Server answers them.
 */
export function createBodyReader(maxBytes: number): BodyReader {
  const parse = bodyParser.json({ limit: maxBytes, type: ['application/json', '+json'], strict: true });
  return (req, res) =>
    new Promise((resolve) => {
      parse(req, res, (error?: unknown) => {
        if (error === undefined) resolve({ body: (req as IncomingMessage & { body?: unknown }).body });
        else resolve(describeProblem(error as ParserError, maxBytes));
      });
    });
}

function describeProblem(error: ParserError, maxBytes: number): BodyProblem {
  switch (error.type) {
    case 'entity.too.large':
      return { status: 413, message: `Request body is larger than ${maxBytes} bytes (after decompression).`, clientGone: false };
    case 'encoding.unsupported':
      return { status: 415, message: 'Unsupported Content-Encoding; send the body uncompressed, or as gzip, deflate or br.', clientGone: false };
    case 'charset.unsupported':
      return { status: 415, message: 'Unsupported charset; send the body as UTF-8.', clientGone: false };
    case 'entity.parse.failed':
      return { status: 400, message: 'Request body is not valid JSON, or not a JSON object.', clientGone: false };
    case 'request.aborted':
      return { status: 400, message: 'The request was aborted while its body was being sent.', clientGone: true };
    default:
      // A corrupt compressed stream, or a body shorter or longer than its Content-Length.
      return { status: error.status !== undefined && error.status < 500 ? error.status : 400, message: 'Request body could not be read.', clientGone: false };
  }
}
