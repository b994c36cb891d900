// While the account page loads: the title and the profile and password cards.
import { CardSkeleton, HeadingSkeleton, LoadingRegion } from "@/components/ui/skeleton";

export default function AccountLoading() {
  return (
    <LoadingRegion className="mx-auto max-w-3xl">
      <HeadingSkeleton description className="mb-6" />
      <div className="space-y-8">
        <CardSkeleton lines={4} />
        <CardSkeleton lines={4} />
      </div>
    </LoadingRegion>
  );
}
