// A real HTTP receiver on loopback for webhook tests and the bench: records each request, answers as told.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: http.IncomingHttpHeaders; body: string; json: Record<string, unknown> };

export type Receiver = {
  url: string;
  received: Received[];
  /** Status for the next requests, in order (then 200). */
  script: number[];
  connections: number;
  close: () => Promise<void>;
};

export async function startReceiver(opts: { record?: boolean } = {}): Promise<Receiver> {
  const r: Receiver = { url: "", received: [], script: [], connections: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (opts.record !== false) r.received.push({ headers: req.headers, body, json: body ? JSON.parse(body) : {} });
      else r.received.length++;
      const status = r.script.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : `nope ${status}`);
    });
  });
  server.on("connection", () => r.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return r;
}

/** What a receiver does: recompute the signature over "<timestamp>.<raw body>". */
export function validSignature(secret: string, got: Received): boolean {
  const ts = String(got.headers["x-modelreg-timestamp"]);
  const expected = `sha256=${crypto.createHmac("sha256", secret).update(`${ts}.${got.body}`).digest("hex")}`;
  const header = String(got.headers["x-modelreg-signature-256"] ?? "");
  return header.length === expected.length && crypto.timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}
