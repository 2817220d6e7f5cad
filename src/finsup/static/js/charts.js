// Dashboard charts: data comes from a <script type="application/json" id="chart-data"> block.
(function () {
  const source = document.getElementById("chart-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const palette = ["#b4232a", "#1d5fa8", "#d08a1c", "#2f8f5b", "#6b5fb5"];
  const levelColours = ["#5b8fd0", "#e0a526", "#d9622b", "#9e1c22"];
  const STATUS_COLOURS = { preparing: "#9aa5b1", operating: "#2f8f5b", suspended: "#d08a1c",
                           exiting: "#6b5fb5", revoked: "#b4232a" };
  const build = {
    county: () => ({
      color: palette,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 40, right: 10, bottom: 60, top: 70 },
      xAxis: { type: "category", data: data.counties, axisLabel: { rotate: 40 } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map((s) => ({ name: s.name, type: "bar", stack: "all", data: s.data })),
    }),
    status: () => ({
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      // Each status keeps its colour whichever statuses are present.
      series: [{ type: "pie", radius: ["40%", "70%"],
                 data: data.status.filter((d) => d.value > 0)
                   .map((d) => ({ ...d, itemStyle: { color: STATUS_COLOURS[d.code] } })),
                 label: { formatter: "{b}: {c}" } }],
    }),
    // Warnings not yet closed; levels from least to most severe, coloured the same as the badges.
    warningsCounty: () => ({
      color: levelColours,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 40, right: 10, bottom: 60, top: 70 },
      xAxis: { type: "category", data: data.counties, axisLabel: { rotate: 40 } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.warnings.by_county.map((s) => ({ name: s.name, type: "bar", stack: "all", data: s.data })),
    }),
    warningsKind: () => ({
      color: palette,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 40, right: 10, bottom: 30, top: 20, containLabel: true },
      xAxis: { type: "category", data: data.warnings.by_kind.map((d) => d.name), axisLabel: { interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.warnings.by_kind.map((d) => d.value), colorBy: "data",
                 label: { show: true, position: "top" } }],
    }),
  };
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const chart = echarts.init(el);
    chart.setOption(build[el.dataset.chart]());
    window.addEventListener("resize", () => chart.resize());
  });
})();
