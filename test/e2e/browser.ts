import { type Browser, chromium, type Page } from 'playwright-core';

/** Launches Debian's Chromium headless with the flags CI needs (no sandbox, no network chatter). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in through the form using the keyboard only. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Signs out with the header's button. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/sign-in'));
}

/** Form controls on the page that have no accessible label (should be none). */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.$$eval('input:not([type=hidden]), select, textarea', (elements) =>
    elements
      .filter((element) => {
        // The DOM lib is not in tsconfig (this is Node code); every labelable element has `labels`.
        const control = element as unknown as {
          labels: { length: number } | null;
          getAttribute(name: string): string | null;
        };
        return (
          (control.labels?.length ?? 0) === 0 &&
          !control.getAttribute('aria-label') &&
          !control.getAttribute('aria-labelledby')
        );
      })
      .map((element) => element.outerHTML.slice(0, 120)),
  );
}
