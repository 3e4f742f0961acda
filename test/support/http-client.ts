import { contractFor, type OpenApiContract } from './openapi-contract';

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** A raw body sent as is (for malformed JSON, size and encoding tests). */
  raw?: string | Uint8Array;
  /**
   * Skip the OpenAPI contract check for this one answer, saying why. Only for a test that breaks the contract
   * on purpose; everything else is checked against /docs-json (test/support/openapi-contract.ts).
   */
  uncheckedContract?: string;
}

/**
 * A small real-HTTP client for tests: paths are relative to /api/v1 unless they start with /health or /docs.
 * Every answer is checked against the app's own OpenAPI document (fetched once per client): a status, content
 * type or body that the document does not describe throws a ContractViolation.
 */
export class HttpClient {
  private contract?: Promise<OpenApiContract>;

  constructor(readonly baseUrl: string) {}

  private openApi(): Promise<OpenApiContract> {
    this.contract ??= fetch(`${this.baseUrl}/docs-json`).then(async (res) => {
      if (res.status !== 200) throw new Error(`GET /docs-json answered ${res.status}: no contract to check against`);
      return contractFor(await res.text());
    });
    return this.contract;
  }

  url(path: string): string {
    return /^\/(health|docs)/.test(path) ? `${this.baseUrl}${path}` : `${this.baseUrl}/api/v1${path}`;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | Uint8Array | undefined = opts.raw;
    if (body !== undefined && payload === undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(this.url(path), { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '') && text !== '') parsed = JSON.parse(text);
    if (opts.uncheckedContract === undefined) {
      const contract = await this.openApi();
      contract.check(
        { method, path: new URL(this.url(path)).pathname },
        { status: res.status, contentType: res.headers.get('content-type'), body: parsed },
      );
    } else if (opts.uncheckedContract.trim() === '') {
      throw new Error('uncheckedContract needs the reason why this answer is not checked');
    }
    return { status: res.status, headers: res.headers, body: parsed, text } as HttpResponse<T>;
  }

  get<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, undefined, opts);
  }
  post<T = any>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('POST', path, body, opts);
  }
  put<T = any>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('PUT', path, body, opts);
  }
  patch<T = any>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('PATCH', path, body, opts);
  }
  delete<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, opts);
  }
}
