// headpatch console: an execution's page draws its throughput with axes (uPlot) and, while the run
// goes on, polls its progress every 2 s. The pages are complete without it (the chart is then the
// plain SVG line); it only draws the chart and refreshes the numbers, bars and chart in place.
(function () {
  'use strict';
  const page = document.getElementById('execution');
  if (!page) {
    return;
  }
  const running = page.dataset.running === 'true';
  let plot = null;
  const POLL_MS = 2000;
  const number = new Intl.NumberFormat('en-US');
  const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function text(id, value) {
    const element = document.getElementById(id);
    if (element) {
      element.textContent = value;
    }
  }

  function eta(seconds) {
    if (seconds === null || seconds === undefined) {
      return '-';
    }
    const two = (n) => String(n).padStart(2, '0');
    if (seconds >= 3600) {
      return Math.floor(seconds / 3600) + ' h ' + two(Math.floor(seconds % 3600 / 60)) + ' min';
    }
    return seconds >= 60 ? Math.floor(seconds / 60) + ' min ' + two(seconds % 60) + ' s' : seconds + ' s';
  }

  function drawChart(chart) {
    const box = document.getElementById('chart-plot');
    if (!box || typeof uPlot === 'undefined') {
      return;
    }
    const data = [chart.offsets, chart.rates];
    if (plot) {
      plot.setData(data);
      return;
    }
    plot = new uPlot({
      width: Math.min(640, box.clientWidth || 640),
      height: 180,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      series: [{}, { label: 'files/s', stroke: '#1f6feb', width: 2 }],
      axes: [{ label: 'seconds since the first file' }, { label: 'files/s' }],
    }, data, box);
  }

  function show(p) {
    document.getElementById('progress-bar').value = p.percent;
    text('percent', p.percent + ' %');
    text('decided', number.format(p.decided));
    text('total', number.format(p.total));
    text('rate', decimal.format(p.filesPerSecond));
    text('eta', eta(p.etaSeconds));
    text('failures', number.format(p.failures));
    text('partitions-done', p.partitionsCompleted + '/' + p.partitionsTotal + ' completed, ' + p.partitionsFailed + ' failed');
    const status = document.getElementById('status');
    status.textContent = p.status;
    status.className = 'status ' + p.status;
    document.getElementById('chart-line').setAttribute('points', p.chart.points);
    drawChart(p.chart);
    text('chart-peak', number.format(Math.round(p.chart.peakPerSecond)));
    text('chart-span', p.chart.seconds);
    for (const partition of p.partitions) {
      const row = document.querySelector('tr[data-partition="' + CSS.escape(partition.partition) + '"]');
      if (row) {
        row.querySelector('.p-done').textContent = number.format(partition.filesDone);
        const cell = row.querySelector('.p-status span');
        cell.textContent = partition.status || 'PENDING';
        cell.className = 'status ' + (partition.status || '');
      }
    }
  }

  async function fetchProgress() {
    const response = await fetch(page.dataset.progress, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    return response.ok && (response.headers.get('Content-Type') || '').includes('json') ? response.json() : null;
  }

  async function poll() {
    try {
      const progress = await fetchProgress();
      if (progress) {
        show(progress);
        if (!progress.running) {
          // Finished: the page as the server renders it has the final partitions, failures and actions.
          window.location.reload();
          return;
        }
      }
    } catch (e) {
      // The console went away for a moment; try again at the next tick.
    }
    window.setTimeout(poll, POLL_MS);
  }

  if (running) {
    window.setTimeout(poll, POLL_MS);
  }
  // The chart at once, for a finished run as for a running one.
  fetchProgress().then((p) => p && drawChart(p.chart)).catch(() => {});
}());
