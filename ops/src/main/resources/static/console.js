// headpatch console: an execution's page draws its throughput with axes (uPlot) and, while the run
// goes on, fetches its moving part every 2 s and swaps it in whole: every number on it comes from one
// database snapshot, so no part is older than another. The pages are complete without it (the chart
// is then the plain SVG line).
(function () {
  'use strict';
  const POLL_MS = 2000;
  let plot = null;

  function drawChart(live) {
    const box = live.querySelector('#chart-plot');
    if (plot) {
      plot.destroy();
      plot = null;
    }
    if (!box || typeof uPlot === 'undefined') {
      return;
    }
    const [offsets, rates] = (box.dataset.series || ';').split(';')
      .map((list) => (list ? list.split(',').map(Number) : []));
    plot = new uPlot({
      width: Math.min(640, box.clientWidth || 640),
      height: 180,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      series: [{}, { label: 'files/s', stroke: '#1f6feb', width: 2 }],
      axes: [{ label: 'seconds since the first file' }, { label: 'files/s' }],
    }, [offsets, rates], box);
  }

  async function fetchLive(src) {
    const response = await fetch(src, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
    if (!response.ok || !(response.headers.get('Content-Type') || '').includes('html')) {
      return null;
    }
    const parsed = new DOMParser().parseFromString(await response.text(), 'text/html');
    return parsed.getElementById('live');
  }

  async function poll() {
    const current = document.getElementById('live');
    try {
      const next = await fetchLive(current.dataset.src);
      if (next) {
        current.replaceWith(next);
        drawChart(next);
        if (next.dataset.moving !== 'true') {
          return;
        }
      }
    } catch (e) {
      // The console went away for a moment; try again at the next tick.
    }
    window.setTimeout(poll, POLL_MS);
  }

  function start() {
    const live = document.getElementById('live');
    if (!live) {
      return;
    }
    drawChart(live);
    if (live.dataset.moving === 'true') {
      window.setTimeout(poll, POLL_MS);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
