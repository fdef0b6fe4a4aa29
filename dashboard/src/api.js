// Sponge's API with the user's own token. Every refusal becomes an ApiError whose kind tells the
// page which state to show: 'signin' (401), 'forbidden' (403, with the missing role), 'busy'
// (429/503, retried after the server's Retry-After), 'refused' (400: a bad query or one over a
// limit, with the server's detail).
import { accessToken } from './auth.js';

export class ApiError extends Error {
  constructor(kind, status, message, retryAfter) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

const MAX_RETRIES = 3;

export async function apiFetch(path, { params, signal, headers = {}, onRetry } = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of params || []) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.append(key, value);
  }
  for (let attempt = 0; ; attempt++) {
    const token = await accessToken();
    if (!token) throw new ApiError('signin', 401, 'Your session has ended. Sign in again.');
    const response = await fetch(url, { headers: { ...headers, Authorization: `Bearer ${token}` }, signal });
    if (response.ok) return response;
    const error = await toError(response);
    if (error.kind === 'busy' && attempt < MAX_RETRIES) {
      onRetry?.(error);
      await wait(error.retryAfter * 1000, signal);
      continue;
    }
    throw error;
  }
}

export async function apiJson(path, options) {
  const response = await apiFetch(path, options);
  return response.json();
}

async function toError(response) {
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // Not a problem document (an edge error page): the status says enough.
  }
  const detail = problem.detail || problem.title || response.statusText;
  switch (response.status) {
    case 401:
      return new ApiError('signin', 401, 'Your session has ended or your token was refused. Sign in again.');
    case 403:
      return new ApiError('forbidden', 403, `Access denied: ${detail}`);
    case 429:
    case 503: {
      const seconds = Math.max(1, Number.parseInt(response.headers.get('Retry-After') || '1', 10) || 1);
      return new ApiError('busy', response.status, detail, seconds);
    }
    default:
      return new ApiError('refused', response.status, detail);
  }
}

function wait(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** Every page of a listing endpoint, following `next`, up to `max` items. */
export async function listAll(path, field, params = [], max = 5000) {
  const items = [];
  let cursor;
  do {
    const page = await apiJson(path, { params: [...params, ['limit', 1000], ['cursor', cursor]] });
    items.push(...page[field]);
    cursor = page.next;
  } while (cursor && items.length < max);
  return items;
}
