// The plotly.js parts the charts use: the core (which always brings scatter), bar and heatmap.
// Keep in step with the trace types of dashboards/charts.py, dashboards/benchmark_charts.py and
// selfeval/charts.py; tests/app/test_plotly_bundle.py fails when a chart uses another type.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
  require('plotly.js/lib/bar'),
  require('plotly.js/lib/heatmap'),
]);

module.exports = Plotly;
