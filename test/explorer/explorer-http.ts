/** A tiny HTTP client for the explorer tests: status, headers and the parsed JSON body. */
export interface HttpResult<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function httpGet<T = Record<string, any>>(port: number, path: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown = undefined;
  if ((response.headers.get("content-type") ?? "").includes("json")) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}
