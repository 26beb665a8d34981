// Draws every chart on the page from the figure JSON beside it. Without JavaScript the data
// table next to each chart carries the same figures.
document.querySelectorAll("[data-chart]").forEach(function (element) {
  var source = document.getElementById(element.getAttribute("data-chart"));
  if (!source || !window.Plotly) return;
  var figure = JSON.parse(source.textContent);
  window.Plotly.newPlot(element, figure.data, figure.layout, {
    displayModeBar: false,
    responsive: true,
  });
});
