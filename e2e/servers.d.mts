// Types for e2e/servers.mjs (plain JavaScript so that e2e/serve.mjs runs on bare node).
export declare const port: number;
export declare const dataDir: string;
export declare const s3Enabled: boolean;
export declare const s3: { appPort: number; dataDir: string; dir: string; bucket: string; prefix: string };
export declare function baseUrl(port: number): string;
export declare const twinEnabled: boolean;
export declare const twin: { appPort: number; dataDir: string; secret: string };
