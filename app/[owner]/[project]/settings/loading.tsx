// While a model settings page loads, beside the settings nav (the layout): a section's form.
import { LoadingRegion, SettingsSectionSkeleton } from "@/components/ui/skeleton";

export default function ModelSettingsLoading() {
  return (
    <LoadingRegion>
      <SettingsSectionSkeleton fields={3} boxed />
    </LoadingRegion>
  );
}
