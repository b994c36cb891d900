"use client";
// A one-time notice after a redirect ("Deleted model acme/x."), carried by search params: shown as a
// status message (announced by screen readers), then the params are taken out of the address bar so
// a reload or a shared link does not repeat it.
import { useEffect } from "react";
import { Alert } from "./alert";

export function FlashNotice({ message, params }: { message: string; params: string[] }) {
  useEffect(() => {
    const url = new URL(window.location.href);
    for (const p of params) url.searchParams.delete(p);
    window.history.replaceState(window.history.state, "", url);
  }, [params]);
  return (
    <div className="mb-4">
      <Alert tone="success">{message}</Alert>
    </div>
  );
}
