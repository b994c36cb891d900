// While a model's page loads, under its header and tabs (the layout): the model card and the sidebar.
import { CardSkeleton, LoadingRegion, Skeleton } from "@/components/ui/skeleton";

export default function ModelLoading() {
  return (
    <LoadingRegion className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_19rem]">
      <CardSkeleton lines={8} className="min-w-0" />
      <div aria-hidden className="space-y-5">
        {[4, 4, 3].map((lines, i) => (
          <div key={i} className="space-y-2.5 border-t border-zinc-200 pt-5 first:border-t-0 first:pt-0 dark:border-zinc-800">
            <Skeleton className="h-4 w-24" />
            {Array.from({ length: lines }, (_, j) => (
              <Skeleton key={j} className={j === lines - 1 ? "h-3.5 w-2/3" : "h-3.5 w-full"} />
            ))}
          </div>
        ))}
      </div>
    </LoadingRegion>
  );
}
