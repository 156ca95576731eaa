"use client";
// One confirmation for every action that cannot be undone: a native modal <dialog> (the browser traps
// focus, Escape cancels, the page behind is inert) that names the consequence with real figures.
// Focus starts on Cancel, so a stray Enter never confirms, and returns to the opener on close.
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "./ui";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, with the figures: shown above the buttons. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** "danger" for deleting or stopping something; "primary" otherwise. */
  variant?: "primary" | "danger";
  /** Disables Confirm, e.g. until a required choice in the dialog is made. */
  confirmDisabled?: boolean;
}

export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel, variant = "danger", confirmDisabled }: ConfirmDialogProps) {
  const t = useTranslations("console.common");
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
      d.querySelector<HTMLButtonElement>("[data-cancel]")?.focus();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="confirm-dialog"
      className="m-auto w-full max-w-lg rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      onCancel={(e) => {
        e.preventDefault(); // Escape: close through the parent's state
        onCancel();
      }}
      onClose={() => {
        if (opener.current instanceof HTMLElement) opener.current.focus();
      }}
    >
      {open ? (
        <div className="space-y-4 p-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <div id={`${id}-body`} className="space-y-2 text-sm text-slate-800">
            {children}
          </div>
          <div className="flex flex-wrap justify-end gap-2">
            <Button data-cancel="" type="button" variant="secondary" onClick={onCancel}>
              {t("cancel")}
            </Button>
            <Button type="button" variant={variant} disabled={confirmDisabled} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
