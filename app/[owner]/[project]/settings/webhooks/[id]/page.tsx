import { WebhookDetailPage } from "@/components/webhooks/webhook-pages";

export const dynamic = "force-dynamic";

export default async function ModelWebhook({ params }: { params: Promise<{ owner: string; project: string; id: string }> }) {
  const { owner, project, id } = await params;
  return <WebhookDetailPage scope={{ owner, project }} id={id} />;
}
