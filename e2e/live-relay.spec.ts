/**
 * The app watching a real `ixnscope relay` process (no mock): records published while the
 * viewer's connection is down arrive after it resumes, exactly once; a relay restart shows as
 * a visible reconnect; a bad record is answered with its reason and never reaches the viewer.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './live-helpers';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE_TEXT = readFileSync(new URL('../public/samples/consult-transfer.ndjson', import.meta.url), 'utf8');
/** The sample's records, in order (comment lines are not records). */
const SAMPLE = SAMPLE_TEXT.split('\n').filter((l) => l.startsWith('{'));

const children: ChildProcess[] = [];
test.afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

async function startRelay(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/ixnscope', 'relay', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${err}`)), 20_000);
    child.stderr!.on('data', (d) => {
      err += d.toString();
      if (err.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`relay exited ${code}: ${err}`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill();
  await exited;
}

async function publish(port: number, lines: string[]): Promise<{ accepted: number }> {
  const res = await fetch(`http://127.0.0.1:${port}/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: lines.join('\n') + '\n',
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { accepted: number };
}

async function dropViewers(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/admin/drop-viewers`, { method: 'POST', headers: { 'x-ixnscope-admin': '1' } });
  return ((await res.json()) as { dropped: number }).dropped;
}

async function openLive(page: Page, port: number): Promise<void> {
  await page.goto(`/?ws=ws://127.0.0.1:${port}`);
  await expect(page.getByTestId('live-status')).toContainText('Live');
}

/** The records the app saved, without the relay's seq: what the producer published. */
async function savedSession(page: Page): Promise<{ seqs: number[]; records: string[] }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save' }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    seqs: parsed.map((r) => r.seq as number),
    records: parsed.map(({ seq: _seq, ...rest }) => JSON.stringify(rest)),
  };
}

test('a viewer whose connection drops mid-stream resumes by seq: nothing lost, nothing twice', async ({ page }) => {
  const port = await freePort();
  await startRelay(port);
  await openLive(page, port);
  const count = page.getByTestId('live-count');
  await publish(port, SAMPLE.slice(0, 10));
  await expect(count).toHaveText('10');
  expect(await dropViewers(port)).toBe(1);
  // Published while the viewer is away (its first retry waits at least 250 ms).
  await publish(port, SAMPLE.slice(10, 20));
  await expect(page.getByTestId('live-status')).toContainText(/Reconnecting|Live/);
  await expect(count).toHaveText('20');
  await expect(page.getByTestId('live-status')).toContainText('Live');
  expect(await dropViewers(port)).toBe(1);
  await publish(port, SAMPLE.slice(20));
  await expect(count).toHaveText(String(SAMPLE.length));
  await expect(page.getByTestId('event-count')).toHaveText(`${SAMPLE.length} of ${SAMPLE.length} shown`);
  await expect(page.getByTestId('trace-info')).toContainText('2 interactions');
  await expect(page.getByText('I-1001', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('I-consult', { exact: true }).first()).toBeVisible();
  const saved = await savedSession(page);
  expect(saved.seqs).toEqual(SAMPLE.map((_, i) => i + 1));
  expect(saved.records).toEqual(SAMPLE.map((l) => JSON.stringify(JSON.parse(l))));
  await page.getByTestId('live-status').click();
  await expect(page.getByRole('dialog', { name: 'Live stream' })).toContainText('2 reconnects');
  await page.screenshot({ path: '/tmp/live-relay-dialog.png' });
});

test('a relay restart shows as a visible reconnect, and the new stream is followed', async ({ page }) => {
  const port = await freePort();
  const first = await startRelay(port);
  await openLive(page, port);
  await publish(port, SAMPLE.slice(0, 5));
  await expect(page.getByTestId('live-count')).toHaveText('5');
  await stop(first);
  const status = page.getByTestId('live-status');
  await expect(status).toContainText(/Reconnecting/);
  await page.screenshot({ path: '/tmp/live-relay-reconnecting.png' });
  await startRelay(port);
  await expect(status).toContainText('Live', { timeout: 20_000 });
  await expect(page.getByTestId('live-trouble')).toHaveText('restarted');
  await publish(port, SAMPLE.slice(5, 8));
  await expect(page.getByTestId('live-count')).toHaveText('8');
  await expect(page.getByTestId('event-count')).toHaveText('8 of 8 shown');
});

test('a bad record gets an error reply with its reason and never reaches the viewer', async ({ page }) => {
  const port = await freePort();
  await startRelay(port);
  await openLive(page, port);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/publish`);
  await new Promise((r) => ws.once('open', r));
  const reply = (text: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      ws.once('message', (d) => resolve(JSON.parse(d.toString())));
      ws.send(text);
    });
  expect(await reply(SAMPLE[0])).toMatchObject({ type: 'ack', accepted: 1 });
  const bad = await reply('{"ts":"2026-11-24T10:00:01Z","data":{"interactionid":"I-BAD"}}');
  expect(bad).toMatchObject({ type: 'error', accepted: 0, line: 1, reason: expect.stringMatching(/^missing-name/) });
  expect(await reply('{not json')).toMatchObject({ type: 'error', line: 1, reason: expect.stringMatching(/^parse-error/) });
  expect(await reply(SAMPLE[1])).toMatchObject({ type: 'ack', accepted: 1, lastSeq: 2 });
  ws.close();
  await expect(page.getByTestId('live-count')).toHaveText('2');
  await expect(page.getByTestId('event-count')).toHaveText('2 of 2 shown');
  await expect(page.getByText('I-BAD')).toHaveCount(0);
  await expect(page.getByTestId('count-error')).toHaveText('0');
});
