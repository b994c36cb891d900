"use client";
import { ErrorPanel } from "@/components/ui/error-panel";

export default function ErrorPage({ error, reset, retry }: { error: Error & { digest?: string }; reset: () => void; retry?: () => void }) {
  return (
    <ErrorPanel
      className="py-16"
      message="The page could not be loaded. Nothing you entered was lost on our side."
      heading="h1"
      digest={error.digest}
      retry={retry ?? reset}
      back={{ href: "/", label: "Go home" }}
    />
  );
}
