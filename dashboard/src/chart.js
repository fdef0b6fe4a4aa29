// A uPlot line chart of several series on one time axis (milliseconds), with a legend and a
// tooltip that show the time and the values under the cursor in the panel's unit (on the y axis
// too), and zoom by dragging: the selected span is handed to onZoom.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#2f7ed8', '#e4572e', '#29a35a', '#a35fd0', '#d4a017', '#17a2b8', '#e83e8c', '#6c757d'];

/** Lines of {label, points: [[ts, value], ...]} as uPlot's aligned columns. */
export function align(lines) {
  const times = [...new Set(lines.flatMap((line) => line.points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = lines.map((line) => {
    const column = new Array(times.length).fill(null);
    for (const [ts, value] of line.points) column[index.get(ts)] = value;
    return column;
  });
  return [times, ...columns];
}

/** A value as the legend and the tooltip show it: up to 6 significant digits, then the unit. */
export function formatValue(value, unit) {
  if (value == null) return '–';
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return unit ? `${text} ${unit}` : text;
}

/** A time as the tooltip shows it: local date and time to the second, YYYY-MM-DD HH:MM:SS. */
export function formatTime(ms) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The tooltip: the hovered time and, per series with a value there, its label and value. */
function tooltipPlugin(unit) {
  let box;
  return {
    hooks: {
      init: (u) => {
        box = document.createElement('div');
        box.className = 'tooltip';
        box.setAttribute('role', 'tooltip');
        box.hidden = true;
        u.over.appendChild(box);
      },
      setCursor: (u) => {
        const { idx, left, top } = u.cursor;
        if (idx == null || left < 0) {
          box.hidden = true;
          return;
        }
        const rows = u.series
          .map((series, i) => [series, u.data[i][idx]])
          .slice(1)
          .filter(([series, value]) => series.show && value != null);
        if (rows.length === 0) {
          box.hidden = true;
          return;
        }
        const time = document.createElement('div');
        time.className = 'tooltip-time';
        time.textContent = formatTime(u.data[0][idx]);
        box.replaceChildren(
          time,
          ...rows.map(([series, value]) => {
            const row = document.createElement('div');
            row.textContent = `${series.label}: ${formatValue(value, unit)}`;
            return row;
          }),
        );
        box.hidden = false;
        // Beside the cursor, on the side with room.
        const flip = left > u.over.clientWidth / 2;
        box.style.left = flip ? '' : `${left + 12}px`;
        box.style.right = flip ? `${u.over.clientWidth - left + 12}px` : '';
        box.style.top = `${Math.max(0, top - 12)}px`;
      },
    },
  };
}

export function drawChart(container, lines, { onZoom, width, span, unit = '' }) {
  container.uplot?.destroy();
  const options = {
    width,
    height: 280,
    ms: 1,
    // The x axis shows the range asked for, not just where the points are.
    scales: { x: { time: true, ...(span ? { range: () => span } : {}) } },
    cursor: { drag: { x: true, y: false, setScale: false } },
    series: [
      { label: 'time' },
      ...lines.map((line, i) => ({
        label: line.label,
        stroke: COLORS[i % COLORS.length],
        width: 1.5,
        spanGaps: true,
        points: { show: line.points.length < 60 },
        value: (u, v) => formatValue(v, unit),
      })),
    ],
    axes: [
      { stroke: 'currentColor' },
      { stroke: 'currentColor', size: 60, ...(unit ? { label: unit, labelSize: 20 } : {}) },
    ],
    plugins: [tooltipPlugin(unit)],
    hooks: {
      setSelect: [
        (u) => {
          if (u.select.width < 5) return;
          const from = Math.floor(u.posToVal(u.select.left, 'x'));
          const to = Math.ceil(u.posToVal(u.select.left + u.select.width, 'x'));
          u.setSelect({ width: 0, height: 0 }, false);
          onZoom(from, to);
        },
      ],
    },
  };
  const chart = new uPlot(options, align(lines), container);
  // The browser test reads what the chart holds from here.
  container.uplot = chart;
  return chart;
}
