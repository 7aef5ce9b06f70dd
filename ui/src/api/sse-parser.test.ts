import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from './sse-parser';

function parse(chunks: readonly string[]): { messages: SseMessage[]; retries: number[] } {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const parser = createSseParser({ onMessage: (m) => messages.push(m), onRetry: (ms) => retries.push(ms) });
  for (const chunk of chunks) parser.push(chunk);
  return { messages, retries };
}

describe('createSseParser', () => {
  it('reads events, ids, multi-line data, comments and retry', () => {
    const text = ': heartbeat\nretry: 2000\nid: 1.5\nevent: task\ndata: {"a":1}\n\ndata: one\ndata: two\n\n';
    const { messages, retries } = parse([text]);
    expect(retries).toEqual([2000]);
    expect(messages).toEqual([
      { id: '1.5', event: 'task', data: '{"a":1}' },
      // The last id stays in force for messages without one, as EventSource keeps lastEventId.
      { id: '1.5', event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('accepts CRLF and CR line ends, and a CRLF split across chunks', () => {
    const { messages } = parse(['event: a\r', '\ndata: x\r\n\r', '\nevent: b\rdata: y\r\r']);
    expect(messages.map((m) => [m.event, m.data])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });

  it('dispatches nothing for an event without data, and waits for the blank line', () => {
    expect(parse(['event: end\n\n']).messages).toEqual([]);
    expect(parse(['event: end\ndata: {}\n']).messages).toEqual([]);
  });

  it('gives the same messages however the text is cut into chunks', () => {
    const text =
      'id: 7.1\nevent: snapshot\ndata: {"part":0}\n\n: heartbeat\n\nevent: run\r\ndata: {"state":"RUNNING"}\r\n\r\nid: 7.2\ndata:no-space\n\n';
    const whole = parse([text]).messages;
    expect(whole).toHaveLength(3);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const point of points) {
          chunks.push(text.slice(from, point));
          from = point;
        }
        chunks.push(text.slice(from));
        expect(parse(chunks).messages).toEqual(whole);
      }),
    );
  });
});
