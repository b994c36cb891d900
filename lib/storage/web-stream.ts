// A Node Readable as the body of a web Response, pulled one chunk at a time. Readable.toWeb keeps its
// own queue topped up from a flowing stream; this reads only when the consumer (Next, writing to the
// socket) asks for the next chunk, with no queue of its own — less work per chunk and nothing read
// ahead beyond the Node stream's own buffer. Not a "bytes" stream on purpose: enqueueing there
// transfers the chunk's memory, and a stream's chunks may be views into a buffer shared with others.
import type { Readable } from "node:stream";

export function readableToWeb(stream: Readable): ReadableStream<Uint8Array> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await it.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        // The client went away: stop reading and let the stream close its file (or connection).
        await it.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
