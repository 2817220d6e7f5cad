// Charts of the financial operation analysis: data from <script type="application/json" id="analysis-chart-data">.
(function () {
  const source = document.getElementById("analysis-chart-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const palette = ["#1d5fa8", "#b4232a", "#2f8f5b", "#d08a1c", "#6b5fb5"];
  const build = {
    overTime: () => ({
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 20, right: 20, bottom: 30, top: 60, containLabel: true },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value" },
      series: data.series.map((s) => ({ name: s.name, type: "line", data: s.data, connectNulls: false })),
    }),
    byCounty: () => ({
      color: palette,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 20, right: 20, bottom: 40, top: 50, containLabel: true },
      xAxis: { type: "category", data: data.counties, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value" },
      series: data.series.map((s) => ({ name: s.name, type: "bar", data: s.data })),
    }),
  };
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const chart = echarts.init(el);
    chart.setOption(build[el.dataset.chart]());
    el.dataset.rendered = "1";
    window.addEventListener("resize", () => chart.resize());
  });
})();
