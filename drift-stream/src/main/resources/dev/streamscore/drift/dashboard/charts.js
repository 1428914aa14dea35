// Small SVG charts for the dashboard: a time-series line chart and a grouped bar chart. Hand-written
// (no chart library, no CDN), so every element is plain SVG a test or a user can inspect: each data
// point is a <circle class="point"> and each bar a <rect class="bar">, both with a <title> tooltip.
'use strict';

const Charts = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const PALETTE = ['#1f5fbf', '#e8710a', '#2e7d32', '#8e24aa', '#00838f', '#c2185b', '#6d4c41', '#546e7a',
    '#9e9d24', '#3949ab'];

  function el(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes || {})) {
      node.setAttribute(k, v);
    }
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function text(parent, x, y, content, attributes) {
    const node = el('text', Object.assign({ x, y }, attributes || {}), parent);
    node.textContent = content;
    return node;
  }

  function title(node, content) {
    el('title', {}, node).textContent = content;
  }

  /** About {@code count} round tick values covering [min, max]. */
  function ticks(min, max, count) {
    if (!(max > min)) {
      return [min];
    }
    const raw = (max - min) / count;
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(m => m * magnitude).find(s => s >= raw);
    const values = [];
    for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
      values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return values;
  }

  function format(value) {
    if (value === null || value === undefined || Number.isNaN(value)) {
      return 'n/a';
    }
    const a = Math.abs(value);
    if (a !== 0 && (a < 0.001 || a >= 100000)) {
      return value.toExponential(2);
    }
    return a >= 100 ? value.toFixed(0) : a >= 10 ? value.toFixed(1) : value.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  }

  function clock(ms) {
    return new Date(ms).toISOString().substring(11, 19);
  }

  /**
   * A line chart over time.
   * options: times (epoch ms per point), series [{name, values (numbers or null), color?}],
   * thresholds [{value, kind: warning|critical|baseline, label}], width, height, yMin, yMax,
   * legend (bool), unit (tooltip label).
   */
  function line(container, options) {
    const width = options.width || 600;
    const height = options.height || 220;
    const margin = { top: 10, right: 12, bottom: 22, left: 46 };
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img' });
    const times = options.times;
    const series = options.series.map((s, i) => Object.assign({ color: PALETTE[i % PALETTE.length] }, s));
    const thresholds = (options.thresholds || []).filter(t => t.value !== null && t.value !== undefined
      && Number.isFinite(t.value));
    const legendHeight = options.legend ? 18 : 0;
    const plot = {
      x0: margin.left, x1: width - margin.right,
      y0: margin.top + legendHeight, y1: height - margin.bottom,
    };

    const values = series.flatMap(s => s.values).filter(v => v !== null && Number.isFinite(v));
    const extent = values.concat(thresholds.map(t => t.value));
    let yMin = options.yMin !== undefined ? options.yMin : Math.min(...extent);
    let yMax = options.yMax !== undefined ? Math.max(options.yMax, ...extent) : Math.max(...extent);
    if (options.yMin !== undefined) {
      yMin = Math.min(yMin, ...extent);
    }
    if (!Number.isFinite(yMin) || !Number.isFinite(yMax)) {
      yMin = 0;
      yMax = 1;
    }
    if (yMax - yMin < 1e-9) {
      yMax = yMin + (Math.abs(yMin) > 0 ? Math.abs(yMin) * 0.1 : 1);
    }
    const pad = (yMax - yMin) * 0.08;
    yMax += pad;
    if (options.yMin === undefined) {
      yMin -= pad;
    }
    const tMin = times.length ? times[0] : 0;
    const tMax = times.length ? times[times.length - 1] : 1;
    const x = t => tMax === tMin ? (plot.x0 + plot.x1) / 2 : plot.x0 + (t - tMin) / (tMax - tMin) * (plot.x1 - plot.x0);
    const y = v => plot.y1 - (v - yMin) / (yMax - yMin) * (plot.y1 - plot.y0);

    const grid = el('g', { class: 'grid' }, svg);
    for (const v of ticks(yMin, yMax, 4)) {
      el('line', { x1: plot.x0, x2: plot.x1, y1: y(v), y2: y(v) }, grid);
      text(svg, plot.x0 - 6, y(v) + 4, format(v), { 'text-anchor': 'end' });
    }
    const axis = el('g', { class: 'axis' }, svg);
    el('line', { x1: plot.x0, x2: plot.x1, y1: plot.y1, y2: plot.y1 }, axis);
    if (times.length) {
      const labels = Math.max(2, Math.min(6, Math.floor((plot.x1 - plot.x0) / 90)));
      const used = new Set();
      for (let i = 0; i < labels; i++) {
        const index = Math.round(i * (times.length - 1) / (labels - 1));
        if (used.has(index)) {
          continue;
        }
        used.add(index);
        const anchor = i === 0 ? 'start' : i === labels - 1 ? 'end' : 'middle';
        text(svg, x(times[index]), height - 6, clock(times[index]), { 'text-anchor': anchor });
      }
    }

    for (const t of thresholds) {
      el('line', { class: `threshold ${t.kind}`, x1: plot.x0, x2: plot.x1, y1: y(t.value), y2: y(t.value) }, svg);
      if (t.label) {
        text(svg, plot.x1 - 2, y(t.value) - 3, t.label, { class: `threshold-label ${t.kind}`, 'text-anchor': 'end' });
      }
    }

    for (const s of series) {
      const group = el('g', { class: 'series', 'data-series': s.name }, svg);
      let d = '';
      let drawing = false;
      s.values.forEach((v, i) => {
        if (v === null || !Number.isFinite(v)) {
          drawing = false;
          return;
        }
        d += `${drawing ? 'L' : 'M'}${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`;
        drawing = true;
      });
      if (d) {
        el('path', { class: 'line', d, stroke: s.color }, group);
      }
      s.values.forEach((v, i) => {
        if (v === null || !Number.isFinite(v)) {
          return;
        }
        const point = el('circle', { class: 'point', cx: x(times[i]).toFixed(1), cy: y(v).toFixed(1),
          r: s.values.length > 60 ? 1.8 : 2.6, fill: s.color }, group);
        title(point, `${s.name} ${format(v)} in the window ending ${clock(times[i])} UTC`);
      });
    }

    if (options.legend) {
      const legend = el('g', { class: 'legend' }, svg);
      let lx = plot.x0;
      for (const s of series) {
        el('rect', { x: lx, y: 4, width: 10, height: 10, rx: 2, fill: s.color }, legend);
        const label = text(legend, lx + 14, 13, s.name);
        lx += 22 + s.name.length * 6.5;
        label.setAttribute('data-series', s.name);
      }
    }
    if (!values.length) {
      text(svg, (plot.x0 + plot.x1) / 2, (plot.y0 + plot.y1) / 2, 'no values yet', { 'text-anchor': 'middle' });
    }
    container.replaceChildren(svg);
    return svg;
  }

  /**
   * Grouped bars per bin.
   * options: labels (per bin), groups [{name, values, kind}] (kind is the bar's CSS class), width, height,
   * yLabel.
   */
  function bars(container, options) {
    const width = options.width || 600;
    const height = options.height || 240;
    const margin = { top: 26, right: 12, bottom: 34, left: 46 };
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img' });
    const plot = { x0: margin.left, x1: width - margin.right, y0: margin.top, y1: height - margin.bottom };
    const bins = options.labels.length;
    const groups = options.groups.filter(g => g.values);
    const max = Math.max(1e-9, ...groups.flatMap(g => g.values));
    const yMax = max * 1.08;
    const y = v => plot.y1 - v / yMax * (plot.y1 - plot.y0);
    const slot = (plot.x1 - plot.x0) / bins;
    const barWidth = slot * 0.8 / Math.max(1, groups.length);

    const grid = el('g', { class: 'grid' }, svg);
    for (const v of ticks(0, yMax, 4)) {
      el('line', { x1: plot.x0, x2: plot.x1, y1: y(v), y2: y(v) }, grid);
      text(svg, plot.x0 - 6, y(v) + 4, options.percent ? `${format(v * 100)}%` : format(v), { 'text-anchor': 'end' });
    }
    el('line', { x1: plot.x0, x2: plot.x1, y1: plot.y1, y2: plot.y1 }, el('g', { class: 'axis' }, svg));
    groups.forEach((g, gi) => {
      const group = el('g', { class: 'bars', 'data-series': g.name }, svg);
      g.values.forEach((v, i) => {
        const bx = plot.x0 + i * slot + slot * 0.1 + gi * barWidth;
        const bar = el('rect', { class: `bar ${g.kind}`, x: bx.toFixed(1), y: y(v).toFixed(1),
          width: Math.max(1, barWidth - 1).toFixed(1), height: Math.max(0, plot.y1 - y(v)).toFixed(1) }, group);
        title(bar, `${g.name}: ${options.percent ? format(v * 100) + '%' : format(v)} of scores in ${options.labels[i]}`);
      });
    });
    const every = Math.ceil(bins / 10);
    for (let i = 0; i <= bins; i += every) {
      text(svg, plot.x0 + i * slot, plot.y1 + 14, options.ticks ? options.ticks[i] : '', { 'text-anchor': 'middle' });
    }
    if (options.xLabel) {
      text(svg, (plot.x0 + plot.x1) / 2, height - 4, options.xLabel, { 'text-anchor': 'middle' });
    }
    const legend = el('g', { class: 'legend' }, svg);
    let lx = plot.x0;
    for (const g of groups) {
      el('rect', { class: `bar ${g.kind}`, x: lx, y: 6, width: 10, height: 10, rx: 2 }, legend);
      text(legend, lx + 14, 15, g.name);
      lx += 26 + g.name.length * 6.5;
    }
    container.replaceChildren(svg);
    return svg;
  }

  return { line, bars, format, clock, palette: PALETTE };
})();
