// The live tail: GET /api/v1/stream read with fetch, because EventSource cannot send an
// Authorization header. The body is parsed as Server-Sent Events as it streams; every event's id
// is remembered, and a dropped connection reconnects with Last-Event-ID, which makes the server
// send every point written in between exactly once.
import { ApiError, apiFetch } from './api.js';

export function follow({ metric, tags, onPoint, onState }) {
  const controller = new AbortController();
  let lastEventId = null;
  (async () => {
    let delay = 1000;
    while (!controller.signal.aborted) {
      try {
        const headers = lastEventId ? { 'Last-Event-ID': lastEventId } : {};
        const response = await apiFetch('/api/v1/stream', {
          params: [['metric', metric], ...tags.map((t) => ['tag', t])],
          headers: { ...headers, Accept: 'text/event-stream' },
          signal: controller.signal,
          onRetry: (error) => onState(`busy: ${error.message}; retrying in ${error.retryAfter} s`),
        });
        onState('live');
        delay = 1000;
        await readEvents(response.body, (event) => {
          if (event.id) lastEventId = event.id;
          if (event.data) onPoint(JSON.parse(event.data));
        });
        onState('reconnecting');
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.kind !== 'busy') {
          onState(`stopped: ${error.message}`, error);
          return;
        }
        onState('reconnecting');
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  })();
  return () => controller.abort();
}

/** Parses a text/event-stream body: calls onEvent with {id, data} per event (comments too). */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { id: null, data: null };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(buffer[newline] === '\r' && buffer[newline + 1] === '\n' ? newline + 2 : newline + 1);
      if (line === '') {
        if (event.id !== null || event.data !== null) onEvent(event);
        event = { id: null, data: null };
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'id') event.id = value;
      else if (field === 'data') event.data = event.data === null ? value : `${event.data}\n${value}`;
    }
  }
}
