// Who is calling: a signed-in user (session or token) or nobody.
export type UserActor = { kind: "user"; userId: number; username: string };
export type AnonymousActor = { kind: "anonymous" };
export type Actor = UserActor | AnonymousActor;

export const anonymous: AnonymousActor = { kind: "anonymous" };

export function userActor(userId: number, username: string): UserActor {
  return { kind: "user", userId, username };
}
