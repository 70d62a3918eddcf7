// Draw the charts of the page: each <canvas data-chart="ID"> reads its data from the
// <script type="application/json" id="ID"> block beside it ({labels, datasets, min, max,
// legend: false to leave the legend to the caption}).
// The table under the charts carries the same figures for anyone who cannot see them.
(() => {
  const palette = ["#1f3a68", "#0b7a75", "#b54708", "#5b3cc4", "#b02a37", "#198754", "#6c757d", "#d39e00"];
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    const spec = JSON.parse(source.textContent);
    const datasets = spec.datasets.map((set, index) => ({
      ...set,
      borderColor: palette[index % palette.length],
      backgroundColor: palette[index % palette.length],
      spanGaps: true,
      tension: 0.2,
    }));
    new window.Chart(canvas, {
      type: "line",
      data: { labels: spec.labels, datasets },
      options: {
        animation: still ? false : undefined,
        maintainAspectRatio: false,
        locale: document.documentElement.lang || "fr",
        scales: { y: { min: spec.min, max: spec.max } },
        plugins: { legend: { display: spec.legend !== false, position: "bottom" } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
