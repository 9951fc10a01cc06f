import { expect, test } from '@playwright/test';
import { watchPage } from './app-helpers';

test('a big load can be cancelled: what was read is kept and labelled partial, and the page stays responsive', async ({ page }) => {
  test.setTimeout(150_000);
  const { errors } = watchPage(page);
  await page.goto('/');
  // 300,000 records built in the page, dropped as one file. The person changes their mind as
  // soon as the first records show: the load of 300,000 records takes about a second now, less
  // than Playwright's polling, so a watcher in the page presses Cancel when the trace info
  // appears (as a quick hand would).
  await page.evaluate(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="trace-info"]')) return;
      const cancel = document.querySelector<HTMLButtonElement>('[data-testid="load-progress"] button.load-cancel');
      if (cancel) {
        observer.disconnect();
        (window as unknown as { progressSeen: string }).progressSeen = document.querySelector('[data-testid="load-progress"]')?.textContent ?? '';
        cancel.click();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.evaluate(() => {
    const lines: string[] = [];
    const start = Date.UTC(2026, 0, 1);
    // About twenty records per interaction, as real calls have.
    for (let i = 0; i < 300_000; i++) {
      const id = `I${Math.floor(i / 20)}`;
      const step = i % 20;
      const name = step === 0 ? 'interaction.added' : step === 1 ? 'interaction.present' : step === 18 ? 'interaction.notcontrolled' : step === 19 ? 'interaction.deleted' : 'interaction.partystatechanged';
      lines.push(JSON.stringify({ ts: start + i * 10, session: 'S1', name, data: { interactionid: id, partyid: 'P1', focusresource: '7001', partystate: step % 2 ? 'established' : 'hold' } }));
    }
    const dt = new DataTransfer();
    dt.items.add(new File([lines.join('\n')], 'big.ndjson'));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  const progress = page.getByTestId('load-progress');
  const banner = page.getByTestId('load-cancelled');
  await expect(banner).toContainText('Loading cancelled', { timeout: 30_000 });
  // The progress was on screen, with what was read so far, when Cancel was pressed.
  const seen = await page.evaluate(() => (window as unknown as { progressSeen?: string }).progressSeen ?? '');
  expect(seen).toContain('Loading big.ndjson');
  expect(seen).toContain('records read');
  await expect(progress).toHaveCount(0);
  const kept = Number((await banner.textContent())!.match(/Kept the first ([\d,]+) records?/)![1].replace(/,/g, ''));
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(300_000);
  const info = page.getByTestId('trace-info');
  await expect(info).toContainText('partial');
  await expect(info).toContainText(`${kept.toLocaleString('en-US')} records`);

  // Still responsive: the menu opens, the interaction filter answers.
  await page.getByRole('button', { name: /^Open/ }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Filter interactions' }).fill('I1');
  await expect(page.getByTestId('interaction-count')).toContainText(' of ');
  expect(errors).toEqual([]);
});
