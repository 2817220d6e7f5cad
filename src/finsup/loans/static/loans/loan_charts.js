// Loan-level monitoring of one company: the loan book and the row rules' hit counts over time (each
// aggregate rule against its limit is drawn by js/indicators.js, as for filings). Data comes from
// <script type="application/json" id="loan-chart-data"> and id="loan-chart-labels" (no inline scripts: CSP).
(function () {
  const source = document.getElementById("loan-chart-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const labels = JSON.parse(document.getElementById("loan-chart-labels").textContent);
  const num = (v) => (v === null || v === undefined ? null : Number(v));
  const colour = { ok: "#1d5fa8", bad: "#b4232a" };
  const palette = ["#b4232a", "#1d5fa8", "#d08a1c", "#2f8f5b", "#6b5fb5", "#5f6b7a", "#c2185b", "#00838f"];
  const esc = (text) => String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const axis = (days) => ({ type: "category", data: days, axisLabel: { hideOverlap: true } });

  function book() {
    const b = data.book;
    return {
      color: [colour.ok, colour.bad],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 64, right: 16, top: 36, bottom: 40 },
      xAxis: axis(b.days),
      yAxis: { type: "value", name: labels.wan, nameTextStyle: { align: "left" } },
      series: [
        { name: labels.outstanding, type: "line", data: b.outstanding.map(num), showSymbol: b.days.length < 60 },
        { name: labels.overdue, type: "line", data: b.overdue.map(num), areaStyle: { opacity: 0.15 },
          showSymbol: b.days.length < 60 },
      ],
    };
  }

  function hits() {
    const h = data.hits;
    return {
      color: palette,
      tooltip: {
        trigger: "axis",
        formatter: (items) => esc(items[0].axisValue) + items.map((it) =>
          `<br>${it.marker}${esc(it.seriesName)}: ${esc(it.value ?? "—")}`).join(""),
      },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 48, right: 16, top: 16, bottom: 64 },
      xAxis: axis(h.days),
      yAxis: { type: "value", minInterval: 1 },
      series: h.series.map((s) => ({ name: s.name, type: "line", data: s.data, connectNulls: false,
                                     showSymbol: h.days.length < 60 })),
    };
  }

  document.querySelectorAll("[data-loan-chart]").forEach((el) => {
    const chart = echarts.init(el);
    chart.setOption(el.dataset.loanChart === "book" ? book() : hits());
    window.addEventListener("resize", () => chart.resize());
  });
})();
