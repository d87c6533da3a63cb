// Draw every stored plotly figure of the page with the page's local plotly.js.
// Each figure is a <div class="course-plotly"> followed by its JSON in a
// <script type="application/json" class="course-plotly-data"> (see tools/build_site.py).
"use strict";
const COURSE_FIGURE_CONFIG = {
  displaylogo: false,
  showLink: false,
  showSendToCloud: false,
  showEditInChartStudio: false,
  responsive: true,
  modeBarButtonsToRemove: ["sendDataToCloud", "lasso2d", "select2d", "toggleSpikelines"],
};
function drawCourseFigures() {
  for (const div of document.querySelectorAll("div.course-plotly:not([data-drawn])")) {
    const script = div.nextElementSibling;
    if (!script || !script.classList.contains("course-plotly-data")) continue;
    const figure = JSON.parse(script.textContent);
    const config = Object.assign({}, figure.config || {}, COURSE_FIGURE_CONFIG);
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
