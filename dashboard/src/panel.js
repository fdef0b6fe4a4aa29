// One panel of a board: the query controls (metric, tag filters with autocomplete, range,
// aggregation, step, group_by), the chart, the latest values and, when live, the tail.
import { ApiError, apiJson, listAll } from './api.js';
import { newPanel, RANGES } from './board.js';
import { align, drawChart, formatValue } from './chart.js';
import { h, uniqueId } from './dom.js';
import { follow } from './live.js';

const AGGREGATIONS = ['raw', 'avg', 'min', 'max', 'sum', 'count', 'first', 'last', 'p50', 'p90', 'p99'];
const STEPS = ['auto', '1s', '10s', '30s', '1m', '5m', '15m', '1h', '6h', '1d'];
const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
const UNITS = { m: 60000, h: 3600000, d: 86400000 };
const MAX_ROWS = 20000;
const LIVE_WINDOW = 15 * 60000;

/** The step that keeps a range within the chart's pixels: one bucket per pixel at most. */
export function autoStep(rangeMs, pixels) {
  const seconds = Math.ceil(rangeMs / Math.max(pixels, 1) / 1000);
  return NICE_STEPS.find((step) => step >= seconds) || 86400;
}

export function createPanel(state, { metrics, onChange, onRemove, onSignIn }) {
  const id = uniqueId('panel');
  const root = h('section', { className: 'panel', 'aria-labelledby': `${id}-title` });
  let stopLive = null;
  let request = 0;

  const field = (label, control) => h('label', { className: 'field' }, h('span', {}, label), control);
  const select = (name, values, current, labels = {}) =>
    h('select', { name }, values.map((v) => h('option', { value: v, selected: v === current }, labels[v] || v)));

  const metricSelect = select('metric', ['', ...metrics], state.metric, { '': 'choose a metric…' });
  const rangeSelect = select('range', [...RANGES, 'custom'], state.from ? 'custom' : state.range, {
    custom: 'custom (zoomed or absolute)',
  });
  const fromInput = h('input', { type: 'datetime-local', name: 'from', step: 1 });
  const toInput = h('input', { type: 'datetime-local', name: 'to', step: 1 });
  const aggSelect = select('agg', AGGREGATIONS, state.agg);
  const stepSelect = select('step', STEPS, state.step);
  const groupSelect = select('group_by', ['', ...(state.groupBy ? [state.groupBy] : [])], state.groupBy, {
    '': 'no grouping',
  });
  // Sponge keeps no unit per metric, so the unit is the panel's: kept in the board (URL), shown on
  // the y axis, in the legend and in the tooltip.
  const unitInput = h('input', { name: 'unit', value: state.unit, size: 6, maxLength: 16, placeholder: 'e.g. °C' });
  const liveBox = h('input', { type: 'checkbox', name: 'live', checked: state.live });
  const keyInput = h('input', { name: 'tag-key', list: `${id}-keys`, autocomplete: 'off', size: 10 });
  const valueInput = h('input', { name: 'tag-value', list: `${id}-values`, autocomplete: 'off', size: 12 });
  const keyList = h('datalist', { id: `${id}-keys` });
  const valueList = h('datalist', { id: `${id}-values` });
  const chips = h('ul', { className: 'chips', 'aria-label': 'Tag filters' });
  const status = h('p', { className: 'state', role: 'status' });
  const chartBox = h('div', { className: 'chart' });
  const latest = h('table', { className: 'latest' });
  const liveStatus = h('span', { className: 'live-state' });

  const title = h('h2', { id: `${id}-title` }, state.metric || 'New panel');
  const form = h(
    'form',
    { className: 'controls', onsubmit: (e) => e.preventDefault() },
    field('Metric', metricSelect),
    h(
      'fieldset',
      { className: 'tags' },
      h('legend', {}, 'Tag filters'),
      chips,
      field('Key', keyInput),
      keyList,
      field('Value', valueInput),
      valueList,
      h('button', { type: 'button', onclick: addTag }, 'Add filter'),
    ),
    field('Range', rangeSelect),
    field('From', fromInput),
    field('To', toInput),
    field('Aggregation', aggSelect),
    field('Step', stepSelect),
    field('Group by', groupSelect),
    field('Unit', unitInput),
    h('label', { className: 'field check' }, liveBox, h('span', {}, 'Live tail'), liveStatus),
  );
  root.append(
    h('header', {}, title, h('button', { type: 'button', className: 'remove', onclick: onRemove }, 'Remove panel')),
    form,
    status,
    chartBox,
    h('h3', {}, 'Latest values'),
    latest,
  );

  metricSelect.addEventListener('change', () => {
    state.metric = metricSelect.value;
    state.tags = [];
    state.groupBy = '';
    changed();
  });
  rangeSelect.addEventListener('change', () => {
    if (rangeSelect.value !== 'custom') {
      state.range = rangeSelect.value;
      state.from = state.to = null;
    } else if (!state.from) {
      const [from, to] = span();
      state.from = from;
      state.to = to;
    }
    changed();
  });
  const absolute = () => {
    if (!fromInput.value || !toInput.value) return;
    state.from = new Date(fromInput.value).getTime();
    state.to = new Date(toInput.value).getTime();
    changed();
  };
  fromInput.addEventListener('change', absolute);
  toInput.addEventListener('change', absolute);
  aggSelect.addEventListener('change', () => ((state.agg = aggSelect.value), changed()));
  stepSelect.addEventListener('change', () => ((state.step = stepSelect.value), changed()));
  groupSelect.addEventListener('change', () => ((state.groupBy = groupSelect.value), changed()));
  liveBox.addEventListener('change', () => ((state.live = liveBox.checked), changed()));
  unitInput.addEventListener('change', () => ((state.unit = unitInput.value.trim()), changed()));
  keyInput.addEventListener('change', suggestValues);
  valueInput.addEventListener('keydown', (e) => e.key === 'Enter' && addTag());

  function addTag() {
    const key = keyInput.value.trim();
    const value = valueInput.value.trim();
    if (!key || !value) return;
    state.tags = [...state.tags.filter((t) => !t.startsWith(`${key}:`)), `${key}:${value}`];
    keyInput.value = valueInput.value = '';
    changed();
  }

  function changed() {
    onChange();
    refresh();
  }

  function span() {
    if (state.from) return [state.from, state.to];
    const amount = Number.parseInt(state.range, 10);
    const now = Date.now();
    return [now - amount * UNITS[state.range.slice(-1)], now];
  }

  function renderChips() {
    chips.replaceChildren(
      ...state.tags.map((tag) =>
        h(
          'li',
          {},
          h('code', {}, tag),
          h(
            'button',
            {
              type: 'button',
              'aria-label': `Remove filter ${tag}`,
              onclick: () => ((state.tags = state.tags.filter((t) => t !== tag)), changed()),
            },
            '×',
          ),
        ),
      ),
    );
  }

  async function suggestKeys() {
    if (!state.metric) return;
    const keys = await listAll('/api/v1/tags', 'tags', [['metric', state.metric]], 1000).catch(() => []);
    keyList.replaceChildren(...keys.map((k) => h('option', { value: k })));
    groupSelect.replaceChildren(
      ...['', ...keys].map((k) => h('option', { value: k, selected: k === state.groupBy }, k || 'no grouping')),
    );
  }

  async function suggestValues() {
    const key = keyInput.value.trim();
    if (!state.metric || !/^[A-Za-z_][A-Za-z0-9_.:-]*$/.test(key)) return;
    const others = state.tags.filter((t) => !t.startsWith(`${key}:`)).map((t) => ['tag', t]);
    const values = await listAll(
      `/api/v1/tags/${encodeURIComponent(key)}/values`,
      'values',
      [['metric', state.metric], ...others],
      1000,
    ).catch(() => []);
    valueList.replaceChildren(...values.map((v) => h('option', { value: v })));
  }

  function showState(kind, message) {
    status.className = `state ${kind}`;
    status.replaceChildren(message);
    if (kind === 'signin') {
      status.append(' ', h('button', { type: 'button', onclick: onSignIn }, 'Sign in'));
    }
  }

  function showError(error) {
    if (error instanceof ApiError) {
      const prefix = { busy: 'Sponge is busy', refused: 'The query was refused' }[error.kind];
      showState(error.kind, prefix ? `${prefix}: ${error.message}` : error.message);
    } else if (error?.name !== 'AbortError') {
      showState('error', `Something went wrong: ${error?.message || error}`);
    }
  }

  async function refresh() {
    const mine = ++request;
    title.textContent = state.metric || 'New panel';
    rangeSelect.value = state.from ? 'custom' : state.range;
    const [from, to] = span();
    fromInput.value = localInput(from);
    toInput.value = localInput(to);
    renderChips();
    stopLive?.();
    stopLive = null;
    liveStatus.textContent = '';
    if (!state.metric) {
      chartBox.uplot?.destroy();
      chartBox.uplot = null;
      latest.replaceChildren();
      showState('empty', 'Choose a metric to see its series.');
      return;
    }
    suggestKeys();
    showState('loading', 'Loading…');
    const tags = state.tags.map((t) => ['tag', t]);
    const width = Math.max(320, root.clientWidth - 32);
    try {
      if (state.live) {
        // Follow the stream at once; the last minutes are read meanwhile and merged in, so
        // a slow history read never delays the live points.
        showState('ok', '');
        const live = startLive(width);
        const history = await rawLines(Date.now() - LIVE_WINDOW, Date.now() + 60000, tags);
        if (mine !== request) return;
        live.merge(history);
        const latestNow = await apiJson('/api/v1/latest', { params: [['metric', state.metric], ...tags] });
        if (mine === request) renderLatest(latestNow.series);
        return;
      }
      const lines = state.agg === 'raw' ? await rawLines(from, to, tags) : await aggregatedLines(from, to, tags, width);
      const latestPage = await apiJson('/api/v1/latest', { params: [['metric', state.metric], ...tags] });
      if (mine !== request) return;
      renderLatest(latestPage.series);
      if (lines.length === 0) {
        chartBox.uplot?.destroy();
        chartBox.uplot = null;
        showState('empty', 'No points in this range for this metric and these filters.');
        return;
      }
      showState('ok', '');
      drawChart(chartBox, lines, {
        width,
        unit: state.unit,
        span: [from, to],
        onZoom: (zoomFrom, zoomTo) => {
          state.from = zoomFrom;
          state.to = zoomTo;
          state.live = false;
          liveBox.checked = false;
          changed();
        },
      });
    } catch (error) {
      if (mine === request) showError(error);
    }
  }

  async function rawLines(from, to, tags) {
    const byId = new Map();
    let cursor;
    let rows = 0;
    do {
      const page = await apiJson('/api/v1/points', {
        params: [['metric', state.metric], ...tags, ['from', from], ['to', to], ['limit', 10000], ['cursor', cursor]],
        onRetry: retrying,
      });
      for (const s of page.series) {
        const line = byId.get(s.id) || { id: s.id, label: label(s.tags), points: [] };
        line.points.push(...s.points);
        rows += s.points.length;
        byId.set(s.id, line);
      }
      cursor = page.next;
    } while (cursor && rows < MAX_ROWS);
    return [...byId.values()];
  }

  async function aggregatedLines(from, to, tags, width) {
    const step = state.step === 'auto' ? `${autoStep(to - from, width)}s` : state.step;
    const byKey = new Map();
    let cursor;
    let rows = 0;
    do {
      const page = await apiJson('/api/v1/points', {
        params: [
          ['metric', state.metric],
          ...tags,
          ['from', from],
          ['to', to],
          ['step', step],
          ['agg', state.agg],
          ['group_by', state.groupBy],
          ['limit', 10000],
          ['cursor', cursor],
        ],
        onRetry: retrying,
      });
      for (const s of page.series) {
        const key = s.id || JSON.stringify(s.group);
        const line = byKey.get(key) || { id: key, label: label(s.tags || s.group), points: [] };
        line.points.push(...s.rows.map((row) => [row[0], row[1]]));
        rows += s.rows.length;
        byKey.set(key, line);
      }
      cursor = page.next;
    } while (cursor && rows < MAX_ROWS);
    return [...byKey.values()];
  }

  function retrying(error) {
    showState('busy', `Sponge is busy (${error.status}): retrying in ${error.retryAfter} s`);
  }

  /** Follows the stream into a chart of the last minutes; merge() adds the points read before. */
  function startLive(width) {
    const lines = [];
    const byId = new Map();
    let pending = false;
    const redraw = () => drawChart(chartBox, lines, { width, unit: state.unit, onZoom: () => {} });
    const lineOf = (id, text) => {
      let line = byId.get(id);
      if (!line) {
        line = { id, label: text, points: [] };
        byId.set(id, line);
        lines.push(line);
        redraw();
      }
      return line;
    };
    const update = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const since = Date.now() - LIVE_WINDOW;
        lines.forEach((l) => (l.points = l.points.filter((p) => p[0] >= since)));
        chartBox.uplot.setData(align(lines));
      });
    };
    redraw();
    stopLive = follow({
      metric: state.metric,
      tags: state.tags,
      onState: (text, error) => {
        liveStatus.textContent = text;
        if (error) showError(error);
      },
      onPoint: (point) => {
        lineOf(point.id, label(point.tags)).points.push([point.ts, point.value]);
        update();
      },
    });
    return {
      merge(history) {
        for (const old of history) {
          const line = lineOf(old.id, old.label);
          const seen = new Set(line.points.map((p) => p[0]));
          line.points = [...old.points.filter((p) => !seen.has(p[0])), ...line.points].sort((a, b) => a[0] - b[0]);
        }
        redraw();
      },
    };
  }

  function renderLatest(series) {
    latest.replaceChildren(
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Series'), h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Value'))),
      h(
        'tbody',
        {},
        series.map((s) =>
          h('tr', {}, h('td', {}, label(s.tags)), h('td', {}, new Date(s.ts).toLocaleString()), h('td', { className: 'num' }, formatValue(s.value, state.unit))),
        ),
      ),
    );
  }

  // Once the caller has put the panel on the page: the chart's width (and the auto step) come
  // from the panel's own width.
  queueMicrotask(refresh);
  return { root, stop: () => stopLive?.(), refresh };
}

function label(tags) {
  const entries = Object.entries(tags || {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v ?? '∅'}`).join(', ') : '(no tags)';
}

function localInput(ms) {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
  return date.toISOString().slice(0, 19);
}

export { newPanel };
