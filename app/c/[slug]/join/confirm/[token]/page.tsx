// The e-mail confirmation link of a join request. Opening it changes nothing (mail scanners open
// links too): the applicant presses the button, which posts the token to /api/join/confirm.
import type { Metadata } from "next";
import { loadJoinPage } from "@/app/c/[slug]/load";
import { getTranslations } from "next-intl/server";
import { ConfirmButton } from "./confirm-button";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string; token: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { community } = await loadJoinPage((await params).slug);
  const t = await getTranslations("join");
  return { title: t("confirmTitle", { community: community.name }), referrer: "no-referrer", robots: { index: false } };
}

export default async function ConfirmJoinPage({ params }: Params) {
  const { slug, token } = await params;
  const { community } = await loadJoinPage(slug);
  const t = await getTranslations("join");
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">{t("confirmTitle", { community: community.name })}</h1>
      <ConfirmButton token={token} community={community.name} />
    </div>
  );
}
