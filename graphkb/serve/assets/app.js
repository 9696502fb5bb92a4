// graphkb serve: the page. Draws with sigma.js over a graphology graph; every view comes from the JSON API.
// Corpus text only ever reaches the page through textContent (after bidi controls are removed).
// One file on purpose (about 1,000 lines): the page's Content-Security-Policy allows scripts from 'self' only and
// the package ships no bundler, so the panels (search, details, console, paths, time, export) share one closure.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
  const WEB_URL = /^https?:\/\//i;
  const STEP_COLOR = "#d62728";
  // Nodes are drawn as point sprites and links as one-pixel lines (sigma's point and line programs, one vertex
  // or two per item): sigma's default programs are instanced, and software WebGL (SwiftShader, where there is no
  // GPU) draws each instance on its own, seconds for 100,000 links.  Directed links added around a node (expand,
  // console results, paths) and reading-path steps keep arrowheads (sigma's instanced arrow program); the whole
  // graph's overview draws every link as a line.
  const BIG_STORE_LINKS = 20000;  // from this size on, links are hidden while the camera moves
  const SELECTED_EDGE = "#444";
  const UNDO_LIMIT = 30;

  const clean = (text) => String(text ?? "").replace(BIDI_CONTROLS, "");

  function element(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== null && text !== undefined) node.textContent = clean(text);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }

  // -- the API ----------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(payload) {
      const more = payload.candidates && payload.candidates.length ? ` (did you mean: ${payload.candidates.join(", ")}?)` : "";
      super((payload.error || "request failed") + (payload.error && payload.error.includes("did you mean") ? "" : more));
      this.kind = payload.kind;
    }
  }

  async function api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    };
    return answer(await fetch(path, options));
  }

  async function answer(response) {
    const type = response.headers.get("content-type") || "";
    if (!type.startsWith("application/json")) {
      if (!response.ok) throw new ApiError({ error: `${response.status} ${response.statusText}` });
      return response;
    }
    const payload = await response.json();
    if (!response.ok) throw new ApiError(payload);
    return payload;
  }
  const query = (path, params) => api(`${path}?${new URLSearchParams(params)}`);

  // -- state ------------------------------------------------------------------------------------
  const graph = new graphology.Graph({ type: "directed", multi: true, allowSelfLoops: false });
  let info = null;
  let renderer = null;
  let selected = null;
  let highlighted = new Set();   // the selection and its neighbours
  let pathNodes = new Map();     // node -> step number of the drawn path or plan
  const hiddenTypes = new Set();
  let dateWindow = null;         // [since, until] as ISO dates, or null for all
  let recipe = freshRecipe("all");
  const undoStack = [];
  const selectionHistory = [];
  let results = [];
  let resultIndex = -1;
  let lastConsole = null;

  function freshRecipe(seed) {
    return { seed, ex: [], add: [], hide: [], path: null, plan: null, cy: null };
  }

  // -- drawing ----------------------------------------------------------------------------------
  function nodeColor(type) {
    return (info.nodeStyles[type] || { color: "#888" }).color;
  }

  // Node and link attributes carry every field sigma fills in with a default, so the copies it makes all share
  // one shape (adding fields one by one to 100,000 copies costs seconds).
  function nodeAttributes(x, y, kind, label, date, degree) {
    return {
      x, y, type: "circle", kind, label: clean(label), date: date || null,
      size: Math.min(3 + 1.6 * Math.sqrt(degree || 0), 16), color: nodeColor(kind),
      hidden: false, highlighted: false, forceLabel: false, zIndex: 0,
    };
  }

  function edgeAttributes(relation, arrows) {
    if (relation === "STEP") {
      return { relation, color: STEP_COLOR, size: 3, type: "arrow", label: "", hidden: false, forceLabel: false, zIndex: 2 };
    }
    const style = info.edgeStyles[relation] || { color: "#ccc", arrow: false };
    return {
      relation, color: style.color, size: 1, type: style.arrow && arrows ? "arrow" : "line",
      label: "", hidden: false, forceLabel: false, zIndex: 0,
    };
  }

  function addItems(data) {
    for (const item of data.nodes) {
      graph.mergeNode(item.id, nodeAttributes(item.x, item.y, item.type, item.label, item.date, item.size));
    }
    for (const edge of data.edges) {
      if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target) || graph.hasEdge(edge.id)) continue;
      graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, edgeAttributes(edge.type, true));
    }
  }

  function addColumns(data) {
    const columns = data.nodes, links = data.edges;
    for (let i = 0; i < columns.id.length; i++) {
      graph.addNode(columns.id[i], nodeAttributes(columns.x[i], columns.y[i], data.types[columns.type[i]], columns.label[i],
        columns.date[i], columns.size[i]));
    }
    for (let i = 0; i < links.source.length; i++) {
      const source = columns.id[links.source[i]], target = columns.id[links.target[i]];
      const relation = data.relations[links.type[i]];
      graph.addDirectedEdgeWithKey(`${source}|${relation}|${target}`, source, target, edgeAttributes(relation, false));
    }
  }

  function visible(node, attrs) {
    if (hiddenTypes.has(attrs.kind)) return false;
    if (dateWindow && attrs.date && (attrs.date < dateWindow[0] || attrs.date > dateWindow[1])) return false;
    return true;
  }

  // A selection changes only the selected node, its neighbours and its links, so a click reprocesses just
  // those (sigma's partial refresh) and stays fast on 50,000 nodes; filters reprocess the whole view.
  // sigma hands the reducers a copy of the attributes, which they change in place (no second copy per item).
  function nodeReducer(node, shown) {
    if (!visible(node, shown)) { shown.hidden = true; return shown; }
    if (pathNodes.has(node)) {
      shown.label = `${pathNodes.get(node)}. ${shown.label}`;
      shown.forceLabel = true;
      shown.zIndex = 2;
    }
    if (highlighted.has(node)) {
      shown.forceLabel = true;
      shown.zIndex = 3;
      if (node === selected) {
        shown.highlighted = true;
        shown.size *= 1.6;
      }
    }
    return shown;
  }

  function edgeReducer(edge, shown) {
    if (selected === null || shown.relation === "STEP") return shown;
    if (graph.source(edge) === selected || graph.target(edge) === selected) {
      shown.color = SELECTED_EDGE;
      shown.size = 2;
      shown.zIndex = 1;
    }
    return shown;
  }

  // sigma can repaint part of the view only when it has processed the graph as it is now
  let changedSinceRefresh = true;
  for (const event of ["nodeAdded", "edgeAdded", "nodeDropped", "edgeDropped", "cleared", "edgesCleared"]) {
    graph.on(event, () => { changedSinceRefresh = true; });
  }

  // Sigma processes each node and edge added to the graph it draws, and all of them again on the next refresh:
  // a bulk change (a whole view, an undo) is made while the renderer draws an empty graph, and redraw() puts
  // the view back with one refresh.
  const offstage = new graphology.Graph();
  let detached = false;
  function bulk(change) {
    if (renderer && !detached) { renderer.setGraph(offstage); detached = true; }
    change();
  }

  // One full refresh, drawn at once: every change of the view ends here (a selection repaints only its part).
  function redraw() {
    if (detached) renderer.setGraph(graph); else renderer.refresh();
    detached = false;
    changedSinceRefresh = false;
    updateCounts();
  }

  function updateCounts() {
    let shown = 0;
    graph.forEachNode((node, attrs) => { if (visible(node, attrs)) shown += 1; });
    $("counts").textContent = `${shown.toLocaleString("en")} of ${info.nodes.toLocaleString("en")} nodes shown, ` +
      `${graph.size.toLocaleString("en")} links`;
    document.body.dataset.nodes = String(graph.order);
  }

  // The camera works in sigma's normalised coordinates (the bounding box mapped onto [0, 1]); computing them here
  // lets a view be framed before it is first drawn, so it is drawn once.
  function fit(nodes) {
    const camera = renderer.getCamera();
    const chosen = (nodes || graph.nodes()).filter((node) => graph.hasNode(node));
    if (!chosen.length) return;
    const normalise = Sigma.utils.createNormalizationFunction({ x: info.bbox[0], y: info.bbox[1] });
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const node of chosen) {
      const shown = normalise(graph.getNodeAttributes(node));
      minX = Math.min(minX, shown.x); maxX = Math.max(maxX, shown.x);
      minY = Math.min(minY, shown.y); maxY = Math.max(maxY, shown.y);
    }
    const ratio = Math.max(maxX - minX, maxY - minY, 0.02) * 1.1;
    camera.setState({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio: Math.min(ratio, 1.2), angle: 0 });
  }

  function setBBox() {
    if (info.bbox) renderer.setCustomBBox({ x: info.bbox[0], y: info.bbox[1] });
  }

  // -- undo ---------------------------------------------------------------------------------------
  function remember() {
    undoStack.push({ graph: graph.export(), recipe: JSON.parse(JSON.stringify(recipe)), path: [...pathNodes] });
    if (undoStack.length > UNDO_LIMIT) undoStack.shift();
  }

  function undo() {
    const last = undoStack.pop();
    if (!last) { status("nothing to undo"); return; }
    bulk(() => { graph.clear(); graph.import(last.graph); });
    recipe = last.recipe;
    pathNodes = new Map(last.path);
    setSelection(graph.hasNode(selected) ? selected : null, true);
    redraw();
    status("undone");
    saveState();
  }

  // -- views ----------------------------------------------------------------------------------------
  function status(text, isError) {
    $("status").textContent = clean(text);
    $("status").classList.toggle("error", Boolean(isError));
  }


  const boot = window.graphkbBoot;  // the requests boot.js made while the page loaded, each answer used once
  function booted(name) {
    const response = boot[name];
    boot[name] = null;
    return response.then(answer);
  }

  async function loadSeed(seed, limit) {
    pathNodes = new Map();
    if (seed === "all") {
      const opening = boot.graph && (limit || null) === boot.limit;
      const data = await (opening ? booted("graph") : query("/api/graph", limit ? { limit } : {}));
      bulk(() => { graph.clear(); addColumns(data); });
      status(data.nodes.id.length < data.total ? `showing the ${data.nodes.id.length.toLocaleString("en")} best-linked of ` +
        `${data.total.toLocaleString("en")} nodes` : `the whole graph: ${data.total.toLocaleString("en")} nodes`);
    } else {
      graph.clear();
      await expandNode(seed, 0, false);
    }
  }

  function viewIds() {
    return graph.nodes();
  }

  async function expandNode(node, offset, record) {
    const data = await api("/api/expand", { id: node, offset: offset || 0, limit: info.limits.expand, view: viewIds() });
    addItems(data);
    if (record !== false) recipe.ex.push([node, offset || 0]);
    const name = graph.hasNode(node) ? graph.getNodeAttribute(node, "label") : node;
    const more = data.shown < data.total;
    status(`${name}: showing ${data.shown} of ${data.total} neighbours` + (more ? " (expand again for more)" : ""));
    const added = graph.hasNode(node) ? (graph.getNodeAttribute(node, "addedNeighbours") || []) : [];
    graph.setNodeAttribute(node, "addedNeighbours", [...new Set([...added, ...data.nodes.slice(1).map((n) => n.id)])]);
    graph.setNodeAttribute(node, "nextOffset", data.shown < data.total ? data.shown : null);
    return data;
  }

  async function expandSelected() {
    if (selected === null) { status("select a node to expand it"); return; }
    remember();
    const offset = graph.getNodeAttribute(selected, "nextOffset") || 0;
    try {
      await expandNode(selected, offset);
    } catch (error) { undoStack.pop(); status(error.message, true); return; }
    setSelection(selected, true);
    redraw();
    saveState();
  }

  function collapseSelected() {
    if (selected === null) return;
    const added = graph.getNodeAttribute(selected, "addedNeighbours") || [];
    remember();
    const keep = new Set([selected, ...pathNodes.keys()]);
    graph.forEachNode((node, attrs) => { if (node !== selected && attrs.addedNeighbours) keep.add(node); });
    let removed = 0;
    for (const node of added) {
      if (!keep.has(node) && graph.hasNode(node)) { graph.dropNode(node); removed += 1; }
    }
    graph.removeNodeAttribute(selected, "addedNeighbours");
    graph.removeNodeAttribute(selected, "nextOffset");
    recipe.ex = recipe.ex.filter(([node]) => node !== selected);
    recipe.hide.push(...added.filter((node) => !graph.hasNode(node)));
    status(`collapsed: ${removed} nodes removed`);
    setSelection(selected, true);
    redraw();
    saveState();
  }

  function hideSelected() {
    if (selected === null) { status("select a node to hide it"); return; }
    remember();
    const node = selected;
    const name = graph.getNodeAttribute(node, "label");
    graph.dropNode(node);
    recipe.hide.push(node);
    pathNodes.delete(node);
    setSelection(null);
    status(`hid ${name} (u to undo)`);
    redraw();
    saveState();
  }

  async function openNode(node) {
    remember();
    try {
      recipe = freshRecipe(node);
      await loadSeed(node);
    } catch (error) { undoStack.pop(); status(error.message, true); return; }
    setSelection(node);
    fit();
    redraw();
    saveState();
  }

  async function wholeGraph() {
    remember();
    recipe = freshRecipe("all");
    await loadSeed("all");
    setSelection(null);
    fit();
    redraw();
    saveState();
  }

  // -- selection and details -------------------------------------------------------------------------
  // The selection without drawing it, for a caller that redraws the view next; returns what it changed.
  function setSelection(node, keepHistory) {
    if (node !== null && !graph.hasNode(node)) node = null;
    if (node !== selected && selected !== null && !keepHistory) selectionHistory.push(selected);
    const edges = selected !== null && graph.hasNode(selected) ? graph.edges(selected) : [];
    const changed = new Set(highlighted);
    selected = node;
    highlighted = new Set(node === null ? [] : [node, ...graph.neighbors(node)]);
    for (const other of highlighted) changed.add(other);
    if (node !== null) edges.push(...graph.edges(node));
    document.body.dataset.selected = node === null ? "" : node;
    showDetails(node);
    saveState();
    return { nodes: [...changed].filter((other) => graph.hasNode(other)), edges: edges.filter((edge) => graph.hasEdge(edge)) };
  }

  function select(node, options) {
    const changed = setSelection(node, options && options.keepHistory);
    if (!renderer) return;
    if (detached || changedSinceRefresh) redraw();
    else renderer.refresh({ partialGraph: changed, skipIndexation: true });
  }

  function back() {
    while (selectionHistory.length) {
      const previous = selectionHistory.pop();
      if (graph.hasNode(previous)) { select(previous, { keepHistory: true }); focusNode(previous); return; }
    }
    status("no earlier selection");
  }

  function focusNode(node) {
    const shown = renderer.getNodeDisplayData(node);
    if (shown) renderer.getCamera().animate({ x: shown.x, y: shown.y, ratio: Math.min(renderer.getCamera().ratio, 0.5) }, { duration: 250 });
  }

  function nodeButton(node, text) {
    const button = element("button", text, { type: "button", class: "linkish", dir: "auto" });
    button.addEventListener("click", () => (graph.hasNode(node) ? (select(node), focusNode(node)) : openNode(node)));
    return button;
  }

  let detailsRequest = 0;
  async function showDetails(node) {
    $("details-empty").hidden = node !== null;
    $("details-body").hidden = node === null;
    if (node === null) return;
    const ticket = ++detailsRequest;
    let details;
    try { details = await query("/api/node", { id: node }); } catch (error) { status(error.message, true); return; }
    if (ticket !== detailsRequest) return;
    $("details-type").textContent = (info.nodeStyles[details.type] || { legend: details.type }).legend;
    $("details-heading").textContent = clean(details.heading);
    $("read").hidden = details.type !== "Review";
    const fields = $("details-fields");
    fields.replaceChildren();
    for (const [name, value] of details.fields) {
      const dd = element("dd", Array.isArray(value) ? null : value, { dir: "auto" });
      if (Array.isArray(value)) value.forEach((item, i) => dd.append(...(i ? [", "] : []), element("bdi", item)));
      fields.append(element("dt", name), dd);
    }
    const links = $("details-links");
    links.replaceChildren();
    for (const [text, url] of details.links) {
      if (!WEB_URL.test(url)) continue;
      const li = element("li");
      li.append(element("a", text, { href: url, target: "_blank", rel: "noopener noreferrer", dir: "auto" }));
      links.append(li);
    }
    $("details-evidence").hidden = !details.evidence;
    $("details-evidence").textContent = clean(details.evidence || "");
    const chain = $("details-chain");
    chain.replaceChildren();
    if (details.chain.length) {
      chain.append(element("h3", "Continuations"));
      const list = element("ul", null, { class: "chain" });
      for (const [relation, other, because] of details.chain) {
        const li = element("li");
        li.append(nodeButton(other, `${relation} ${details.names[other] || other}`));
        if (because) li.append(element("span", because, { class: "evidence", dir: "auto" }));
        list.append(li);
      }
      chain.append(list);
    }
    const related = $("details-related");
    related.replaceChildren();
    if (details.related.length) {
      related.append(element("h3", details.type === "Review" ? "Top concepts" : "Linked reviews"));
      const list = element("ul", null, { class: "related" });
      for (const other of details.related) {
        const li = element("li");
        li.append(nodeButton(other, details.names[other] || other));
        list.append(li);
      }
      related.append(list);
    }
  }

  // -- review reader -------------------------------------------------------------------------------------
  function highlightedText(text, sentences) {
    const box = $("reader-text");
    box.replaceChildren();
    const marks = [];
    for (const sentence of sentences) {
      const start = text.indexOf(sentence);
      if (sentence && start >= 0) marks.push([start, start + sentence.length]);
    }
    marks.sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [start, end] of marks) {
      if (start < at) continue;
      box.append(document.createTextNode(clean(text.slice(at, start))));
      box.append(element("mark", text.slice(start, end)));
      at = end;
    }
    box.append(document.createTextNode(clean(text.slice(at))));
  }

  async function openReader(node) {
    let review;
    try { review = await query("/api/review", { id: node }); } catch (error) { status(error.message, true); return; }
    $("reader").hidden = false;
    $("reader").dataset.review = review.id;
    $("reader-date").textContent = `${review.date || "?"} · source lines ${review.lines.filter(Boolean).join("–")}`;
    $("reader-title").textContent = clean(review.title || `Review ${review.id} (untitled)`);
    const links = $("reader-links");
    links.replaceChildren();
    for (const reference of review.references) {
      if (!WEB_URL.test(reference.url)) continue;
      const li = element("li", `${reference.kind}: `);
      li.append(element("a", reference.text, { href: reference.url, target: "_blank", rel: "noopener noreferrer" }));
      links.append(li);
    }
    const series = $("reader-series");
    series.replaceChildren();
    if (review.series) {
      series.append(element("h3", `Series: ${clean(review.series.name)} (${review.series.size} reviews)`));
      const list = element("ul", null, { class: "chain" });
      for (const member of review.series.reviews) {
        const li = element("li");
        li.append(nodeButton(`Review:${member}`, member === review.id ? `${member} (this review)` : member));
        list.append(li);
      }
      series.append(list);
    }
    const chain = $("reader-chain");
    chain.replaceChildren();
    for (const [heading, items] of [["Continues", review.continues], ["Continued by", review.continuedBy]]) {
      if (!items.length) continue;
      chain.append(element("h3", heading));
      const list = element("ul", null, { class: "chain" });
      for (const link of items) {
        const li = element("li");
        li.append(nodeButton(`Review:${link.review}`, `${link.date || link.review} ${link.title || ""}`));
        if (link.evidence) li.append(element("span", link.evidence, { class: "evidence", dir: "auto" }));
        list.append(li);
      }
      chain.append(list);
    }
    highlightedText(review.text, review.evidence.map((e) => e.sentence));
    const references = $("reader-references");
    references.replaceChildren();
    if (review.evidence.length) {
      references.append(element("h3", "Evidence sentences (highlighted above)"));
      const list = element("ul");
      for (const e of review.evidence) list.append(element("li", `${e.about}: ${e.sentence}`, { dir: "auto" }));
      references.append(list);
    }
  }

  // -- search --------------------------------------------------------------------------------------------
  let searchTimer = null;
  let searchTicket = 0;
  async function runSearch() {
    const text = $("search").value.trim();
    const ticket = ++searchTicket;
    if (!text) { results = []; showResults(); return; }
    let found;
    try { found = await query("/api/search", { q: text }); } catch (error) { status(error.message, true); return; }
    if (ticket !== searchTicket) return;
    results = found;
    resultIndex = results.length ? 0 : -1;
    showResults();
  }

  function showResults() {
    const list = $("results");
    list.replaceChildren();
    results.forEach((result, i) => {
      const li = element("li", null, { "data-id": result.id });
      li.append(element("bdi", result.name), " ", element("span", `${result.type}${result.date ? " · " + result.date : ""}`, { class: "type" }));
      if (i === resultIndex) li.classList.add("current");
      li.addEventListener("click", () => { resultIndex = i; openNode(result.id); showResults(); });
      list.append(li);
    });
    document.body.dataset.results = String(results.length);
  }

  function moveResult(step) {
    if (!results.length) return;
    resultIndex = (resultIndex + step + results.length) % results.length;
    showResults();
    openNode(results[resultIndex].id);
  }

  $("search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(runSearch, 150); });
  $("search").addEventListener("keydown", async (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(searchTimer);
      await runSearch();
      if (results.length) { $("search").blur(); openNode(results[Math.max(resultIndex, 0)].id); }
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!results.length) return;
      resultIndex = (resultIndex + (event.key === "ArrowDown" ? 1 : -1) + results.length) % results.length;
      showResults();
    } else if (event.key === "Escape") {
      event.stopPropagation();  // leaves the search, keeps the selection
      $("search").blur();
    }
  });

  // -- legend and dates ------------------------------------------------------------------------------------
  function buildLegend() {
    const legend = $("legend");
    legend.replaceChildren();
    for (const [type, style] of Object.entries(info.nodeStyles)) {
      const li = element("li");
      const label = element("label");
      const box = element("input", null, { type: "checkbox", "data-type": type });
      box.checked = !hiddenTypes.has(type);
      box.addEventListener("change", () => {
        if (box.checked) hiddenTypes.delete(type); else hiddenTypes.add(type);
        redraw();
        saveState();
      });
      const swatch = element("span", null, { class: "swatch" });
      swatch.style.background = style.color;
      label.append(box, swatch, element("span", style.legend));
      li.append(label);
      legend.append(li);
    }
  }

  const DAY = 86400000;
  let days = [];
  function setupDates() {
    if (!info.dateRange) { $("dates").hidden = true; return; }
    const first = Date.parse(info.dateRange[0]), last = Date.parse(info.dateRange[1]);
    days = [];
    for (let t = first; t <= last; t += DAY) days.push(new Date(t).toISOString().slice(0, 10));
    for (const id of ["since", "until"]) $(id).max = String(days.length - 1);
    setDates(dateWindow);
    const changed = () => {
      let since = Number($("since").value), until = Number($("until").value);
      if (since > until) [since, until] = [until, since];
      dateWindow = since === 0 && until === days.length - 1 ? null : [days[since], days[until]];
      showDateLabels();
      redraw();
      saveState();
    };
    $("since").addEventListener("input", changed);
    $("until").addEventListener("input", changed);
    $("play").addEventListener("click", play);
  }

  function setDates(window) {
    $("since").value = String(window ? Math.max(0, days.indexOf(window[0])) : 0);
    $("until").value = String(window ? Math.max(0, days.indexOf(window[1])) : days.length - 1);
    showDateLabels();
  }

  function showDateLabels() {
    $("since-label").textContent = days[Number($("since").value)] || "";
    $("until-label").textContent = days[Number($("until").value)] || "";
  }

  let playTimer = null;
  function play() {
    if (playTimer) { clearInterval(playTimer); playTimer = null; $("play").textContent = "Play"; return; }
    const since = Number($("since").value);
    let until = since;
    const step = Math.max(1, Math.round(days.length / 150));
    $("play").textContent = "Pause";
    playTimer = setInterval(() => {
      until = Math.min(days.length - 1, until + step);
      $("until").value = String(until);
      $("until").dispatchEvent(new Event("input"));
      if (until >= days.length - 1) play();
    }, 80);
  }

  // -- console -------------------------------------------------------------------------------------------------
  let namedQueries = [];
  async function setupConsole() {
    namedQueries = await query("/api/queries", {});
    for (const named of namedQueries) $("named").append(element("option", named.name, { value: named.name }));
    $("named").addEventListener("change", showNamedForm);
    $("run").addEventListener("click", () => runConsole());
    $("add-results").addEventListener("click", addConsoleResults);
  }

  function showNamedForm() {
    const form = $("named-form");
    form.replaceChildren();
    const named = namedQueries.find((q) => q.name === $("named").value);
    $("named-purpose").textContent = named ? named.purpose : "";
    $("cypher").disabled = Boolean(named);
    if (!named) return;
    for (const parameter of named.parameters) {
      const label = element("label", `${parameter.name}${parameter.required ? " *" : ""}`);
      const input = element("input", null, {
        name: parameter.name, dir: "auto", "data-type": parameter.type,
        placeholder: `${parameter.type}${parameter.default !== null ? " = " + parameter.default : ""}`, title: parameter.description,
      });
      if (parameter.required) input.required = true;
      label.append(input);
      form.append(label);
    }
  }

  function consoleRequest() {
    const named = $("named").value;
    if (!named) return { query: $("cypher").value };
    const params = {};
    for (const input of $("named-form").querySelectorAll("input")) if (input.value.trim()) params[input.name] = input.value.trim();
    return { name: named, params };
  }

  function cellText(value) {
    if (value === null || value === undefined) return "";
    if (typeof value !== "object") return String(value);
    if (Array.isArray(value)) return value.map(cellText).join(" → ");
    if (value._labels) return `(${value._labels.join(":")} ${value.name || value.title || value.id || value.url || ""})`;
    if (value._type) return `[${value._type}]`;
    return JSON.stringify(value);
  }

  async function runConsole(request) {
    request = request || consoleRequest();
    $("console-status").classList.remove("error");
    $("console-status").textContent = "running…";
    $("add-results").hidden = true;
    $("console-table").replaceChildren();
    let result;
    try { result = await api("/api/cypher", request); } catch (error) {
      $("console-status").textContent = error.message;
      $("console-status").classList.add("error");
      document.body.dataset.console = "error";
      return;
    }
    recipe.cy = request;
    lastConsole = result;
    const capped = result.shown < result.total;
    $("console-status").textContent = `${result.shown.toLocaleString("en")} of ${result.total.toLocaleString("en")} rows` +
      (capped ? ` (the row cap is ${info.limits.rows.toLocaleString("en")})` : "");
    const table = element("table");
    const head = element("tr");
    for (const column of result.columns) head.append(element("th", column));
    table.append(head);
    for (const row of result.rows) {
      const tr = element("tr");
      for (const cell of row) tr.append(element("td", cellText(cell), { dir: "auto", title: clean(cellText(cell)).slice(0, 300) }));
      table.append(tr);
    }
    $("console-table").append(table);
    if (result.graph.nodes.length) {
      $("add-results").hidden = false;
      $("add-results").textContent = `Add ${result.graph.nodes.length} nodes, ${result.graph.edges.length} links to the view`;
    }
    document.body.dataset.console = "done";
    saveState();
  }

  async function addConsoleResults() {
    if (!lastConsole) return;
    remember();
    const ids = lastConsole.graph.nodes.map((n) => n.id);
    const data = await api("/api/items", { ids, view: viewIds() });
    addItems(data);
    addItems(lastConsole.graph);
    recipe.add.push(...ids);
    status(`added ${ids.length} nodes from the query`);
    fit(ids);
    redraw();
    saveState();
  }

  // -- paths and plans --------------------------------------------------------------------------------------------
  function drawSteps(data, steps, listId) {
    addItems(data);
    pathNodes = new Map(steps.map((step, i) => [`Review:${step.review}`, i + 1]));
    const stepEdges = [];
    for (let i = 1; i < steps.length; i++) {
      const source = `Review:${steps[i - 1].review}`, target = `Review:${steps[i].review}`;
      stepEdges.push({ id: `step:${source}|${target}`, source, target, type: "STEP" });
    }
    addItems({ nodes: [], edges: stepEdges });
    const list = $(listId);
    list.replaceChildren();
    for (const step of steps) {
      const li = element("li", null, { "data-review": step.review });
      li.append(element("bdi", `${step.date || step.review} ${step.title || "(untitled)"}`));
      li.append(element("span", step.why, { class: "why", dir: "auto" }));
      li.addEventListener("click", () => { select(`Review:${step.review}`); focusNode(`Review:${step.review}`); });
      list.append(li);
    }
    fit([...pathNodes.keys()]);
    redraw();
  }

  async function showPath(start, goal) {
    $("path-status").classList.remove("error");
    $("path-status").textContent = "finding…";
    remember();
    let data;
    try { data = await query("/api/path", { from: start, to: goal }); } catch (error) {
      undoStack.pop();
      $("path-status").textContent = error.message;
      $("path-status").classList.add("error");
      return;
    }
    const best = data.paths[0];
    $("path-status").textContent = `${best.steps.length} reviews from ${clean(start)} to ${clean(goal)} (cost ${best.cost})`;
    recipe.path = [start, goal];
    drawSteps(data, best.steps, "path-steps");
    document.body.dataset.path = best.steps.map((s) => s.review).join(",");
    saveState();
  }

  async function showPlan(topic) {
    $("plan-status").classList.remove("error");
    $("plan-status").textContent = "planning…";
    remember();
    let data;
    try { data = await query("/api/plan", { topic }); } catch (error) {
      undoStack.pop();
      $("plan-status").textContent = error.message;
      $("plan-status").classList.add("error");
      return;
    }
    $("plan-status").textContent = `${data.steps.length} reviews for ${clean(data.topic)}`;
    recipe.plan = topic;
    drawSteps(data, data.steps, "plan-steps");
    saveState();
  }

  $("path-form").addEventListener("submit", (event) => {
    event.preventDefault();
    showPath($("path-from").value.trim(), $("path-to").value.trim());
  });
  $("plan-form").addEventListener("submit", (event) => { event.preventDefault(); showPlan($("plan-topic").value.trim()); });

  // -- export ----------------------------------------------------------------------------------------------------------
  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = element("a", null, { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function visibleNodes() {
    return graph.filterNodes((node, attrs) => visible(node, attrs));
  }

  function exportPng() {
    renderer.refresh();
    const { width, height } = renderer.getDimensions();
    const ratio = window.devicePixelRatio || 1;
    const canvas = element("canvas", null, { width: String(width * ratio), height: String(height * ratio) });
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    for (const layer of Object.values(renderer.getCanvases())) context.drawImage(layer, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => download(blob, "graphkb-view.png"), "image/png");
  }

  function exportSvg() {
    const SVG = "http://www.w3.org/2000/svg";
    const { width, height } = renderer.getDimensions();
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("xmlns", SVG);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    const background = document.createElementNS(SVG, "rect");
    for (const [k, v] of Object.entries({ width: "100%", height: "100%", fill: "#fff" })) background.setAttribute(k, v);
    svg.append(background);
    const point = (node) => renderer.graphToViewport(graph.getNodeAttributes(node));
    graph.forEachEdge((edge, attrs, source, target) => {
      if (!visible(source, graph.getNodeAttributes(source)) || !visible(target, graph.getNodeAttributes(target))) return;
      const a = point(source), b = point(target);
      const line = document.createElementNS(SVG, "line");
      const shown = edgeReducer(edge, { ...attrs });
      for (const [k, v] of Object.entries({ x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: shown.color, "stroke-width": shown.size || 1 })) {
        line.setAttribute(k, String(v));
      }
      svg.append(line);
    });
    graph.forEachNode((node, attrs) => {
      if (!visible(node, attrs)) return;
      const shown = nodeReducer(node, { ...attrs });
      const p = point(node);
      const circle = document.createElementNS(SVG, "circle");
      for (const [k, v] of Object.entries({ cx: p.x, cy: p.y, r: shown.size, fill: shown.color })) circle.setAttribute(k, String(v));
      svg.append(circle);
      if (shown.label) {
        const text = document.createElementNS(SVG, "text");
        for (const [k, v] of Object.entries({ x: p.x + shown.size + 2, y: p.y + 4, "font-size": "11", "font-family": "sans-serif" })) {
          text.setAttribute(k, String(v));
        }
        text.textContent = clean(shown.label);
        svg.append(text);
      }
    });
    download(new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml" }), "graphkb-view.svg");
  }

  async function exportFile(format) {
    const ids = visibleNodes();
    const positions = {};
    for (const node of ids) positions[node] = [graph.getNodeAttribute(node, "x"), graph.getNodeAttribute(node, "y")];
    try {
      const response = await api(`/api/export/${format}`, { ids, positions });
      download(await response.blob(), format === "html" ? "graphkb-view.html" : "graphkb-view.graphml");
    } catch (error) { status(error.message, true); }
  }

  // -- permalinks ------------------------------------------------------------------------------------------------------
  let restoring = false;
  let saveTimer = null;
  function saveState() {
    if (restoring || !renderer) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const camera = renderer.getCamera().getState();
      const state = {
        ...recipe,
        types: [...hiddenTypes],
        dates: dateWindow,
        sel: selected,
        q: $("search").value.trim() || null,
        cam: [camera.x, camera.y, camera.ratio].map((v) => Math.round(v * 10000) / 10000),
      };
      for (const key of Object.keys(state)) {
        const value = state[key];
        if (value === null || value === undefined || (Array.isArray(value) && !value.length)) delete state[key];
      }
      history.replaceState(null, "", `#${encodeURIComponent(JSON.stringify(state))}`);
      document.body.dataset.saved = String(Date.now());
    }, 200);
  }

  async function restore(state) {
    restoring = true;
    try {
      recipe = { ...freshRecipe(typeof state.seed === "string" ? state.seed : "all"), ...state };
      for (const key of ["ex", "add", "hide"]) if (!Array.isArray(recipe[key])) recipe[key] = [];
      await loadSeed(recipe.seed, state.limit);
      for (const [node, offset] of recipe.ex) await expandNode(node, offset, false);
      if (recipe.add.length) addItems(await api("/api/items", { ids: recipe.add, view: viewIds() }));
      for (const node of recipe.hide) if (graph.hasNode(node)) graph.dropNode(node);
      if (Array.isArray(recipe.path)) {
        $("path-from").value = recipe.path[0]; $("path-to").value = recipe.path[1];
        await showPath(recipe.path[0], recipe.path[1]);
        undoStack.pop();
      }
      if (typeof recipe.plan === "string") { $("plan-topic").value = recipe.plan; await showPlan(recipe.plan); undoStack.pop(); }
      if (recipe.cy) {
        if (recipe.cy.name) { $("named").value = recipe.cy.name; showNamedForm(); } else $("cypher").value = recipe.cy.query || "";
        await runConsole(recipe.cy);
      }
      for (const type of state.types || []) hiddenTypes.add(type);
      dateWindow = Array.isArray(state.dates) ? state.dates : null;
      if (typeof state.q === "string") { $("search").value = state.q; await runSearch(); }
      for (const key of ["types", "dates", "sel", "cam", "limit", "q"]) delete recipe[key];
      if (state.limit) recipe.limit = state.limit;
    } catch (error) {
      status(`could not restore the whole view: ${error.message}`, true);
    } finally {
      restoring = false;
    }
    return state;
  }

  // -- tabs and keyboard --------------------------------------------------------------------------------------------------
  for (const tab of document.querySelectorAll("#tabs button")) {
    tab.addEventListener("click", () => {
      for (const other of document.querySelectorAll("#tabs button")) {
        other.setAttribute("aria-selected", String(other === tab));
        $(other.dataset.panel).hidden = other !== tab;
      }
    });
  }

  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (typing || event.altKey || event.metaKey) return;
    if (event.ctrlKey) {
      if (event.key === "z") { event.preventDefault(); undo(); }
      return;
    }
    const actions = {
      "/": () => { $("search").focus(); $("search").select(); },
      n: () => moveResult(1),
      p: () => moveResult(-1),
      e: expandSelected,
      c: collapseSelected,
      h: hideSelected,
      u: undo,
      b: back,
      Backspace: back,
      Escape: () => { select(null); $("reader").hidden = true; },
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });

  $("undo").addEventListener("click", undo);
  $("back").addEventListener("click", back);
  $("whole").addEventListener("click", wholeGraph);
  $("expand").addEventListener("click", expandSelected);
  $("collapse").addEventListener("click", collapseSelected);
  $("hide").addEventListener("click", hideSelected);
  $("read").addEventListener("click", () => selected && openReader(selected));
  $("close-reader").addEventListener("click", () => { $("reader").hidden = true; });
  $("export-png").addEventListener("click", exportPng);
  $("export-svg").addEventListener("click", exportSvg);
  $("export-html").addEventListener("click", () => exportFile("html"));
  $("export-graphml").addEventListener("click", () => exportFile("graphml"));
  $("permalink").addEventListener("click", async () => {
    saveState();
    try { await navigator.clipboard.writeText(location.href); status("link copied"); } catch { status("the link is in the address bar"); }
  });

  // -- start ------------------------------------------------------------------------------------------------------------
  async function start() {
    const state = boot.state;
    info = await booted("info");
    $("store").textContent = clean(info.store);
    buildLegend();
    renderer = new Sigma(graph, $("graph"), {
      nodeReducer, edgeReducer, zIndex: true, labelRenderedSizeThreshold: 7, labelDensity: 0.6,
      hideEdgesOnMove: info.edges > BIG_STORE_LINKS, defaultEdgeType: "line", zoomToSizeRatioFunction: () => 1,
      nodeProgramClasses: { circle: Sigma.rendering.NodePointProgram },
      edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram },
    });
    setBBox();
    renderer.on("clickNode", ({ node }) => select(node));
    renderer.on("doubleClickNode", (event) => { event.preventSigmaDefault(); select(event.node); expandSelected(); });
    renderer.on("clickStage", () => select(null));
    renderer.getCamera().on("updated", saveState);
    setupConsole().catch((error) => status(error.message, true));
    if (state) {
      await restore(state);
      setupDates();
      buildLegend();
      if (state.sel && graph.hasNode(state.sel)) setSelection(state.sel, true);
      if (Array.isArray(state.cam) && state.cam.length === 3) {
        renderer.getCamera().setState({ x: state.cam[0], y: state.cam[1], ratio: state.cam[2], angle: 0 });
      } else fit();
    } else {
      await loadSeed("all");
      setupDates();
      fit();
    }
    redraw();
    saveState();
    window.graphkb = { graph, renderer, select, expandSelected, undo, openNode, fit, get selected() { return selected; } };
    document.body.dataset.ready = "true";
  }

  start().catch((error) => {
    status(`the page could not start: ${error.message}`, true);
    document.body.dataset.ready = "error";
  });
})();
