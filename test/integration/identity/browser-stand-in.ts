/**
 * A browser for the sign-in tests: follows redirects with cookies, keeps every address it passed through and the
 * last page's text, and can press the sandbox sign-in page's buttons. The app's own headless driver
 * (main/identity/sandbox-sign-in.ts) only ever chooses a person; the tests also cancel and inspect pages.
 */
export interface VisitedPage {
  readonly url: URL;
  readonly status: number;
  readonly text: string;
}

export class BrowserStandIn {
  readonly visited: URL[] = [];
  private readonly cookies = new Map<string, string>();

  /** Goes to `url` and follows redirects to the page they end on. */
  async open(url: string | URL, init: RequestInit = { method: 'GET' }): Promise<VisitedPage> {
    let current = new URL(url);
    let request = init;
    for (let step = 0; step < 12; step += 1) {
      this.visited.push(current);
      const headers = new Headers(request.headers);
      if (this.cookies.size > 0) {
        headers.set('Cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
      }
      const response = await fetch(current, { ...request, headers, redirect: 'manual' });
      for (const setCookie of response.headers.getSetCookie()) {
        const [pair = ''] = setCookie.split(';');
        const [name = '', value = ''] = pair.split('=');
        this.cookies.set(name.trim(), value.trim());
      }
      const location = response.headers.get('Location');
      if (location === null) {
        return { url: current, status: response.status, text: await response.text() };
      }
      await response.body?.cancel();
      current = new URL(location, current);
      request = { method: 'GET' };
    }
    throw new Error('too many redirects');
  }

  /** Posts the sandbox sign-in page's form whose action ends with `/login` or `/cancel`. */
  async press(page: VisitedPage, button: 'login' | 'cancel', fields: Record<string, string> = {}): Promise<VisitedPage> {
    const action = new RegExp(`action="([^"]*/${button})"`).exec(page.text)?.[1];
    if (action === undefined) {
      throw new Error(`no ${button} form on ${page.url.href}`);
    }
    return this.open(new URL(action, page.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}
