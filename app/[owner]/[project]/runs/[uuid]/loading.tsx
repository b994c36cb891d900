// While a run loads: its name and status, metrics and params side by side, artifacts, and the sidebar.
import { CardSkeleton, LoadingRegion, Skeleton, TableSkeleton } from "@/components/ui/skeleton";

export default function RunLoading() {
  return (
    <LoadingRegion className="grid gap-8 lg:grid-cols-[1fr_18rem]">
      <div className="min-w-0 space-y-6">
        <div aria-hidden className="space-y-2">
          <Skeleton className="h-3.5 w-16" />
          <div className="flex items-center gap-3">
            <Skeleton className="h-8 w-56 max-w-full" />
            <Skeleton className="h-5 w-20 rounded-full" />
          </div>
        </div>
        <div className="grid gap-6 md:grid-cols-2">
          <CardSkeleton lines={4} />
          <CardSkeleton lines={4} />
        </div>
        <CardSkeleton lines={2} />
        <TableSkeleton rows={2} columns={5} />
      </div>
      <div aria-hidden className="space-y-4">
        <Skeleton className="h-9 w-full" />
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-3.5 w-full" />
        ))}
      </div>
    </LoadingRegion>
  );
}
