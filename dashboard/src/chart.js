// A uPlot line chart of several series on one time axis (milliseconds), with a legend that shows
// the values under the cursor, and zoom by dragging: the selected span is handed to onZoom.
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

export function drawChart(container, lines, { onZoom, width, span }) {
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
      })),
    ],
    axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor', size: 60 }],
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
