// Colours outside CSS (the web app manifest, the browser's theme colour), from the Tailwind theme in
// app/globals.css: the sun's amber-700 (--color-sun) and the page's slate-50.
export const THEME_COLOR = "#b45309";
export const BACKGROUND_COLOR = "#f8fafc";
