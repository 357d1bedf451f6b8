// Talks to the admin API with the session cookie; every change carries the antiforgery token.
let csrfToken = null;

export function setCsrfToken(token) { csrfToken = token; }

export class ApiError extends Error {
  constructor(status, detail, errors) {
    super(detail || `request failed (${status})`);
    this.status = status;
    this.errors = errors || [];
  }
}

export async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-TOKEN'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/login') && !path.startsWith('/api/setup')) {
      window.dispatchEvent(new CustomEvent('homefilter:logged-out'));
    }
    const detail = data && typeof data === 'object' ? (data.detail || data.title) : String(data);
    throw new ApiError(response.status, detail, data && data.errors);
  }
  return data;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const put = (path, body) => api('PUT', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = path => api('DELETE', path);

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach(v => search.append(key, v));
    else if (value !== undefined && value !== null && value !== '') search.append(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
