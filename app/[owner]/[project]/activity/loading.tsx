// While a model's activity loads: the feed's bordered list of rows.
import { ListSkeleton, LoadingRegion } from "@/components/ui/skeleton";

export default function ActivityLoading() {
  return (
    <LoadingRegion>
      <ListSkeleton rows={10} />
    </LoadingRegion>
  );
}
