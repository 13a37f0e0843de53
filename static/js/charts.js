// Draws every Plotly figure on the page: <script type="application/json" data-chart="ID">
// holds the figure built in Python (qsort/charts.py); the chart goes into #ID.
const draw = (source) => {
  const target = document.getElementById(source.dataset.chart);
  if (!target || !window.Plotly) return;
  const figure = JSON.parse(source.textContent);
  window.Plotly.newPlot(target, figure.data, figure.layout, {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d"],
  });
};

document.querySelectorAll('script[type="application/json"][data-chart]').forEach(draw);
