// Judgmental rotation preview: turning the slider rotates the chosen pair's loadings in the
// browser (same formula as qsort.analysis.rotation.judgmental_rotation); "Apply" posts the
// angle and the server re-runs and stores the analysis.
//   a_i' = a_i cos t + a_j sin t,   a_j' = -a_i sin t + a_j cos t

import { format } from "./format.js";

const form = document.querySelector('[data-js="rotation"]');
if (form) {
  const data = JSON.parse(document.getElementById("rotation-data").textContent);
  const chart = document.getElementById(form.dataset.chart);
  const output = form.querySelector("output");
  const field = (name) => form.elements.namedItem(name);

  const traces = () => {
    const i = Number(field("first").value) - 1;
    const j = Number(field("second").value) - 1;
    const t = (Number(field("degrees").value) * Math.PI) / 180;
    const [c, s] = [Math.cos(t), Math.sin(t)];
    const groups = [
      { name: data.flaggedLabel, color: "#1f5fbf", size: 11, rows: [] },
      { name: data.otherLabel, color: "#9aa3b2", size: 8, rows: [] },
    ];
    data.loadings.forEach((row, n) => {
      const flagged = data.flags[n][i] || data.flags[n][j];
      groups[flagged ? 0 : 1].rows.push(n);
    });
    return {
      i, j,
      data: groups.map((g) => ({
        type: "scatter", mode: "markers", name: g.name,
        x: g.rows.map((n) => data.loadings[n][i] * c + data.loadings[n][j] * s),
        y: g.rows.map((n) => -data.loadings[n][i] * s + data.loadings[n][j] * c),
        text: g.rows.map((n) => data.names[n]), customdata: g.rows,
        marker: { color: g.color, size: g.size },
        hovertemplate: "%{text}<br>%{x:.2f}, %{y:.2f}<extra></extra>",
      })),
    };
  };

  const redraw = () => {
    if (!chart || !window.Plotly || !chart.layout) return;
    const { i, j, data: next } = traces();
    output.textContent = `${field("degrees").value}°`;
    const layout = { ...chart.layout };
    layout.xaxis = { ...layout.xaxis, title: { text: format(data.axisLabel, { factor: i + 1 }) } };
    layout.yaxis = { ...layout.yaxis, title: { text: format(data.axisLabel, { factor: j + 1 }) } };
    window.Plotly.react(chart, next, layout);
  };

  form.addEventListener("input", redraw);
  form.addEventListener("change", redraw);
}
