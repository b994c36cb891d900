// While the organization's activity loads, beside the settings nav: the section heading and the feed.
import { ListSkeleton, LoadingRegion, Skeleton } from "@/components/ui/skeleton";

export default function OrgActivityLoading() {
  return (
    <LoadingRegion>
      <div aria-hidden className="mb-4 space-y-2 border-b border-zinc-200 pb-3 dark:border-zinc-800">
        <Skeleton className="h-6 w-24" />
        <Skeleton className="h-3.5 w-80 max-w-full" />
      </div>
      <ListSkeleton rows={10} />
    </LoadingRegion>
  );
}
