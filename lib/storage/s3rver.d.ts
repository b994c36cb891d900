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
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    /** Koa's middleware list (S3rver extends Koa). */
    middleware: ((
      ctx: { method: string; query: Record<string, string | string[] | undefined>; status: number },
      next: () => Promise<void>,
    ) => Promise<void>)[];
  }
}
