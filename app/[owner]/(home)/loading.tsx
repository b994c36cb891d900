// While an organization page loads: its header and tabs, the models heading, the query box and the list.
import { ListSkeleton, LoadingRegion, QueryBarSkeleton, Skeleton } from "@/components/ui/skeleton";

export default function OrganizationLoading() {
  return (
    <LoadingRegion>
      <div aria-hidden className="mb-8">
        <div className="flex items-center gap-3 pb-4">
          <Skeleton className="h-10 w-10 rounded-lg" />
          <div className="space-y-1.5">
            <Skeleton className="h-6 w-40" />
            <Skeleton className="h-4 w-24" />
          </div>
        </div>
        <div className="flex gap-4 border-b border-zinc-200 px-3 py-3 dark:border-zinc-800">
          <Skeleton className="h-4 w-14" />
          <Skeleton className="h-4 w-16" />
          <Skeleton className="h-4 w-14" />
        </div>
      </div>
      <div aria-hidden className="mb-3 flex items-center justify-between">
        <Skeleton className="h-6 w-24" />
        <Skeleton className="h-9 w-28" />
      </div>
      <QueryBarSkeleton hints />
      <ListSkeleton rows={5} />
    </LoadingRegion>
  );
}
