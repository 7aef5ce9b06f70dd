import type { Socket } from 'node:net';
import { ERROR_CODES } from '../errors/index.js';
import { errorBody, GRPC } from './http-errors.js';

/**
 * Answers what Node's HTTP parser refuses before any route sees it (headers or URL over Node's
 * limit, a request that is not HTTP, a client too slow to send it) with a KFP-shaped error body
 * and a Skiff code, as Fastify's clientErrorHandler; a reset connection gets nothing.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, text, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ([
          431,
          'Request Header Fields Too Large',
          'SKIFF_API_TOO_LARGE',
          'the request line and headers are larger than the server reads (16 KiB)',
        ] as const)
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ([408, 'Request Timeout', 'SKIFF_API_BAD_REQUEST', 'the request was not sent in time'] as const)
        : ([
            400,
            'Bad Request',
            'SKIFF_API_BAD_REQUEST',
            `the request is not valid HTTP (${error.code ?? error.message})`,
          ] as const);
  const fix =
    status === 431
      ? 'Send long values (filters, names) in a request body, not the URL, and keep headers small.'
      : ERROR_CODES[code].fix;
  const body = JSON.stringify(
    errorBody(status === 431 ? GRPC.RESOURCE_EXHAUSTED : GRPC.INVALID_ARGUMENT, message, code, { fix }),
  );
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${text}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
