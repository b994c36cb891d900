// The product's top bar: logo, the organization switcher and the user menu (or sign-in links).
import Link from "next/link";
import { registryDb } from "@/lib/registry/request";
import { currentActor, currentUser } from "@/lib/auth/session";
import { countDecidable } from "@/lib/registry/inbox";
import { listMyOrganizations } from "@/lib/registry/orgs";
import { buttonClass } from "@/components/ui/button";
import { Logo } from "./logo";
import { OrgSwitcher } from "./org-switcher";
import { SearchBox } from "./search-box";
import { UserMenu } from "./user-menu";

export async function Header() {
  const actor = await currentActor();
  const user = await currentUser();
  const db = await registryDb();
  const [orgs, toDecide] = actor.kind === "user" ? await Promise.all([listMyOrganizations(db, actor), countDecidable(db, actor)]) : [[], 0];
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:px-6">
        <Link href="/" className="rounded no-underline" aria-label="Modelreg home">
          <Logo />
        </Link>
        {user ? <OrgSwitcher orgs={orgs.map((o) => ({ name: o.name, displayName: o.displayName, personal: o.personal }))} /> : null}
        <SearchBox />
        <div className="ml-auto flex items-center gap-2">
          <Link href="/explore" className={buttonClass("ghost", "sm")}>
            Explore
          </Link>
          {user ? (
            <Link href="/inbox" className={buttonClass("ghost", "sm")} aria-label={toDecide ? `Inbox, ${toDecide} to decide` : "Inbox"}>
              Inbox
              {toDecide ? (
                <span data-testid="inbox-count" className="ml-1 rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-white tabular-nums">
                  {toDecide}
                </span>
              ) : null}
            </Link>
          ) : null}
          {user ? (
            <UserMenu username={user.username} name={user.name} email={user.email} />
          ) : (
            <>
              <Link href="/login" className={buttonClass("ghost", "sm")}>
                Sign in
              </Link>
              <Link href="/signup" className={buttonClass("primary", "sm")}>
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
