/**
 * UI entry points for opening traces: the one file input (shared by "Open files…" and "Add
 * files…"), URLs resolved against the page, and the samples.
 */
import { openFiles, openUrl, useStore, type LoadOptions } from '../../store/store';
import { sampleUrl, type Sample } from './samples';

let input: HTMLInputElement | null = null;
let addNext = false;

/** Registered by `FilePicker`, the single `input[type=file]` of the page. */
export function registerFileInput(element: HTMLInputElement | null): void {
  input = element;
}

/** Opens the system file dialog; the files picked replace the trace, or are added to it. */
export function pickFiles(add = false): void {
  if (!input) return;
  addNext = add && useStore.getState().source !== null;
  input.value = '';
  input.click();
}

/** Called by the input's change event. */
export function filesPicked(files: FileList | null): void {
  const add = addNext;
  addNext = false;
  if (!files || files.length === 0) return;
  void openFiles(Array.from(files), { add });
}

/** Opens a trace URL; relative URLs are resolved against the page (the worker has its own base). */
export function openLink(url: string, options: LoadOptions = {}): void {
  const absolute = new URL(url, window.location.href).href;
  void openUrl(absolute, { ...options, linkUrl: url });
}

export function openSample(sample: Sample): void {
  openLink(sampleUrl(sample));
}
