/* graphkb page: draws the graph data embedded in #graph-data with vis-network.
   Corpus text is only ever put into the page through textContent, never as HTML. */
(function () {
  "use strict";

  const marks = { start: performance.now() };
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  marks.parsed = performance.now();
  const $ = (id) => document.getElementById(id);
  const VEIL = "rgba(251,251,250,0.82)";
  const LABEL_LEAVES_LIMIT = 2000;
  const HEBREW_PREFIXES = "בהולמשכ";

  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const neighbours = new Map(data.nodes.map((n) => [n.id, new Set()]));
  const incident = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    neighbours.get(e.from).add(e.to);
    neighbours.get(e.to).add(e.from);
    incident.get(e.from).push(e.id);
    incident.get(e.to).push(e.id);
  }
  const reviewNeighbours = new Map(
    data.nodes.map((n) => [n.id, [...neighbours.get(n.id)].filter((o) => byId.get(o).type === "Review")])
  );

  const nodeStyle = (type) => data.nodeStyles[type] || { color: "#888888", shape: "dot", legend: type };
  const edgeStyle = (type) => data.edgeStyles[type] || { color: "#cccccc", arrow: false };

  function tooltip(n) {
    const lines = [n.heading];
    if (n.date) lines.push(n.date);
    lines.push(nodeStyle(n.type).legend);
    return lines.join("\n");
  }

  function nodeColor(type) {
    const color = nodeStyle(type).color;
    return { background: color, border: "#ffffff", highlight: { background: color, border: "#111111" },
             hover: { background: color, border: "#555555" } };
  }

  // Per-type looks live in vis groups: per-node options make a 10,000-node page slow to build.
  const groups = {};
  for (const type of Object.keys(data.nodeStyles)) groups[type] = { shape: nodeStyle(type).shape, color: nodeColor(type) };
  // Labels are what makes a big page slow to build; above LABEL_LEAVES_LIMIT nodes the leaves
  // (a paper or link with one neighbour) go without one: hover, click and search still name them.
  const labelLeaves = data.nodes.length <= LABEL_LEAVES_LIMIT;
  const nodes = new vis.DataSet(
    data.nodes.map((n) => {
      const label = labelLeaves || n.degree > 1 ? n.label : undefined;
      const item = { id: n.id, label, title: tooltip(n), x: n.x, y: n.y, value: n.degree + 1, group: n.type };
      if (n.step) Object.assign(item, { value: n.degree + 9, borderWidth: 3, color: { border: "#111111" } });
      return item;
    })
  );
  const edges = new vis.DataSet(
    data.edges.map((e) => ({
      id: e.id, from: e.from, to: e.to, title: e.tip || e.type, color: { color: edgeStyle(e.type).color, highlight: "#333333" },
      arrows: edgeStyle(e.type).arrow ? { to: { enabled: true, scaleFactor: 0.5 } } : undefined,
      width: e.type === "CONTINUES" ? 2.5 : 1,
    }))
  );

  marks.datasets = performance.now();

  // ------------------------------------------------------------------ filters
  const shownTypes = new Set(data.types);
  let since = "";
  let until = "";
  let visible = new Set(data.nodes.map((n) => n.id));

  const inWindow = (date) => !!date && (!since || date >= since) && (!until || date <= until);
  function passesDates(n) {
    if (!since && !until) return true;
    if (n.type === "Review") return inWindow(n.date);
    if (n.type === "Series" && n.date) return !(until && n.date > until) && !(since && (n.end || n.date) < since);
    const reviews = reviewNeighbours.get(n.id);
    return reviews.length === 0 || reviews.some((o) => inWindow(byId.get(o).date));
  }
  function computeVisible() {
    visible = new Set(data.nodes.filter((n) => shownTypes.has(n.type) && passesDates(n)).map((n) => n.id));
  }
  const nodeView = new vis.DataView(nodes, { filter: (item) => visible.has(item.id) });
  const edgeView = new vis.DataView(edges, { filter: (item) => visible.has(item.from) && visible.has(item.to) });

  function refreshFilters() {
    computeVisible();
    nodeView.refresh();
    edgeView.refresh();
    if (state.selected && !visible.has(state.selected)) clearSelection();
    showCounts();
  }
  function showCounts() {
    const shownEdges = edgeView.length;
    $("counts").textContent =
      `${visible.size} of ${data.nodes.length} nodes, ${shownEdges} of ${data.edges.length} links shown`;
  }

  // ------------------------------------------------------------------ network
  const large = data.nodes.length > 1000;
  const options = {
    groups,
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: {
      shape: "dot",
      // square-root scaling: mid-sized nodes keep a readable label at the zoom that fits the whole graph
      scaling: {
        min: data.physics ? 8 : 5, max: data.physics ? 28 : 40,
        label: data.physics
          ? { enabled: true, min: 12, max: 20, drawThreshold: 5 }
          : { enabled: true, min: 12, max: 64, drawThreshold: 11 },
        customScalingFunction: (min, max, total, value) => (max === min ? 0.5 : Math.sqrt((value - min) / (max - min))),
      },
      font: { face: "system-ui, 'Noto Sans Hebrew', 'DejaVu Sans', sans-serif", color: "#222222", strokeWidth: 3, strokeColor: "#ffffff" },
    },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0 },
    interaction: { hideEdgesOnDrag: true, hideEdgesOnZoom: large, hover: !large, tooltipDelay: 200, keyboard: false, multiselect: false },
    physics: data.physics
      ? { enabled: true, solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -120, springLength: 150, springConstant: 0.05, avoidOverlap: 0.8 },
          stabilization: { enabled: true, iterations: 120, updateInterval: 40, fit: true } }
      : { enabled: false },
  };
  const network = new vis.Network($("graph"), { nodes: nodeView, edges: edgeView }, options);

  marks.network = performance.now();
  const state = { ready: false, readyMs: null, selected: null, highlighted: [], moving: false, marks };

  function ready() {
    if (state.ready) return;
    state.ready = true;
    state.readyMs = performance.now();
    document.body.dataset.ready = "true";
    if (data.focus && byId.has(data.focus)) select(data.focus);  // the whole view stays in sight
  }
  function fitPrecomputed() {
    // network.fit() measures every label; the positions are known, so fit their box.
    if (!data.nodes.length) return;
    const xs = data.nodes.map((n) => n.x), ys = data.nodes.map((n) => n.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const box = $("graph").getBoundingClientRect();
    const scale = Math.min(box.width / (maxX - minX + 120), box.height / (maxY - minY + 120), 2);
    network.moveTo({ position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 }, scale });
  }
  if (data.physics) {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      network.once("afterDrawing", ready);
    });
  } else {
    fitPrecomputed();
    network.once("afterDrawing", ready);
  }

  // --------------------------------------------------------------- selection
  // The selected node's neighbourhood is drawn again over a veil after each frame:
  // a click costs the size of the neighbourhood, not of the graph.
  const highlighted = { nodes: [], edges: [] };
  network.on("afterDrawing", (ctx) => {
    if (!state.selected) return;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = VEIL;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    const body = network.body;
    for (const id of highlighted.edges) {
      const edge = body.edges[id];
      if (edge && edge.connected) edge.draw(ctx);
    }
    const labels = [];
    for (const id of highlighted.nodes) {
      const node = body.nodes[id];
      if (!node) continue;
      const later = node.draw(ctx);
      if (later && later.drawExternalLabel) labels.push(later.drawExternalLabel);
    }
    labels.forEach((draw) => draw());
  });

  function select(id, { focus = false } = {}) {
    const n = byId.get(id);
    if (!n) return;
    if (!visible.has(id)) resetFilters();
    state.selected = id;
    highlighted.nodes = [...neighbours.get(id), id];
    highlighted.edges = incident.get(id);
    state.highlighted = highlighted.nodes;
    network.selectNodes([id], true);
    showDetails(n);
    if (focus) {
      state.moving = true;
      network.once("animationFinished", () => { state.moving = false; });
      network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    }
  }

  function clearSelection() {
    state.selected = null;
    state.highlighted = [];
    network.unselectAll();
    showDetails(null);
  }

  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0]);
    else if (!params.edges.length) clearSelection();
  });

  // ----------------------------------------------------------------- details
  function element(tag, text, attributes = {}) {
    const el = document.createElement(tag);
    if (text !== undefined && text !== null) el.textContent = String(text);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    return el;
  }
  function nodeButton(id, text) {
    const button = element("button", text, { type: "button", dir: "auto" });
    button.addEventListener("click", () => select(id, { focus: true }));
    return button;
  }
  const WEB_URL = /^https?:\/\//i;
  const shorten = (text, limit) => (text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`);
  const reviewName = (n, limit = 200) => (n.untitled ? n.heading : `${n.date || ""} ${shorten(n.heading, limit)}`);

  function showDetails(n) {
    $("details-empty").hidden = n !== null;
    $("close-details").hidden = n === null;
    if (n === null) {
      n = { type: null, heading: "", fields: [], links: [], evidence: null, chain: [], related: [], text: "" };
    }
    $("details-type").textContent = n.type ? nodeStyle(n.type).legend : "";
    $("details-heading").textContent = n.heading;
    const fields = $("details-fields");
    fields.replaceChildren();
    for (const [name, value] of n.fields) {
      const dd = element("dd", Array.isArray(value) ? null : value, { dir: "auto" });
      if (Array.isArray(value)) {  // each item keeps its own direction: "Mamba-2, ממבה, ממבה 2"
        value.forEach((item, i) => dd.append(...(i ? [", "] : []), element("bdi", item)));
      }
      fields.append(element("dt", name), dd);
    }
    const links = $("details-links");
    links.replaceChildren();
    for (const [text, url] of n.links) {
      if (!WEB_URL.test(url)) continue;
      const li = element("li");
      li.append(element("a", text, { href: url, target: "_blank", rel: "noopener noreferrer", dir: "auto" }));
      links.append(li);
    }
    const evidence = $("details-evidence");
    evidence.hidden = !n.evidence;
    evidence.textContent = n.evidence || "";

    const chain = $("details-chain");
    chain.replaceChildren();
    if (n.chain.length) {
      chain.append(element("h3", "Continuations"));
      const list = element("ul", null, { class: "chain" });
      for (const [relation, id, because] of n.chain) {
        const other = byId.get(id);
        const li = element("li");
        if (other) li.append(nodeButton(id, `${relation} ${reviewName(other)}`));
        else li.append(element("span", `${relation} ${id}`));
        if (because) li.append(element("span", because, { class: "evidence", dir: "auto" }));
        list.append(li);
      }
      chain.append(list);
    }
    const related = $("details-related");
    related.replaceChildren();
    if (n.related.length) {
      related.append(element("h3", n.type === "Review" ? "Top concepts" : "Reviews"));
      const list = element("ul", null, { class: "related" });
      for (const id of n.related) {
        const other = byId.get(id);
        if (!other) continue;
        const li = element("li");
        li.append(nodeButton(id, other.type === "Review" ? reviewName(other, 48) : other.heading));
        list.append(li);
      }
      related.append(list);
    }
    $("details-text").textContent = n.text || "";
  }
  $("close-details").addEventListener("click", clearSelection);

  // ------------------------------------------------------------------ search
  const fold = (text) =>
    String(text).normalize("NFC").toLocaleLowerCase().replace(/[\u0591-\u05C7]/g, "").replace(/[-_]/g, " ")
      .replace(/\s+/g, " ").trim();
  const searchKeys = new Map(data.nodes.map((n) => [n.id, n.search.map(fold)]));

  function search(query) {
    const wanted = fold(query);
    if (!wanted) return [];
    const bare = [];
    let stripped = wanted;
    while (stripped && HEBREW_PREFIXES.includes(stripped[0])) {
      stripped = stripped.slice(1).trim();
      if (stripped) bare.push(stripped);
    }
    const scored = [];
    for (const n of data.nodes) {
      let score = 0;
      for (const key of searchKeys.get(n.id)) {
        if (key === wanted) score = Math.max(score, 4);
        else if (bare.includes(key)) score = Math.max(score, 3);
        else if (key.startsWith(wanted)) score = Math.max(score, 2);
        else if (wanted.length >= 2 && key.includes(wanted)) score = Math.max(score, 1);
      }
      if (score) scored.push([score, n.type === "Concept" ? 1 : 0, n.degree, n]);
    }
    scored.sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2]);
    return scored.map((s) => s[3]);
  }

  function showResults() {
    const list = $("results");
    list.replaceChildren();
    for (const n of search($("search").value).slice(0, 12)) {
      const li = element("li");
      const button = nodeButton(n.id, n.label);
      button.append(element("span", nodeStyle(n.type).legend, { class: "kind" }));
      li.append(button);
      list.append(li);
    }
  }
  $("search").addEventListener("input", showResults);
  $("search").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const best = search(event.target.value)[0];
      if (best) select(best.id, { focus: true });
    } else if (event.key === "Escape") {
      event.target.value = "";
      showResults();
      clearSelection();
    }
  });

  // ------------------------------------------------------- legend and dates
  const counts = new Map();
  for (const n of data.nodes) counts.set(n.type, (counts.get(n.type) || 0) + 1);
  for (const type of data.types) {
    const style = nodeStyle(type);
    const li = element("li");
    const label = element("label");
    label.style.display = "contents";
    const box = element("input", null, { type: "checkbox", "data-type": type });
    box.checked = true;
    box.addEventListener("change", () => {
      if (box.checked) shownTypes.add(type);
      else shownTypes.delete(type);
      refreshFilters();
    });
    const swatch = element("span", null, { class: `swatch ${style.shape}` });
    swatch.style.background = style.color;
    label.append(box, swatch, element("span", style.legend), element("span", String(counts.get(type)), { class: "count" }));
    li.append(label);
    $("legend").append(li);
  }
  const edgeTypes = [...new Set(data.edges.map((e) => e.type))];
  for (const type of edgeTypes) {
    const li = element("li");
    const line = element("span", null, { class: "edge" });
    line.style.background = edgeStyle(type).color;
    li.append(line, element("span", type.toLowerCase().replace("_", " ") + (edgeStyle(type).arrow ? " →" : "")));
    $("legend").append(li);
  }

  if (data.dateRange) {
    for (const id of ["since", "until"]) {
      $(id).min = data.dateRange[0];
      $(id).max = data.dateRange[1];
    }
  } else {
    $("dates").hidden = true;
  }
  function onDates() {
    since = $("since").value;
    until = $("until").value;
    refreshFilters();
  }
  $("since").addEventListener("change", onDates);
  $("until").addEventListener("change", onDates);
  function resetFilters() {
    $("since").value = "";
    $("until").value = "";
    since = until = "";
    for (const box of document.querySelectorAll("#legend input[type=checkbox]")) box.checked = true;
    data.types.forEach((type) => shownTypes.add(type));
    refreshFilters();
  }
  $("all-dates").addEventListener("click", () => {
    $("since").value = "";
    $("until").value = "";
    onDates();
  });

  $("view").textContent = data.view;
  showCounts();

  window.graphkb = { data, options, network, nodes, edges, nodeView, edgeView, state, select, search, clearSelection, resetFilters };
})();
