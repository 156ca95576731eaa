import type { MetadataRoute } from "next";
import { BACKGROUND_COLOR, THEME_COLOR } from "@/app/_lib/theme-colors";

// The web app manifest, served at /manifest.webmanifest and linked from every page by Next.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Dajie",
    short_name: "Dajie",
    description: "Renewable energy communities: members, meter data, settlement and a tamper-evident ledger.",
    start_url: "/",
    display: "standalone",
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: [{ src: "/favicon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
  };
}
