import { expect, test } from '@playwright/test';
import { expectLoaded, expected, watchPage } from './app-helpers';

const row = (id: string) => `[data-testid="interaction-row"][data-interaction="${id}"]`;

test('a copied link reopens the same record, selection and filter', async ({ page, context }) => {
  const { errors } = watchPage(page);
  const want = expected('faults-demo.ndjson');
  await page.goto('/?trace=/samples/faults-demo.ndjson');
  await expectLoaded(page, 'faults-demo.ndjson', want.recordCount);

  // Go to a problem: the cursor moves to its record and its interaction is selected.
  const d = want.diagnostics.find((x) => x.rule === 'after-deleted')!;
  await page.getByRole('searchbox', { name: 'Filter problems' }).fill(`faults-demo.ndjson:${d.line} after-deleted`);
  await page.getByTestId('problem-row').first().click();
  await expect(page.getByTestId('cursor-position')).toHaveText(`${d.recordIndex + 1} / ${want.recordCount}`);
  await expect(page.locator(row(d.interactionid!))).toHaveAttribute('aria-selected', 'true');
  // Narrow the event table to that interaction.
  await page.locator(row(d.interactionid!)).hover();
  await page.locator(row(d.interactionid!)).getByRole('button', { name: /Filter the table/ }).click();
  const shown = await page.getByTestId('event-count').textContent();
  expect(shown).toMatch(/ of /);

  await expect.poll(() => new URL(page.url()).hash).toContain(`at=${d.recordIndex}`);
  await expect.poll(() => new URL(page.url()).hash).toContain(`fixn=${d.interactionid}`);
  const link = page.url();

  const other = await context.newPage();
  const watched = watchPage(other);
  await other.goto(link);
  await expectLoaded(other, 'faults-demo.ndjson', want.recordCount);
  await expect(other.getByTestId('cursor-position')).toHaveText(`${d.recordIndex + 1} / ${want.recordCount}`);
  await expect(other.locator(row(d.interactionid!))).toHaveAttribute('aria-selected', 'true');
  await expect(other.getByTestId('event-count')).toHaveText(shown!);
  await other.getByRole('searchbox', { name: 'Filter problems' }).fill(`faults-demo.ndjson:${d.line} after-deleted`);
  await expect(other.getByTestId('problem-row').first()).toHaveAttribute('aria-current', 'true');
  expect(errors).toEqual([]);
  expect(watched.errors).toEqual([]);
});

test('a hand-written link lands on its record with the interaction as it was then', async ({ page }) => {
  await page.goto('/#trace=/samples/consult-transfer.ndjson&at=5&ixn=I-consult');
  await expectLoaded(page, 'consult-transfer.ndjson', expected('consult-transfer.ndjson').recordCount);
  await expect(page.getByTestId('cursor-position')).toHaveText(/^6 \/ /);
  const consult = page.locator(row('I-consult'));
  await expect(consult).toHaveAttribute('aria-selected', 'true');
  await expect(consult).toContainText('not yet'); // added at record 11
  await expect(page.locator(row('I-1001'))).toContainText('present');
});
