import { ApiError } from './api';

/**
 * The state of a form that calls the API: busy while it runs, the error it got (field errors
 * go next to their fields, the rest above the button). One of these per form.
 */
export class FormAction<T = unknown> {
  busy = $state(false);
  error: unknown = $state(null);

  constructor(
    private readonly action: () => Promise<T>,
    private readonly onDone?: (result: T) => void,
  ) {}

  submit = async (e?: Event): Promise<void> => {
    e?.preventDefault();
    this.busy = true;
    this.error = null;
    try {
      this.onDone?.(await this.action());
    } catch (err) {
      this.error = err;
    } finally {
      this.busy = false;
    }
  };

  /** the message for one field, in the member's language */
  field = (name: string): string | undefined => (this.error instanceof ApiError ? this.error.field(name) : undefined);

  /** the error to show above the button: anything but field errors */
  get general(): unknown {
    return this.error instanceof ApiError && this.error.problem.errors ? null : this.error;
  }
}

/** An optional number field as the API takes it: absent when left empty. */
export const optNumber = (v: unknown): number | undefined => (v === '' || v === null || v === undefined ? undefined : Number(v));

/** An optional `datetime-local` value as an ISO instant: absent when left empty. */
export const optInstant = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

/** An instant as a `datetime-local` value in the browser's time zone ('' for none): the inverse of optInstant. */
export const localInput = (at: string | Date | null): string => {
  if (!at) return '';
  const d = new Date(at);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
