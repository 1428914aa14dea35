// The drift dashboard: polls the app's JSON endpoints every few seconds and redraws. Everything is
// read from Kafka Streams state through the app (any instance answers for every model).
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const REFRESH_MS = Math.max(500, Number(params.get('refresh')) || 3000);
  const DRIFT_METRICS = [
    ['data_drift', 'psi', 'PSI'], ['data_drift', 'js_distance', 'JS distance'],
    ['data_drift', 'wasserstein_norm', 'Wasserstein (norm.)'], ['skew', 'out_of_range_share', 'out-of-range share'],
    ['skew', 'unseen_category_share', 'unseen categories'], ['skew', 'missing_rate_delta', 'missing rate Δ'],
    ['skew', 'type_mismatch_share', 'type mismatches']];
  const PERFORMANCE_METRICS = [
    ['performance', 'auc', 'AUC'], ['performance', 'log_loss', 'log loss'], ['performance', 'brier', 'Brier'],
    ['performance', 'accuracy', 'accuracy'], ['performance', 'precision', 'precision'],
    ['performance', 'recall', 'recall'], ['label_drift', 'label_rate', 'label rate'],
    ['performance', 'label_coverage', 'label coverage'],
    // Estimated from calibrated scores as each served window closes (CBPE), before any label.
    ['performance', 'estimated_auc', 'estimated AUC'], ['performance', 'estimated_accuracy', 'estimated accuracy'],
    ['performance', 'auc_estimate_gap', 'AUC realized − estimated']];
  const state = { model: params.get('model'), drift: 'psi', performance: 'auc', data: null };
  const $ = id => document.getElementById(id);
  let timer = null;

  async function getJson(path) {
    const response = await fetch(path, { cache: 'no-store' });
    const body = await response.json().catch(() => null);
    return { status: response.status, body };
  }

  function seriesOf(history, kind, metric, feature) {
    return history.series.find(s => s.kind === kind && s.metric === metric && (s.feature || null) === (feature || null));
  }

  /** Threshold lines for a series from its alert rule and baseline. */
  function thresholds(series) {
    const lines = [];
    const rule = series && series.rule;
    const baseline = series ? series.baseline : null;
    if (baseline !== null && baseline !== undefined) {
      lines.push({ value: baseline, kind: 'baseline', label: `baseline ${Charts.format(baseline)}` });
    }
    if (!rule) {
      return lines;
    }
    const add = (offset, kind) => {
      if (offset === null || offset === undefined) {
        return;
      }
      switch (rule.direction) {
        case 'ABOVE': case 'BELOW':
          lines.push({ value: offset, kind, label: kind });
          break;
        case 'ABS_ABOVE':
          lines.push({ value: offset, kind, label: kind }, { value: -offset, kind });
          break;
        case 'DROP_FROM_BASELINE':
          if (baseline !== null && baseline !== undefined) {
            lines.push({ value: baseline - offset, kind, label: kind });
          }
          break;
        case 'RISE_FROM_BASELINE':
          if (baseline !== null && baseline !== undefined) {
            lines.push({ value: baseline + offset, kind, label: kind });
          }
          break;
        default:
          break;
      }
    };
    add(rule.warning, 'warning');
    add(rule.critical, 'critical');
    return lines;
  }

  function tabs(container, choices, selected, onSelect) {
    const buttons = choices.map(([, metric, label]) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.dataset.metric = metric;
      b.className = metric === selected ? 'selected' : '';
      b.addEventListener('click', () => onSelect(metric));
      return b;
    });
    container.replaceChildren(...buttons);
  }

  function placeholder(container, message) {
    const p = document.createElement('p');
    p.className = 'placeholder';
    p.textContent = message;
    container.replaceChildren(p);
  }

  function renderModels(models) {
    const select = $('model');
    const names = models.map(m => m.model);
    if (!state.model || !names.includes(state.model)) {
      const withData = models.find(m => m.windows > 0);
      state.model = withData ? withData.model : names[0] || null;
    }
    const current = Array.from(select.options).map(o => o.value).join(',');
    if (current !== names.join(',')) {
      select.replaceChildren(...models.map(m => {
        const option = document.createElement('option');
        option.value = m.model;
        option.textContent = m.model + (m.windows ? '' : ' (no window yet)');
        return option;
      }));
    }
    select.value = state.model || '';
  }

  function renderAlerts(alerts) {
    const body = $('alerts').querySelector('tbody');
    $('alert-count').textContent = alerts.length ? `(${alerts.length})` : '';
    if (!alerts.length) {
      const row = document.createElement('tr');
      row.className = 'empty';
      row.innerHTML = '<td colspan="5">No open alerts.</td>';
      body.replaceChildren(row);
      return;
    }
    const rank = { CRITICAL: 0, WARNING: 1 };
    const ordered = [...alerts].sort((a, b) => (rank[a.severity] ?? 2) - (rank[b.severity] ?? 2)
      || (a.since || '').localeCompare(b.since || '') || (a.alert_id || '').localeCompare(b.alert_id || ''));
    body.replaceChildren(...ordered.map(a => {
      const row = document.createElement('tr');
      row.className = 'alert-row';
      row.dataset.feature = a.feature || '';
      row.dataset.metric = a.metric || '';
      const cells = [
        `<span class="badge ${a.severity}">${a.severity}</span>`,
        `${a.kind} / ${a.metric}`,
        a.feature && a.segment ? `${a.feature} [${a.segment}]` : a.feature || a.segment || 'all traffic',
        (a.since || '').replace('T', ' ').replace('Z', ''),
        a.message || ''];
      cells.forEach((html, i) => {
        const td = document.createElement('td');
        if (i === 0) {
          td.innerHTML = html;
        } else {
          td.textContent = html;
        }
        td.className = ['severity', 'metric', 'subject', 'since', 'message'][i];
        row.appendChild(td);
      });
      return row;
    }));
  }

  function renderDrift(history, alerts) {
    const available = DRIFT_METRICS.filter(([kind, metric]) => history.series.some(s => s.kind === kind && s.metric === metric));
    if (!available.some(([, metric]) => metric === state.drift) && available.length) {
      state.drift = available[0][1];
    }
    tabs($('drift-metric'), available, state.drift, metric => {
      state.drift = metric;
      render();
    });
    const [kind] = available.find(([, metric]) => metric === state.drift) || [];
    const times = history.windows.map(w => Date.parse(w.end));
    const features = history.series.filter(s => s.kind === kind && s.metric === state.drift && s.feature)
      .sort((a, b) => a.feature.localeCompare(b.feature));
    // The worst open alert of each feature outlines its chart.
    const alerting = new Map();
    for (const a of alerts.filter(a => a.feature)) {
      if (alerting.get(a.feature) !== 'CRITICAL') {
        alerting.set(a.feature, a.severity);
      }
    }
    if (!features.length) {
      placeholder($('drift-charts'), 'No per-feature values yet (a baseline with a training profile is needed).');
      return;
    }
    $('drift-charts').replaceChildren(...features.map((s, i) => {
      const box = document.createElement('div');
      box.className = 'feature-chart' + (alerting.has(s.feature) ? ` alerting ${alerting.get(s.feature)}` : '');
      box.dataset.feature = s.feature;
      const latest = [...s.values].reverse().find(v => v !== null);
      const heading = document.createElement('h3');
      heading.innerHTML = '<span class="name"></span><span class="latest"></span>';
      heading.querySelector('.name').textContent = s.feature;
      heading.querySelector('.latest').textContent = `latest ${Charts.format(latest)}`;
      const chart = document.createElement('div');
      box.append(heading, chart);
      Charts.line(chart, { times, width: 320, height: 150, yMin: 0,
        series: [{ name: `${s.feature} ${state.drift}`, values: s.values, color: Charts.palette[i % Charts.palette.length] }],
        thresholds: thresholds(s).filter(t => t.kind !== 'baseline') });
      return box;
    }));
  }

  function renderScores(scores) {
    if (!scores) {
      placeholder($('score-chart'), 'No closed window yet.');
      $('score-caption').textContent = '';
      return;
    }
    const bounds = [0, ...scores.edges, 1];
    const labels = scores.shares.map((_, i) => `[${Charts.format(bounds[i])}, ${Charts.format(bounds[i + 1])})`);
    const groups = [];
    if (scores.baseline_shares) {
      groups.push({ name: 'baseline (holdout)', values: scores.baseline_shares, kind: 'baseline' });
    }
    groups.push({ name: 'latest window', values: scores.shares, kind: 'live' });
    Charts.bars($('score-chart'), { labels, groups, percent: true, ticks: bounds.map(Charts.format), xLabel: 'score' });
    const window = `window ${Charts.clock(Date.parse(scores.window_start))}–${Charts.clock(Date.parse(scores.window_end))} UTC`;
    $('score-caption').textContent = `${window}, ${scores.events.toLocaleString('en')} predictions` + (scores.baseline_shares
      ? `; holdout ${scores.baseline_sample_size.toLocaleString('en')} scores; PSI ${Charts.format(scores.psi)}, JS distance ${Charts.format(scores.js_distance)}`
      : '; no baseline published for this version');
  }

  function renderPerformance(history) {
    const available = PERFORMANCE_METRICS.filter(([kind, metric]) => seriesOf(history, kind, metric, null));
    if (!available.some(([, metric]) => metric === state.performance) && available.length) {
      state.performance = available[0][1];
    }
    tabs($('performance-metric'), available, state.performance, metric => {
      state.performance = metric;
      render();
    });
    const choice = available.find(([, metric]) => metric === state.performance);
    if (!choice) {
      placeholder($('performance-chart'), 'No labeled window yet (performance windows close a label delay later).');
      $('performance-caption').textContent = '';
      return;
    }
    const s = seriesOf(history, choice[0], choice[1], null);
    const times = history.windows.map(w => Date.parse(w.end));
    Charts.line($('performance-chart'), { times, height: 240, series: [{ name: choice[2], values: s.values }],
      thresholds: thresholds(s) });
    const labeled = history.windows.reduce((sum, w) => sum + w.labeled, 0);
    $('performance-caption').textContent = `${choice[2]} per window from ${labeled.toLocaleString('en')} labeled pairs`
      + (s.baseline !== null ? `; holdout ${Charts.format(s.baseline)}` : '');
  }

  function renderPrediction(history) {
    const times = history.windows.map(w => Date.parse(w.end));
    const psi = seriesOf(history, 'prediction_drift', 'psi', null);
    const js = seriesOf(history, 'prediction_drift', 'js_distance', null);
    const rate = seriesOf(history, 'prediction_drift', 'positive_rate', null);
    const series = [];
    if (psi) {
      series.push({ name: 'score PSI', values: psi.values });
    }
    if (js) {
      series.push({ name: 'score JS distance', values: js.values });
    }
    if (rate) {
      series.push({ name: 'positive decision rate', values: rate.values });
    }
    if (!series.length) {
      placeholder($('prediction-chart'), 'No closed window yet.');
      return;
    }
    Charts.line($('prediction-chart'), { times, height: 240, yMin: 0, legend: true, series,
      thresholds: psi ? thresholds(psi).filter(t => t.kind !== 'baseline') : [] });
  }

  function renderTraffic(history) {
    const times = history.windows.map(w => Date.parse(w.end));
    const series = [
      { name: 'predictions', values: history.windows.map(w => w.events || null) },
      { name: 'labeled pairs', values: history.windows.map(w => w.labeled || null) }];
    const revised = history.windows.filter(w => w.revision > 0 && w.late_events > 0);
    if (revised.length) {
      series.push({ name: 'late predictions (revised)', values: history.windows.map(w => w.late_events || null) });
    }
    Charts.line($('traffic-chart'), { times, height: 240, yMin: 0, legend: true, series });
    const late = revised.reduce((sum, w) => sum + w.late_events, 0);
    $('traffic-caption').textContent = revised.length
      ? `${revised.length} window(s) revised with late records: ${late.toLocaleString('en')} predictions arrived after`
        + ` their window had closed (their input partition was idle or read more than the grace out of order)`
        + ' and are merged into the revised results.'
      : 'Every window is complete at its close: no late records.';
    const provisional = history.windows.filter(w => w.provisional).length;
    if (provisional) {
      $('traffic-caption').textContent += ` The performance of ${provisional} window(s) is`
        + ' provisional: most of their labels are in, the final figures come at the label delay.';
    }
  }

  function renderFairness(fairness) {
    const body = $('fairness').querySelector('tbody');
    if (!fairness) {
      const row = document.createElement('tr');
      row.className = 'empty';
      const cell = document.createElement('td');
      cell.colSpan = 7;
      cell.textContent = 'No holdout figures per group in this version\'s card.';
      row.append(cell);
      body.replaceChildren(row);
      $('fairness-caption').textContent = '';
      return;
    }
    const rate = v => (v === null || v === undefined ? 'n/a' : Charts.format(v));
    const rows = [];
    for (const f of fairness.fields) {
      for (const g of f.groups) {
        const row = document.createElement('tr');
        row.className = 'fairness-row';
        const cells = [f.field, g.group, g.records.toLocaleString('en'), g.positives.toLocaleString('en'),
          rate(g.positive_rate), g.recall_judged ? rate(g.recall) : `${rate(g.recall)} (too few positives to judge)`,
          rate(g.false_positive_rate)];
        for (const text of cells) {
          const cell = document.createElement('td');
          cell.textContent = text;
          row.append(cell);
        }
        rows.push(row);
      }
    }
    body.replaceChildren(...rows);
    $('fairness-caption').textContent = fairness.fields.map(f => `${f.field}: demographic parity gap `
      + `${rate(f.demographic_parity_gap)}, equal opportunity gap ${rate(f.equal_opportunity_gap)}`).join('; ')
      + ` (at threshold ${Charts.format(fairness.threshold)}; groups of ${fairness.min_group_size}+ holdout records)`;
  }

  // The step a model's candidate is at while its rollout goes on; any other step ends it.
  const IN_PROGRESS = { published_shadow: 'a shadow', promoted_challenger: 'a challenger' };

  function stepFigures(s) {
    const f = s.figures || {};
    const fmt = v => (v === null || v === undefined ? 'n/a' : Charts.format(v));
    if (f.candidate_live_auc !== undefined) {
      const windows = f.live_windows !== undefined ? ` over ${f.live_windows} live window(s)` : '';
      const champion = f.champion_live_auc !== undefined ? ` vs ${fmt(f.champion_live_auc)}` : '';
      return `live AUC ${fmt(f.candidate_live_auc)}${champion}${windows}`;
    }
    if (f.candidate_auc !== undefined) {
      const champion = f.champion_auc !== undefined ? ` vs ${fmt(f.champion_auc)}` : '';
      return `gate AUC ${fmt(f.candidate_auc)}${champion}`;
    }
    return '';
  }

  function renderLifecycle(lifecycle) {
    const body = $('lifecycle').querySelector('tbody');
    const steps = lifecycle ? lifecycle.steps : [];
    if (!steps.length) {
      const row = document.createElement('tr');
      row.className = 'empty';
      const cell = document.createElement('td');
      cell.colSpan = 6;
      cell.textContent = !lifecycle ? 'No model selected.'
        : lifecycle.topic_found ? `No lifecycle step of ${lifecycle.model} on ${lifecycle.topic} yet.`
          : `${lifecycle.topic} does not exist yet: no model has been retrained (streamscore retrain or lifecycle).`;
      row.append(cell);
      body.replaceChildren(row);
      $('lifecycle-caption').textContent = '';
      return;
    }
    const rows = steps.map(s => {
      const row = document.createElement('tr');
      row.className = `lifecycle-row ${s.step}`;
      row.dataset.step = s.step;
      const version = `${lifecycle.model}@${s.candidate_version}`
        + (s.champion_version ? ` (champion ${s.champion_version})` : '');
      const cells = [[Charts.clock(Date.parse(s.time)), 'time'], [s.step.replace(/_/g, ' '), 'step'],
        [version, 'version'], [s.role || '', 'role'], [stepFigures(s), 'figures'],
        [(s.reasons || []).join('; ') || s.trigger, 'message']];
      for (const [text, cls] of cells) {
        const cell = document.createElement('td');
        cell.className = cls;
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    });
    body.replaceChildren(...rows);
    const last = steps[0];
    $('lifecycle-caption').textContent = IN_PROGRESS[last.step]
      ? `${lifecycle.model}@${last.candidate_version} is on trial as ${IN_PROGRESS[last.step]} since `
        + `${Charts.clock(Date.parse(last.time))} UTC.`
      : `No rollout in progress; the last step: ${last.step.replace(/_/g, ' ')} of `
        + `${lifecycle.model}@${last.candidate_version}.`;
  }

  function render() {
    const d = state.data;
    if (!d) {
      return;
    }
    renderModels(d.models);
    renderAlerts(d.alerts);
    renderFairness(d.fairness);
    renderLifecycle(d.lifecycle);
    if (!d.history) {
      for (const id of ['drift-charts', 'performance-chart', 'prediction-chart', 'traffic-chart']) {
        placeholder($(id), state.model ? `No closed window of ${state.model} yet.` : 'No model has been seen yet.');
      }
      $('drift-metric').replaceChildren();
      $('performance-metric').replaceChildren();
      renderScores(null);
      return;
    }
    renderDrift(d.history, d.alerts);
    renderScores(d.scores);
    renderPerformance(d.history);
    renderPrediction(d.history);
    renderTraffic(d.history);
  }

  function showError(message) {
    $('error').hidden = !message;
    $('error').textContent = message || '';
  }

  async function refresh() {
    try {
      const health = await getJson('/health');
      const models = await getJson('/models');
      if (models.status !== 200) {
        throw new Error(`/models answered ${models.status}: ${models.body && models.body.error}`);
      }
      const list = models.body.models;
      if (!state.model || !list.some(m => m.model === state.model)) {
        const withData = list.find(m => m.windows > 0);
        state.model = withData ? withData.model : list.length ? list[0].model : null;
      }
      let hist = null;
      let scores = null;
      let alerts = [];
      let fairness = null;
      let lifecycle = null;
      if (state.model) {
        const q = encodeURIComponent(state.model);
        const [h, s, a, f, l] = await Promise.all([getJson(`/metrics/history?model=${q}`),
          getJson(`/scores/latest?model=${q}`), getJson(`/alerts/open?model=${q}`),
          getJson(`/models/fairness?model=${q}`), getJson(`/lifecycle?model=${q}`)]);
        for (const r of [h, s, a, f, l]) {
          if (r.status !== 200 && r.status !== 404) {
            throw new Error(r.body && r.body.error ? r.body.error : `HTTP ${r.status}`);
          }
        }
        hist = h.status === 200 ? h.body : null;
        scores = s.status === 200 ? s.body : null;
        alerts = a.status === 200 ? a.body.alerts : [];
        fairness = f.status === 200 ? f.body : null;
        lifecycle = l.body;
      }
      state.data = { models: list, history: hist, scores, alerts, fairness, lifecycle };
      render();
      showError(null);
      const s = health.body && health.body.state ? health.body.state : `HTTP ${health.status}`;
      $('status').innerHTML = `Kafka Streams <span class="state ${s}"></span> · updated `
        + `${Charts.clock(Date.now())} UTC`;
      $('status').querySelector('.state').textContent = s;
      document.body.dataset.loaded = 'true';
    } catch (e) {
      showError(`Cannot refresh: ${e.message}`);
    } finally {
      clearTimeout(timer);
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  $('model').addEventListener('change', e => {
    state.model = e.target.value;
    const url = new URL(location.href);
    url.searchParams.set('model', state.model);
    window.history.replaceState(null, '', url);
    clearTimeout(timer);
    refresh();
  });
  refresh();
})();
