// s3rver 3 ships no types; the part of its API our tests and benchmarks use.
declare module "s3rver" {
  type S3rverOptions = {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  };
  type KoaContext = {
    method: string;
    path: string;
    query: Record<string, string | string[] | undefined>;
    headers: Record<string, string | string[] | undefined>;
    status: number;
    type: string;
    body: unknown;
    /** s3rver's filesystem store (its own API, used to emulate operations it lacks). */
    store: {
      getObject(bucket: string, key: string, range?: { start: number; end: number }): Promise<{ content: NodeJS.ReadableStream | null } | null>;
      putPart(bucket: string, uploadId: string, partNumber: number, content: NodeJS.ReadableStream): Promise<{ size: number; md5: string }>;
    };
  };
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    /** Koa's middleware list (S3rver extends Koa). */
    middleware: ((ctx: KoaContext, next: () => Promise<void>) => Promise<void>)[];
  }
}
