// While a model's runs load: the status chips, the query box and the table.
import { LoadingRegion, QueryBarSkeleton, TableSkeleton } from "@/components/ui/skeleton";

export default function RunsLoading() {
  return (
    <LoadingRegion>
      <QueryBarSkeleton chips={6} />
      <TableSkeleton rows={8} columns={6} />
    </LoadingRegion>
  );
}
