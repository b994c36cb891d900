// While the members load, beside the settings nav: the add-member form and the members table.
import { LoadingRegion, SettingsSectionSkeleton, TableSkeleton } from "@/components/ui/skeleton";

export default function MembersLoading() {
  return (
    <LoadingRegion>
      <SettingsSectionSkeleton fields={2} boxed />
      <div className="mt-10">
        <TableSkeleton rows={5} columns={4} />
      </div>
    </LoadingRegion>
  );
}
