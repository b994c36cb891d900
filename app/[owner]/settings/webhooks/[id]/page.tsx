import { WebhookDetailPage } from "@/components/webhooks/webhook-pages";

export const dynamic = "force-dynamic";

export default async function OrgWebhook({ params }: { params: Promise<{ owner: string; id: string }> }) {
  const { owner, id } = await params;
  return <WebhookDetailPage scope={{ org: owner }} id={id} />;
}
