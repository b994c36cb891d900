/** A missing prerequisite, told in one line. */
export class Missing extends Error {}
/** The Chromium binary the e2e tests launch, or null; throws Missing when CHROMIUM_PATH names no executable. */
export function findChromium(env?: Record<string, string | undefined>, defaultPath?: string): string | null;
/** Finds Chromium or installs it with apt-get where it can; throws Missing with what to install otherwise. */
export function ensureChromium(opts?: {
  env?: Record<string, string | undefined>;
  defaultPath?: string;
  aptAvailable?: boolean;
  install?: (pkg: string) => void;
  log?: (line: string) => void;
}): string;
