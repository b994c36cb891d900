// While the access tokens page loads: the title, the new-token card and the tokens table.
import { CardSkeleton, HeadingSkeleton, LoadingRegion, Skeleton, TableSkeleton } from "@/components/ui/skeleton";

export default function TokensLoading() {
  return (
    <LoadingRegion className="mx-auto max-w-4xl">
      <HeadingSkeleton description className="mb-6" />
      <CardSkeleton lines={3} className="mb-8" />
      <Skeleton className="mb-3 h-6 w-32" />
      <TableSkeleton rows={3} columns={6} />
    </LoadingRegion>
  );
}
