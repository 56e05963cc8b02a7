import { hiddenFields, form } from './oauth';
import { TestApp } from './app';

/** The Set-Cookie pairs of a response, as one Cookie header value. */
export function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

/** POST a settings form (urlencoded) with the given cookie. */
export function postForm(t: TestApp, path: string, cookie: string, body: Record<string, string | readonly string[] | undefined>, headers: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) for (const one of v === undefined ? [] : typeof v === 'string' ? [v] : v) params.append(k, one);
  return fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
    body: params.toString(),
  });
}

export const getPage = (t: TestApp, path: string, cookie = '') => fetch(`${t.baseUrl}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

/** Signs in on /settings/api as the HTTP client a browser would be; returns the sign-in answer and the session cookie. */
export async function settingsSignIn(t: TestApp, user: { email: string; password: string }) {
  const page = await getPage(t, '/settings/api');
  const preCookie = cookiesOf(page);
  const { csrf_token } = hiddenFields(await page.text());
  const res = await postForm(t, '/settings/api/sign-in', preCookie, { csrf_token, email: user.email, password: user.password });
  return { res, cookie: cookiesOf(res) };
}

/** The CSRF token of the signed-in page's forms. */
export async function csrfOf(t: TestApp, cookie: string): Promise<string> {
  const html = await (await getPage(t, '/settings/api', cookie)).text();
  return hiddenFields(html).csrf_token;
}

export { form };
