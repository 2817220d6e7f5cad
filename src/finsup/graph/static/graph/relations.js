// The relation graph of an institution (finsup.graph): data from <script id="relation-data">; a click
// on a party shows the path that relates it to the institution, read as sentences.
(function () {
  const source = document.getElementById("relation-data");
  const box = document.getElementById("relation-graph");
  const pathBox = document.getElementById("relation-path");
  if (!source || !box || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const COLOURS = { institution: "#b4232a", enterprise: "#1d5fa8", person: "#2f8f5b", state: "#6b5fb5",
                    concert: "#d08a1c", address: "#9aa5b1", phone: "#9aa5b1" };
  const chart = echarts.init(box);
  chart.setOption({
    tooltip: { formatter: (p) => (p.dataType === "edge" ? p.data.text : p.data.label) },
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true,
      force: { repulsion: 420, gravity: 0.1, edgeLength: [80, 160], layoutAnimation: false },
      edgeSymbol: ["none", "arrow"], edgeSymbolSize: 7,
      label: { show: true, position: "right", formatter: (p) => p.data.label, fontSize: 11 },
      lineStyle: { color: "#8793a0", curveness: 0.1 },
      data: data.nodes.map((n) => ({ ...n, symbolSize: n.me ? 34 : 18,
                                     itemStyle: { color: COLOURS[n.category] || "#6b7785" } })),
      links: data.links,
    }],
  });
  chart.on("click", (p) => {
    if (p.dataType !== "node" || !pathBox) return;
    pathBox.replaceChildren();
    const title = document.createElement("p");
    title.textContent = p.data.label;
    const list = document.createElement("ol");
    list.className = "evidence";
    for (const step of p.data.path) {
      const item = document.createElement("li");
      item.textContent = step;
      list.appendChild(item);
    }
    pathBox.append(title, list);
  });
  window.addEventListener("resize", () => chart.resize());
})();
