// Every spec imports from here instead of `@playwright/test`, so suite-wide checks (accessibility on every page
// a test visits) live in one place. Everything else is Playwright's own.
import { test as base } from "@playwright/test";

export * from "@playwright/test";

export const test = base;
