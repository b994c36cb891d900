import { WebhooksListPage } from "@/components/webhooks/webhook-pages";

export const dynamic = "force-dynamic";

export default async function ModelWebhooks({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  return <WebhooksListPage scope={{ owner, project }} />;
}
