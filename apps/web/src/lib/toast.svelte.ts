export interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error' | 'info';
}

export const toasts = $state<{ list: Toast[] }>({ list: [] });
let next = 1;

/** A short message announced to screen readers (the list is an aria-live region). */
export function toast(text: string, kind: Toast['kind'] = 'ok', ms = 5000): void {
  const id = next++;
  toasts.list.push({ id, text, kind });
  setTimeout(() => dismiss(id), ms);
}

export function dismiss(id: number): void {
  toasts.list = toasts.list.filter((t) => t.id !== id);
}
