// headpatch console: live progress on an execution's page, polled every 2 s while the run goes on.
// The pages are complete without it; it only refreshes the numbers, bars and chart in place.
(function () {
  'use strict';
  const page = document.getElementById('execution');
  if (!page || page.dataset.running !== 'true') {
    return;
  }
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

  async function poll() {
    try {
      const response = await fetch(page.dataset.progress, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (response.ok && (response.headers.get('Content-Type') || '').includes('json')) {
        const progress = await response.json();
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

  window.setTimeout(poll, POLL_MS);
}());
