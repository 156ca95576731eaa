// Markdown of the OpenAPI document's descriptions, rendered on the server with marked (no client code).
// The descriptions are ours, but raw HTML in them is shown as text all the same: the page stays free of
// markup nobody reviewed, and the nonce CSP never meets an inline script.
import { Marked } from "marked";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const marked = new Marked({ async: false, gfm: true, renderer: { html: ({ text }) => escapeHtml(text) } });

/** A block of markdown (paragraphs, lists) as HTML. */
export const markdownBlock = (text: string): string => marked.parse(text, { async: false });

/** One line of markdown (code spans, emphasis, links) as HTML, without a wrapping paragraph. */
export const markdownInline = (text: string): string => marked.parseInline(text, { async: false });
