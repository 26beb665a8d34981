// Draws every chart on the page from the figure JSON beside it. Without JavaScript the chart's
// box stays hidden and the data table next to it carries the same figures.
// Each drawn chart gets data-rendered and a performance mark, so the browser tests can time
// the first chart a reader sees.
(function () {
  if (!window.Plotly) return;
  // Anything that only makes sense with a chart in it (a "Show as a chart" disclosure) is
  // marked hidden data-chart-only in the page, and shown here.
  document.querySelectorAll("[data-chart-only]").forEach(function (element) {
    element.hidden = false;
  });
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    // Shown before drawing: plotly measures the box's width to size the chart.
    element.hidden = false;
    window.Plotly.newPlot(element, figure.data, figure.layout, {
      displayModeBar: false,
      responsive: true,
    }).then(function () {
      element.setAttribute("data-rendered", "");
      if (window.performance && performance.mark) performance.mark("chart-rendered");
    });
  });
})();
