// Runs once when the server starts: migrations and the demo seed happen before any request is served.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before the first request: rate limits key on the TCP peer, which only this hook can tell route handlers.
  const { installPeerAddressHook } = await import("./lib/auth/peer-address");
  installPeerAddressHook();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { boot } = await import("./lib/boot");
  await boot();
}
