import { WebhooksListPage } from "@/components/webhooks/webhook-pages";

export const dynamic = "force-dynamic";

export default async function OrgWebhooks({ params }: { params: Promise<{ owner: string }> }) {
  const { owner } = await params;
  return <WebhooksListPage scope={{ org: owner }} />;
}
