/** Shared steps for the app shell e2e specs: reading samples and what the model says about them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { analyze } from '../src/model/analyze.ts';
import { finish } from '../src/model/reducer.ts';

export function samplePath(file: string): string {
  return fileURLToPath(new URL(`../public/samples/${file}`, import.meta.url));
}

export function sampleText(file: string): string {
  return readFileSync(samplePath(file), 'utf8');
}

/** The finished trace state the app should show for these samples. */
export function expected(...files: string[]) {
  return finish(analyze(files.map((f) => ({ name: f, content: sampleText(f) }))));
}

/** Fails the test on uncaught page errors and on any dialog (alert/confirm) the page opens. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { errors };
}

/** Waits until the header shows the trace and the load has ended. */
export async function expectLoaded(page: Page, name: string, records: number): Promise<void> {
  const info = page.getByTestId('trace-info');
  // Generous: the worker starts cold, and CI machines are shared.
  await expect(info.locator('.trace-name')).toHaveText(name, { timeout: 20_000 });
  await expect(info).toContainText(`${records.toLocaleString('en-US')} records`);
  await expect(page.getByTestId('load-progress')).toHaveCount(0, { timeout: 20_000 });
}

/** Drags files over the page and drops them on a drop target, as a person's drag and drop does. */
export async function dropFiles(page: Page, files: { name: string; text: string }[], zone: 'replace' | 'add' = 'replace'): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'application/x-ndjson' }));
    return dt;
  }, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  const target = `[data-drop="${zone}"]`;
  await page.dispatchEvent(target, 'dragover', { dataTransfer });
  await page.dispatchEvent(target, 'drop', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
}
