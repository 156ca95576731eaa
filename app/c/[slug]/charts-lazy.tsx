"use client";
// The public page's charts, loaded after the page (next/dynamic): the chart library is the largest
// script of the site and the tables beside the charts carry the same numbers, so the page is whole
// and readable before it arrives (npm run bench:js shows the page's initial scripts without it).
import dynamic from "next/dynamic";

const placeholder = (height: string) =>
  function ChartPlaceholder() {
    return <div className={`${height} w-full animate-pulse rounded-md bg-slate-100`} aria-hidden />;
  };

export const EnergyChart = dynamic(() => import("./charts").then((m) => m.EnergyChart), { ssr: false, loading: placeholder("h-72") });
export const CreditsChart = dynamic(() => import("./charts").then((m) => m.CreditsChart), { ssr: false, loading: placeholder("h-64") });
