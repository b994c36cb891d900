"use client";
// A failure in one of a model's pages: the model's header and tabs (the layout) stay, so the other tabs
// are one click away; the message takes the place of the tab's content.
import { useParams } from "next/navigation";
import { ErrorPanel } from "@/components/ui/error-panel";

export default function ModelError({ error, reset, retry }: { error: Error & { digest?: string }; reset: () => void; retry?: () => void }) {
  const { owner, project } = useParams<{ owner: string; project: string }>();
  return (
    <ErrorPanel
      message="This part of the model could not be loaded. Try again in a moment; if it keeps failing, tell your administrator."
      digest={error.digest}
      retry={retry ?? reset}
      back={{ href: `/${owner}/${project}`, label: "Model overview" }}
    />
  );
}
