// Indicator trends of one institution: one small line chart per rule. Data comes from
// <script type="application/json" id="indicator-data"> (and id="indicator-labels") blocks.
(function () {
  const source = document.getElementById("indicator-data");
  if (!source || !window.echarts) return;
  const charts = JSON.parse(source.textContent);
  const labels = JSON.parse(document.getElementById("indicator-labels").textContent);
  const num = (v) => (v === null || v === undefined ? null : Number(v));
  const colour = { ok: "#1d5fa8", bad: "#b4232a", limit: "#d08a1c" };
  const esc = (text) => String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

  function option(c) {
    const limit = num(c.constant_threshold);
    const values = c.values.map((v, i) => ({
      value: num(v),
      itemStyle: { color: c.passed[i] === false ? colour.bad : colour.ok },
      symbolSize: c.passed[i] === false ? 9 : 6,
    }));
    const series = [{ name: labels.value, type: "line", data: values, lineStyle: { color: colour.ok },
                      itemStyle: { color: colour.ok }, connectNulls: false }];
    if (c.constant_threshold !== null) {
      // An invisible copy of the threshold keeps it inside the axis range (a markLine does not count).
      series.push({ type: "line", data: c.periods.map(() => limit), symbol: "none", silent: true,
                    lineStyle: { opacity: 0 }, tooltip: { show: false } });
      series[0].markLine = {
        symbol: "none", silent: true, lineStyle: { type: "dashed", color: colour.limit },
        label: { formatter: labels.threshold + " " + c.constant_threshold, position: "insideEndTop" },
        data: [{ yAxis: num(c.constant_threshold) }],
      };
    } else if (c.thresholds.some((t) => t !== null)) {
      // The threshold moved between periods (a new rule version, a different rating): draw it as a step line.
      series.push({ name: labels.threshold, type: "line", step: "middle", symbol: "none",
                    lineStyle: { type: "dashed", color: colour.limit }, itemStyle: { color: colour.limit },
                    data: c.thresholds.map(num) });
    }
    return {
      tooltip: {
        trigger: "axis",
        formatter: (items) => {
          const i = items[0].dataIndex;
          const verdict = c.passed[i] === null ? "" : " · " + (c.passed[i] ? labels.passed : labels.breached);
          return `${esc(c.periods[i])}<br>${esc(labels.value)}: ${esc(c.values[i] ?? "—")}${esc(verdict)}` +
                 `<br>${esc(labels.threshold)}: ${esc(c.threshold_labels[i] || "—")}`;
        },
      },
      grid: { left: 56, right: 16, top: 16, bottom: 40 },
      xAxis: { type: "category", data: c.periods, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", scale: true },
      series: series,
    };
  }

  document.querySelectorAll("[data-indicator]").forEach((el) => {
    const chart = echarts.init(el);
    chart.setOption(option(charts[Number(el.dataset.indicator)]));
    window.addEventListener("resize", () => chart.resize());
  });
})();
