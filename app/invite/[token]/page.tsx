import { currentUser } from "@/server/auth/server-session";
import { InviteForm } from "./invite-form";

// Whether the visitor is signed in (an existing account accepts with one click) is read here on the
// server, so the page needs no session client in the browser.
export default async function InvitePage() {
  const user = await currentUser();
  return <InviteForm signedIn={user ? { email: user.email, name: user.name } : null} />;
}
