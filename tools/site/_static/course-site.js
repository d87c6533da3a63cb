// Draw every stored plotly figure of the page with the page's local plotly.js.
// Each figure is a <div class="course-plotly"> followed by its JSON in a
// <script type="application/json" class="course-plotly-data"> (see tools/build_site.py).
"use strict";
function drawCourseFigures() {
  for (const div of document.querySelectorAll("div.course-plotly:not([data-drawn])")) {
    const script = div.nextElementSibling;
    if (!script || !script.classList.contains("course-plotly-data")) continue;
    const figure = JSON.parse(script.textContent);
    // figure.config: the course's one figure config (helpers.plots.style.FIGURE_CONFIG)
    const config = Object.assign({responsive: true}, figure.config || {});
    div.dataset.drawn = "pending";
    Plotly.newPlot(div, figure.data || [], figure.layout || {}, config)
      .then(() => { div.dataset.drawn = "yes"; })
      .catch((error) => { div.dataset.drawn = "failed"; console.error(error); });
  }
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawCourseFigures);
} else {
  drawCourseFigures();
}
