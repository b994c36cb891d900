"use client";
// A failure inside an organization's pages: the site header stays, the message takes the page's place.
import { useParams } from "next/navigation";
import { ErrorPanel } from "@/components/ui/error-panel";

export default function OrganizationError({ error, reset, retry }: { error: Error & { digest?: string }; reset: () => void; retry?: () => void }) {
  const { owner } = useParams<{ owner: string }>();
  return (
    <ErrorPanel
      message={`This page of ${owner} could not be loaded. Try again in a moment; if it keeps failing, tell your administrator.`}
      heading="h1"
      digest={error.digest}
      retry={retry ?? reset}
      back={{ href: "/", label: "Go home" }}
    />
  );
}
