/**
 * The app watching a real `ixnscope serve` process (no mock): opened with ?ws=, it shows the
 * replayed trace's interactions and parties, exactly the records of the file.
 */
import { expect, test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './live-helpers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = 'public/samples/consult-transfer.ndjson';

/** Starts `./bin/ixnscope <args>` and resolves once it prints `listening on`. */
async function startCli(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/ixnscope', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ixnscope ${args[0]} did not start: ${err}`)), 20_000);
    child.stderr!.on('data', (d) => {
      err += d.toString();
      if (err.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`ixnscope ${args[0]} exited ${code}: ${err}`)));
  });
  return child;
}

interface Summary {
  records: number;
  interactions: { id: string; parties: { partyid: string; focusresource: string }[] }[];
}

const summary = (file: string): Summary => JSON.parse(execFileSync(process.execPath, ['bin/ixnscope', 'summarize', '--json', file], { cwd: ROOT }).toString());

let serve: ChildProcess | null = null;
test.afterEach(() => {
  serve?.kill();
  serve = null;
});

test('?ws= to ixnscope serve --instant shows the replayed interactions and parties, every record once', async ({ page }) => {
  const port = await freePort();
  serve = await startCli(['serve', SAMPLE, '--port', String(port), '--instant']);
  const expected = summary(SAMPLE);
  await page.goto(`/?ws=ws://127.0.0.1:${port}`);
  const status = page.getByTestId('live-status');
  await expect(status).toContainText('Ended');
  await expect(status).toContainText('replay finished');
  await expect(page.getByTestId('live-count')).toHaveText(String(expected.records));
  await expect(page.getByTestId('event-count')).toHaveText(`${expected.records} of ${expected.records} shown`);
  await expect(page.getByTestId('trace-info')).toContainText(`${expected.interactions.length} interactions`);
  for (const ixn of expected.interactions) {
    await expect(page.getByText(ixn.id, { exact: true }).first()).toBeVisible();
    // Each interaction's parties (by focus resource) appear once it is selected.
    await page.getByText(ixn.id, { exact: true }).first().click();
    for (const party of ixn.parties) await expect(page.getByText(party.focusresource, { exact: true }).first()).toBeAttached();
  }
  await page.screenshot({ path: '/tmp/live-serve.png' });
});

test('the Connect dialog connects to a URL typed by the user, and a refused token is shown as the reason', async ({ page }) => {
  const port = await freePort();
  serve = await startCli(['serve', SAMPLE, '--port', String(port), '--instant', '--token', 'letmein']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect live…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Live stream' });
  await dialog.getByLabel('WebSocket URL').fill(`ws://127.0.0.1:${port}`);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  const status = page.getByTestId('live-status');
  await expect(status).toContainText('Closed');
  await expect(status).toContainText('unauthorized');
  await status.click();
  await dialog.getByLabel('Token').fill('letmein');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(status).toContainText('Ended');
  await expect(page.getByTestId('live-count')).toHaveText('27');
});

test('follow keeps the cursor on the newest record; a click on a record pauses it, the button resumes it', async ({ page }) => {
  const port = await freePort();
  serve = await startCli(['serve', SAMPLE, '--port', String(port), '--speed', '10']);
  await page.goto(`/?ws=ws://127.0.0.1:${port}`);
  const count = page.getByTestId('live-count');
  const position = page.getByTestId('cursor-position');
  const follow = page.getByRole('button', { name: /^Follow/ });
  const received = async () => Number(await count.textContent());
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(received).toBeGreaterThanOrEqual(3);
  await expect(position).toHaveText(/^(\d+) \/ \1$/);
  await page.getByRole('grid', { name: 'Records' }).locator('[data-row="1"]').click();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  await expect(position).toHaveText(/^2 \/ \d+$/);
  const paused = await received();
  // The replay goes on (the next records are 31 s into the trace: 3 s at speed 10); the cursor stays.
  await expect.poll(received, { timeout: 15_000 }).toBeGreaterThan(paused);
  await expect(position).toHaveText(new RegExp(`^2 / (?!${paused}$)\\d+$`));
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expect(position).toHaveText(/^(\d+) \/ \1$/);
  await expect(position).not.toHaveText(/^2 \//);
});
